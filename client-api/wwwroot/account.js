"use strict";

/** The signed-in person's own corner: who they are, what they used against their quotas, and their password. */
const account = (() => {
  const dialog = $("account-dialog");
  const say = statusLine();
  const usage = h("div", { class: "table-wrap" });
  const current = h("input", { id: "account-current", type: "password", autocomplete: "current-password", required: true });
  const next = h("input", { id: "account-new", type: "password", autocomplete: "new-password", minlength: "12", required: true });
  const again = h("input", { id: "account-new-again", type: "password", autocomplete: "new-password", required: true });
  const who = h("p", { class: "muted" });
  const names = { tokensPerDay: "Tokens today", tokensPerMonth: "Tokens this month", toolCallsPerDay: "Tool calls today", chunksPerMonth: "Chunks embedded this month" };

  dialog.append(h("div", { class: "account" },
    h("div", { class: "page-heading" }, h("h2", {}, "Your account"), h("button", { type: "button", class: "ghost", "aria-label": "Close", on: { click: () => dialog.close() } }, "✕")),
    who,
    h("h3", {}, "Your usage"),
    usage,
    h("form", { class: "account-password", on: { submit: changePassword } },
      h("h3", {}, "Change your password"),
      h("label", {}, "Current password", current),
      h("label", {}, "New password (12 characters or more)", next),
      h("label", {}, "Repeat the new password", again),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Change password"))),
    say));

  $("whoami").addEventListener("click", open);

  async function open() {
    const me = session.me;
    who.textContent = `${me.displayName || me.username} (${me.username}) · ${me.role} in ${me.tenant}${me.email ? ` · ${me.email}` : ""}`;
    say.say("");
    dialog.showModal();
    try {
      const mine = await api("/api/me/usage");
      const rows = Object.entries(mine.usage || {});
      usage.replaceChildren(rows.length ? h("table", { class: "table" },
        h("thead", {}, h("tr", {}, h("th", {}, "What"), h("th", { class: "num" }, "Used"), h("th", { class: "num" }, "Limit"), h("th", {}, "Resets"))),
        h("tbody", {}, rows.map(([name, line]) => h("tr", {},
          h("td", {}, names[name] || name), h("td", { class: "num" }, formatNumber(line.used)),
          h("td", { class: "num" }, line.limit === null || line.limit === undefined ? "no limit" : formatNumber(line.limit)),
          h("td", {}, line.resetsAt ? new Date(line.resetsAt).toLocaleDateString(undefined, { dateStyle: "medium" }) : "")))))
        : h("p", { class: "empty" }, "Nothing used yet."));
    } catch (err) { if (!(err instanceof SessionEnded)) say.say(errorText(err), true); }
  }

  async function changePassword(e) {
    e.preventDefault();
    if (next.value !== again.value) { say.say("The two new passwords differ.", true); return; }
    try {
      await api("/api/me/password", { method: "POST", body: JSON.stringify({ current: current.value, new: next.value }) });
      // The change ended every other session and gave this one a new cookie, bound to a new antiforgery token.
      await fetchAntiforgery();
      e.target.reset();
      say.say("Your password is changed; your other sessions are signed out.");
    } catch (err) { if (!(err instanceof SessionEnded)) say.say(errorText(err), true); }
  }

  return { close: () => dialog.open && dialog.close() };
})();
