"use strict";

/** The dashboard's tabs: each registers itself; the shell shows the ones the signed-in person may use, chosen by URL hash. */
const Tabs = (() => {
  const registered = [];
  let shown = [];
  let current = null;

  function register(tab) { registered.push({ ...tab, mounted: false }); }

  function build(me) {
    shown = registered.filter((t) => !t.visible || t.visible(me));
    $("tabs").replaceChildren(...shown.map((t) => h("button", {
      id: `tab-${t.id}`, role: "tab", type: "button", "aria-controls": `panel-${t.id}`, "aria-selected": "false", tabindex: "-1",
      on: { click: () => go(t.id) }, text: t.label,
    })));
    $("panels").replaceChildren(...shown.map((t) => {
      t.mounted = false;
      return h("section", { id: `panel-${t.id}`, class: `panel panel-${t.id}`, role: "tabpanel", "aria-labelledby": `tab-${t.id}`, hidden: true });
    }));
    current = null;
    return select(idFromHash());
  }

  function idFromHash() { return location.hash.replace(/^#/, "").split("/")[0]; }

  /** Selecting by hash keeps each tab at its own URL; the hashchange handler does the work. */
  function go(id) {
    if (`#${id}` === location.hash) return select(id);
    location.hash = id;
  }

  async function select(id, focus = false) {
    const tab = shown.find((t) => t.id === id) || shown[0];
    if (!tab) return;
    if (current !== tab) {
      for (const t of shown) {
        const button = $(`tab-${t.id}`);
        button.setAttribute("aria-selected", String(t === tab));
        button.tabIndex = t === tab ? 0 : -1;
        $(`panel-${t.id}`).hidden = t !== tab;
      }
      current = tab;
      document.title = `${tab.label} · Sophia`;
    }
    if (focus) $(`tab-${tab.id}`).focus();
    const panel = $(`panel-${tab.id}`);
    try {
      if (!tab.mounted) { tab.mounted = true; await tab.mount?.(panel, session.me); }
      await tab.show?.(session.me);
    } catch (err) { if (!(err instanceof SessionEnded)) console.error(err); }
  }

  function signedOut() {
    for (const t of registered) { try { t.signedOut?.(); } catch { /* the next sign-in rebuilds every tab */ } t.mounted = false; }
    shown = [];
    current = null;
    $("tabs").replaceChildren();
    $("panels").replaceChildren();
  }

  // Arrow keys, Home and End move between tabs, as the ARIA tabs pattern has it.
  $("tabs").addEventListener("keydown", (e) => {
    const index = shown.indexOf(current);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: shown.length - 1 }[e.key];
    if (next === undefined || !shown.length) return;
    e.preventDefault();
    const tab = shown[(next + shown.length) % shown.length];
    go(tab.id);
    $(`tab-${tab.id}`).focus();
  });

  window.addEventListener("hashchange", () => { if (session.me) select(idFromHash()); });

  return { register, build, signedOut, go, get current() { return current?.id; } };
})();
