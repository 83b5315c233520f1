"use strict";

// One passage as the memory search hands it to the model: "[n] Name (type, modified 2026-01-31, URL), passage 2: text".
const passagePattern = /^\[(\d+)\] ([\s\S]*?)(?: \(([^()]*), modified (\d{4}-\d{2}-\d{2}), (\S+)\))?, (fact|passage \d+): ([\s\S]*)$/;

/** Keeps the passages a memory search returned in this turn, so the answer's [n] can point at them. */
function readPassages(turn, text) {
  // The search's closing line tells the model how to cite; it is not part of the last passage.
  const passages = (text || "").replace(/\n\nCite each passage[^\n]*$/, "");
  for (const block of passages.split(/\n\n(?=\[\d+\] )/)) {
    const m = block.trim().match(passagePattern);
    if (m) turn.passages.set(m[1], { n: m[1], name: m[2], type: m[3], modified: m[4], url: m[5], where: m[6], text: m[7].trim() });
  }
}

/** Links each [n] of the answer to its passage, listed under the answer with its source. */
function withCitations(body, turn) {
  if (!turn.passages.size) return body;
  const cited = new Map();
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => node.parentElement.closest("code, pre, a") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const parts = node.textContent.split(/(\[\d+\])/);
    if (parts.length === 1) continue;
    node.replaceWith(...parts.map((part) => {
      const n = part.match(/^\[(\d+)\]$/)?.[1];
      const passage = n && turn.passages.get(n);
      if (!passage) return part;
      cited.set(n, passage);
      return h("a", { class: "cite", href: `#${citeId(turn, n)}`, title: passage.name }, part);
    }));
  }
  if (!cited.size) return body;
  body.append(h("ol", { class: "sources", "aria-label": "Sources" }, [...cited.values()].map((p) => h("li", { id: citeId(turn, p.n) },
    h("span", { class: "source-n" }, `[${p.n}]`),
    p.url ? h("a", { href: p.url, target: "_blank", rel: "noopener noreferrer" }, p.name) : h("strong", {}, p.name),
    h("span", { class: "muted" }, [p.type, p.modified && `modified ${p.modified}`, p.where].filter(Boolean).join(" · ")),
    h("blockquote", {}, p.text.length > 280 ? `${p.text.slice(0, 280)}…` : p.text)))));
  return body;
}

// Inside the Chat tab's hash, so following a citation keeps the tab.
function citeId(turn, n) { return `chat/cite-${turn.seq}-${n}`; }
