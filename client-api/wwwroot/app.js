"use strict";

document.documentElement.dataset.theme = localStorage.getItem("sophia.theme") || "dark";
$("theme").onclick = () => {
  const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
  document.documentElement.dataset.theme = next;
  localStorage.setItem("sophia.theme", next);
};

$("logout").onclick = () => signOut();

session.onSignedOut = () => { account.close(); Tabs.signedOut(); };

session.onSignedIn = async (me) => {
  $("whoami").textContent = `${me.displayName || me.username} · ${me.role}`;
  $("whoami").title = `${me.username} in ${me.tenant}: your account, usage and password`;
  await Tabs.build(me);
};

boot();
