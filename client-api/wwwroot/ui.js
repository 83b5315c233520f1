"use strict";

/** Builds an element: h("button", { class: "secondary", on: { click }, "aria-label": "…" }, "Save"). */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "on") for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "hidden") el.hidden = true;
    else if (key === "value" || key === "checked" || key === "disabled" || key === "selected") el[key] = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  el.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

marked.setOptions({ gfm: true, breaks: true });

/** Markdown rendered and sanitized (model output is untrusted), with a copy button on every code block and links opening outside. */
function markdown(text) {
  const body = h("div", { class: "markdown" });
  body.innerHTML = DOMPurify.sanitize(marked.parse(text || ""), { USE_PROFILES: { html: true } });
  for (const a of body.querySelectorAll("a[href]")) {
    if (!a.getAttribute("href").startsWith("#")) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
  }
  for (const pre of body.querySelectorAll("pre")) {
    const copy = h("button", { type: "button", class: "ghost copy", "aria-label": "Copy the code", text: "Copy" });
    copy.onclick = async () => {
      try { await navigator.clipboard.writeText(pre.querySelector("code")?.textContent ?? pre.textContent); copy.textContent = "Copied"; }
      catch { copy.textContent = "Select and copy"; }
      setTimeout(() => (copy.textContent = "Copy"), 1500);
    };
    pre.prepend(copy);
  }
  return body;
}

function formatWhen(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function formatMs(ms) {
  if (ms === null || ms === undefined) return "";
  return ms < 1000 ? `${Math.round(ms)} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function formatNumber(n) { return (n ?? 0).toLocaleString(); }

function formatCents(cents) { return `$${((cents ?? 0) / 100).toFixed(2)}`; }

function errorText(err) { return String(err?.message || err).replace(/^.*HubException: /, ""); }

/** A status line a tab says things on; errors in the error colour. */
function statusLine() {
  const p = h("p", { class: "status", role: "status" });
  p.say = (text, isError = false) => { p.textContent = text; p.classList.toggle("error", isError); };
  return p;
}
