"use strict";

const roles = ["owner", "admin", "member", "viewer"];

function canManageUsers(me) { return me?.permissions?.includes("ManageUsers") ?? false; }

function setAdminStatus(text, isError = false) {
  $("admin-status").textContent = text;
  $("admin-status").classList.toggle("error", isError);
}

async function loadUsers() {
  try {
    const users = await api("/api/users");
    users.sort((a, b) => a.username.localeCompare(b.username));
    $("users").replaceChildren(...users.map(userItem));
  } catch (err) { if (!(err instanceof SessionEnded)) setAdminStatus(err.message, true); }
}

function userItem(user) {
  const li = document.createElement("li");
  li.dataset.username = user.username;
  li.classList.toggle("disabled", user.disabled);

  const who = document.createElement("div");
  who.className = "who";
  const name = document.createElement("strong");
  name.textContent = user.displayName || user.username;
  const detail = document.createElement("span");
  detail.className = "muted";
  detail.textContent = [user.username, user.email].filter(Boolean).join(" · ");
  const state = document.createElement("span");
  state.className = "state";
  state.textContent = user.disabled ? "disabled" : "active";
  who.append(name, detail, state);

  const controls = document.createElement("div");
  controls.className = "controls";
  const role = document.createElement("select");
  role.className = "role";
  role.setAttribute("aria-label", `Role of ${user.username}`);
  role.append(...roles.map((r) => new Option(r, r, false, r === user.role)));
  role.onchange = () => change(user, { role: role.value }, `${user.username} is now ${role.value}.`);

  const toggle = button(user.disabled ? "Enable" : "Disable", `${user.disabled ? "Enable" : "Disable"} ${user.username}`, () =>
    change(user, { disabled: !user.disabled }, `${user.username} is ${user.disabled ? "enabled" : "disabled"}.`));
  const reset = button("Reset password", `Reset the password of ${user.username}`, () => resetPassword(user));
  controls.append(role, toggle, reset);
  li.append(who, controls);
  return li;
}

function button(text, label, onclick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "secondary";
  b.textContent = text;
  b.setAttribute("aria-label", label);
  b.onclick = onclick;
  return b;
}

async function change(user, patch, done) {
  try {
    await api(`/api/users/${encodeURIComponent(user.username)}`, { method: "PATCH", body: JSON.stringify(patch) });
    setAdminStatus(done);
  } catch (err) { if (!(err instanceof SessionEnded)) setAdminStatus(err.message, true); }
  if (session.me) await loadUsers();
}

async function resetPassword(user) {
  const password = prompt(`Temporary password for ${user.username}; they choose their own at their next sign-in:`);
  if (!password) return;
  try {
    await api(`/api/users/${encodeURIComponent(user.username)}/password`, { method: "POST", body: JSON.stringify({ password }) });
    setAdminStatus(`${user.username} must choose a new password at their next sign-in.`);
  } catch (err) { if (!(err instanceof SessionEnded)) setAdminStatus(err.message, true); }
}

function newUserFields() {
  return {
    username: $("add-username").value.trim() || null,
    email: $("add-email").value.trim() || null,
    role: $("add-role").value,
  };
}


function mountAdmin(panel) {
  panel.append($("admin-template").content.cloneNode(true));
  $("users-refresh").onclick = () => loadUsers();

  $("add-user").onsubmit = async (e) => {
  e.preventDefault();
  const fields = newUserFields();
  const password = $("add-password").value;
  if (!fields.username || !password) {
    setAdminStatus("A new user needs a username and a password; to let them choose the password, invite them.", true);
    return;
  }
  $("invitation").hidden = true;
  try {
    await api("/api/users", { method: "POST", body: JSON.stringify({ ...fields, password }) });
    setAdminStatus(`Added ${fields.username}.`);
    $("add-user").reset();
    await loadUsers();
  } catch (err) { if (!(err instanceof SessionEnded)) setAdminStatus(err.message, true); }
};

  $("invite-submit").onclick = async () => {
  try {
    const body = await api("/api/invitations", { method: "POST", body: JSON.stringify(newUserFields()) });
    $("invitation-url").value = new URL(body.invitation.url, location.origin).href;
    $("invitation").hidden = false;
    setAdminStatus(`Invitation ready${body.username ? ` for ${body.username}` : ""}: send the link.`);
    $("add-username").value = $("add-email").value = $("add-password").value = "";
  } catch (err) { if (!(err instanceof SessionEnded)) setAdminStatus(err.message, true); }
};

  $("copy-invitation").onclick = async () => {
  const field = $("invitation-url");
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    // Outside a secure context the clipboard API is missing: select the link for the user to copy.
    field.select();
    document.execCommand("copy");
  }
  setAdminStatus("Link copied.");
};
}

Tabs.register({ id: "admin", label: "Admin", visible: canManageUsers, mount: mountAdmin, show: () => loadUsers() });
