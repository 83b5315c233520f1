"use strict";

// Admin, for the tenant's admins and owners: people and invitations, API keys, quotas and the audit log, a card each.
(() => {
  const roles = ["owner", "admin", "member", "viewer"];
  const quotas = [["tokensPerDay", "Tokens a day"], ["tokensPerMonth", "Tokens a month"], ["toolCallsPerDay", "Tool calls a day"], ["chunksPerMonth", "Chunks a month"]];
  const say = {};
  let auditNext = null;

  const field = (label, props) => h("label", {}, label, h(props.tag || "input", { autocomplete: "off", ...props, tag: null }));
  const button = (text, label, onclick, cls = "secondary") => h("button", { type: "button", class: cls, "aria-label": label, on: { click: onclick }, text });
  const table = (id, heads) => h("div", { class: "table-wrap" }, h("table", { class: "table" },
    h("thead", {}, h("tr", {}, heads.map((t) => h("th", { class: t.endsWith(" ") ? "num" : null, text: t.trim() })))), h("tbody", { id })));
  const row = (...cells) => h("tr", {}, cells.map((c) => (c instanceof Node && c.tagName === "TD" ? c : h("td", {}, c ?? ""))));

  /** Runs a change, says how it went on the card's status line, then reloads what it touched. */
  async function act(card, work, done, reload) {
    try { const body = await work(); say[card].say(typeof done === "function" ? done(body) : done); }
    catch (err) { if (!(err instanceof SessionEnded)) say[card].say(errorText(err), true); }
    if (session.me) await reload?.();
  }

  function mount(panel) {
    for (const card of ["people", "keys", "quotas", "audit"]) say[card] = statusLine();
    say.people.id = "admin-status";
    const roleSelect = h("select", { id: "add-role" }, ["member", "viewer", "admin", "owner"].map((r) => new Option(r, r)));
    panel.append(h("div", { class: "page admin" },
      h("div", { class: "page-heading" }, h("h2", { text: "Admin" })),
      h("section", { class: "card wide", "aria-labelledby": "admin-heading" },
        h("div", { class: "admin-heading" }, h("h3", { id: "admin-heading", text: "People" }), h("button", { id: "users-refresh", type: "button", class: "secondary", on: { click: () => loadUsers() }, text: "Refresh" })),
        h("ul", { id: "users", class: "admin-users" }),
        h("form", { id: "add-user", class: "admin-add", on: { submit: addUser } },
          h("h3", { text: "Add someone" }),
          h("div", { class: "row" }, field("Username", { id: "add-username" }), field("Email", { id: "add-email", type: "email" }),
            h("label", {}, "Role", roleSelect), field("Password", { id: "add-password", type: "password", autocomplete: "new-password", "aria-describedby": "add-password-hint" })),
          h("small", { id: "add-password-hint", class: "hint", text: "With a password they can sign in at once; an invitation lets them choose their own." }),
          h("div", { class: "actions" }, h("button", { id: "add-submit", type: "submit", text: "Add with password" }),
            h("button", { id: "invite-submit", type: "button", class: "secondary", on: { click: invite }, text: "Invite" })),
          h("div", { id: "invitation", class: "admin-secret", hidden: true },
            field("Invitation link (send it to them; it works once)", { id: "invitation-url", readonly: true }),
            h("button", { id: "copy-invitation", type: "button", class: "secondary", on: { click: () => copy("invitation-url", "people", "Link copied.") }, text: "Copy link" }))),
        say.people),
      h("div", { class: "panel-grid" },
        h("section", { class: "card wide", "aria-labelledby": "keys-heading" },
          h("h3", { id: "keys-heading", text: "Your API keys" }),
          h("p", { class: "hint", text: "For OpenAI-compatible clients and scripts; a key acts as you." }),
          h("form", { id: "key-form", class: "actions", on: { submit: createKey } },
            h("label", { class: "admin-grow" }, "Name", h("input", { id: "key-name", autocomplete: "off", placeholder: "e.g. reporting script" })),
            h("button", { id: "key-create", type: "submit", text: "Create key" })),
          h("div", { id: "key-created", class: "admin-secret", hidden: true },
            field("The key, shown only now: copy it", { id: "key-secret", readonly: true }),
            h("button", { id: "copy-key", type: "button", class: "secondary", on: { click: () => copy("key-secret", "keys", "Key copied.") }, text: "Copy key" })),
          table("keys", ["Name", "Id", "Created", ""]), say.keys),
        h("section", { class: "card wide", "aria-labelledby": "quotas-heading" },
          h("h3", { id: "quotas-heading", text: "Quotas" }),
          quotaForm("quota-tenant", "The company's limits (empty: no limit)", null, "Save company limits"),
          quotaForm("quota-user", "One person's own limits (empty: the company's apply)",
            h("label", {}, "Person", h("select", { id: "quota-user-name", on: { change: fillUserQuota } })), "Save their limits"),
          say.quotas)),
      h("section", { class: "card wide", "aria-labelledby": "usage-heading" },
        h("h3", { id: "usage-heading", text: "Usage this period" }), table("usage", ["Person", ...quotas.map(([, label]) => `${label} `)])),
      h("section", { class: "card wide", "aria-labelledby": "audit-heading" },
        h("h3", { id: "audit-heading", text: "Audit log" }),
        h("form", { id: "audit-filter", class: "actions", on: { submit: (e) => { e.preventDefault(); loadAudit(); } } },
          h("label", { class: "admin-grow" }, "Who", h("input", { id: "audit-actor", autocomplete: "off", placeholder: "username" })),
          h("label", { class: "admin-grow" }, "Action", h("input", { id: "audit-action", autocomplete: "off", placeholder: "e.g. user, api_key.created" })),
          h("button", { id: "audit-refresh", type: "submit", class: "secondary", text: "Show" })),
        table("audit", ["When", "Who", "Action", "Target", "Outcome", "Detail"]),
        h("div", { class: "actions" }, h("button", { id: "audit-more", type: "button", class: "secondary", hidden: true, on: { click: () => loadAudit(true) }, text: "Older entries" })),
        say.audit)));
  }

  function quotaForm(id, legend, extra, submit) {
    return h("form", { id, class: "admin-quota", on: { submit: (e) => { e.preventDefault(); saveQuota(id); } } },
      h("h4", { text: legend }), extra,
      h("div", { class: "row" }, quotas.map(([name, label]) => field(label, { id: `${id}-${name}`, type: "number", min: 0, step: 1, inputmode: "numeric" }))),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary", text: submit })));
  }

  async function show() {
    await Promise.all([loadUsers(), loadKeys(), loadUsage(), loadAudit()]);
  }

  let users = [];
  async function loadUsers() {
    try {
      users = (await api("/api/users")).sort((a, b) => a.username.localeCompare(b.username));
      $("users").replaceChildren(...users.map(userItem));
      const chosen = $("quota-user-name").value;
      $("quota-user-name").replaceChildren(...users.map((u) => new Option(u.username, u.username, false, u.username === chosen)));
    } catch (err) { if (!(err instanceof SessionEnded)) say.people.say(errorText(err), true); }
  }

  function userItem(user) {
    const change = (patch, done) => act("people", () => api(`/api/users/${encodeURIComponent(user.username)}`, { method: "PATCH", body: JSON.stringify(patch) }),
      done, () => Promise.all([loadUsers(), loadAudit()]));
    const role = h("select", { class: "role", "aria-label": `Role of ${user.username}`, on: { change: () => change({ role: role.value }, `${user.username} is now ${role.value}.`) } },
      roles.map((r) => new Option(r, r, false, r === user.role)));
    const verb = user.disabled ? "Enable" : "Disable";
    return h("li", { dataset: { username: user.username }, class: user.disabled ? "disabled" : null },
      h("div", { class: "who" }, h("strong", { text: user.displayName || user.username }),
        h("span", { class: "muted", text: [user.username, user.email].filter(Boolean).join(" · ") }),
        h("span", { class: `badge state ${user.disabled ? "bad" : "ok"}`, text: user.disabled ? "disabled" : "active" })),
      h("div", { class: "controls" }, role,
        button(verb, `${verb} ${user.username}`, () => change({ disabled: !user.disabled }, `${user.username} is ${user.disabled ? "enabled" : "disabled"}.`)),
        button("Reset password", `Reset the password of ${user.username}`, () => resetPassword(user))));
  }

  function resetPassword(user) {
    const password = prompt(`Temporary password for ${user.username}; they choose their own at their next sign-in:`);
    if (!password) return;
    act("people", () => api(`/api/users/${encodeURIComponent(user.username)}/password`, { method: "POST", body: JSON.stringify({ password }) }),
      `${user.username} must choose a new password at their next sign-in.`, loadAudit);
  }

  const newUser = () => ({ username: $("add-username").value.trim() || null, email: $("add-email").value.trim() || null, role: $("add-role").value });

  function addUser(e) {
    e.preventDefault();
    const fields = newUser();
    const password = $("add-password").value;
    if (!fields.username || !password) { say.people.say("A new user needs a username and a password; to let them choose the password, invite them.", true); return; }
    $("invitation").hidden = true;
    act("people", async () => { await api("/api/users", { method: "POST", body: JSON.stringify({ ...fields, password }) }); $("add-user").reset(); },
      `Added ${fields.username}.`, () => Promise.all([loadUsers(), loadUsage(), loadAudit()]));
  }

  function invite() {
    act("people", async () => {
      const body = await api("/api/invitations", { method: "POST", body: JSON.stringify(newUser()) });
      $("invitation-url").value = new URL(body.invitation.url, location.origin).href;
      $("invitation").hidden = false;
      $("add-username").value = $("add-email").value = $("add-password").value = "";
      return body;
    }, (body) => `Invitation ready${body.username ? ` for ${body.username}` : ""}: send the link.`, loadAudit);
  }

  async function copy(id, card, done) {
    try { await navigator.clipboard.writeText($(id).value); }
    catch { $(id).select(); document.execCommand("copy"); } // Outside a secure context there is no clipboard API.
    say[card].say(done);
  }

  async function loadKeys() {
    try {
      const keys = await api("/api/keys");
      $("keys").replaceChildren(...(keys.length ? keys.map((k) => h("tr", { dataset: { id: k.id } },
        h("td", { text: k.name }), h("td", {}, h("code", { text: k.id })), h("td", { text: formatWhen(k.createdAt) }),
        h("td", {}, button("Revoke", `Revoke key ${k.name}`, () => act("keys", () => api(`/api/keys/${encodeURIComponent(k.id)}`, { method: "DELETE" }),
          `Revoked ${k.name}; clients using it are refused from now on.`, () => { $("key-created").hidden = true; return Promise.all([loadKeys(), loadAudit()]); }), "danger small"))))
        : [row(h("td", { colspan: 4, class: "empty", text: "No keys." }))]));
    } catch (err) { if (!(err instanceof SessionEnded)) say.keys.say(errorText(err), true); }
  }

  function createKey(e) {
    e.preventDefault();
    act("keys", async () => {
      const created = await api("/api/keys", { method: "POST", body: JSON.stringify({ name: $("key-name").value.trim() }) });
      $("key-secret").value = created.key;
      $("key-created").hidden = false;
      $("key-name").value = "";
      return created;
    }, (created) => `Created ${created.name}. Copy the key now: Sophia keeps only its hash and cannot show it again.`, () => Promise.all([loadKeys(), loadAudit()]));
  }

  let usage = null;
  async function loadUsage() {
    try {
      usage = await api("/api/usage");
      const cell = (line) => h("td", { class: "num", text: line ? `${formatNumber(line.used)} / ${line.limit === null ? "∞" : formatNumber(line.limit)}` : "" });
      $("usage").replaceChildren(row(h("td", {}, h("strong", { text: "Company" })), ...quotas.map(([n]) => cell(usage.tenant.usage[n]))),
        ...usage.users.map((u) => row(u.user, ...quotas.map(([n]) => cell(u.usage[n])))));
      for (const [n] of quotas) $(`quota-tenant-${n}`).value = usage.tenant.limits[n] ?? "";
      fillUserQuota();
    } catch (err) { if (!(err instanceof SessionEnded)) say.quotas.say(errorText(err), true); }
  }

  function fillUserQuota() {
    const overrides = usage?.users.find((u) => u.user === $("quota-user-name").value)?.overrides ?? {};
    for (const [n] of quotas) $(`quota-user-${n}`).value = overrides[n] ?? "";
  }

  function saveQuota(id) {
    const limits = Object.fromEntries(quotas.map(([n]) => [n, $(`${id}-${n}`).value === "" ? null : Number($(`${id}-${n}`).value)]));
    const user = $("quota-user-name").value;
    const path = id === "quota-tenant" ? "/api/tenant/quota" : `/api/users/${encodeURIComponent(user)}/quota`;
    act("quotas", () => api(path, { method: "PUT", body: JSON.stringify(limits) }),
      id === "quota-tenant" ? "Company limits saved." : `Limits of ${user} saved.`, () => Promise.all([loadUsage(), loadAudit()]));
  }

  async function loadAudit(more = false) {
    const query = new URLSearchParams({ limit: "50" });
    if ($("audit-actor").value.trim()) query.set("actor", $("audit-actor").value.trim());
    if ($("audit-action").value.trim()) query.set("action", $("audit-action").value.trim());
    try {
      const page = await api(more && auditNext ? auditNext : `/api/audit?${query}`);
      auditNext = page.next;
      $("audit-more").hidden = !auditNext;
      const rows = page.entries.map((e) => h("tr", { dataset: { action: e.action } },
        h("td", { text: formatWhen(e.at) }), h("td", { text: e.actor }), h("td", {}, h("code", { text: e.action })), h("td", { text: e.target ?? "" }),
        h("td", {}, h("span", { class: `badge ${e.outcome === "succeeded" ? "ok" : "bad"}`, text: e.outcome })),
        h("td", { class: "admin-detail", text: detailText(e.detail) })));
      if (more) $("audit").append(...rows);
      else $("audit").replaceChildren(...(rows.length ? rows : [row(h("td", { colspan: 6, class: "empty", text: "Nothing recorded that matches." }))]));
    } catch (err) { if (!(err instanceof SessionEnded)) say.audit.say(errorText(err), true); }
  }

  const detailText = (detail) => (detail && typeof detail === "object"
    ? Object.entries(detail).map(([k, v]) => `${k}: ${v !== null && typeof v === "object" ? JSON.stringify(v) : v}`).join(", ")
    : detail ?? "");

  Tabs.register({
    id: "admin", label: "Admin", visible: (me) => me.permissions.includes("ManageUsers"), mount, show,
    signedOut: () => { users = []; usage = null; auditNext = null; },
  });
})();
