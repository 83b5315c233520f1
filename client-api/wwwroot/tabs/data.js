"use strict";

// Data Training: what Sophia knows, how it got there, and what it recalls.
(() => {
  const state = { me: null, scope: "tenant", events: null, uploads: new Map(), seen: new Map(), integrations: new Map() };
  const el = {};

  const may = (permission) => state.me?.permissions?.includes(permission) ?? false;
  const scoped = (path) => `${path}${path.includes("?") ? "&" : "?"}scope=${encodeURIComponent(state.scope)}`;

  function mount(panel, me) {
    state.me = me;
    state.scope = may("WriteMemory") ? "tenant" : "user";
    el.scope = h("select", { id: "data-scope", "aria-label": "Memory", on: { change: () => switchScope(el.scope.value) } },
      h("option", { value: "tenant", text: "Company memory", selected: state.scope === "tenant" }),
      h("option", { value: "user", text: "My memory", selected: state.scope === "user" }));
    el.file = h("input", { id: "data-file", type: "file", multiple: true, class: "data-file", on: { change: () => { uploadAll(el.file.files); el.file.value = ""; } } });
    el.drop = h("div", { id: "data-drop", class: "data-drop", tabindex: "0", on: { dragover: dragOver, dragleave: () => el.drop.classList.remove("over"), drop } },
      h("p", { text: "Drop files here" }),
      h("label", { class: "button secondary data-choose" }, "Choose files", el.file),
      h("p", { class: "hint", text: "Text, Markdown, HTML or PDF." }));
    el.uploads = h("ul", { id: "data-uploads", class: "data-uploads" });
    el.uploadStatus = statusLine();
    el.folderPath = h("input", { id: "data-folder", placeholder: "e.g. handbook", autocomplete: "off" });
    el.folderStatus = statusLine();
    el.folderResults = h("ul", { id: "data-folder-results", class: "data-folder-results" });
    el.stats = h("div", { id: "data-stats", class: "data-stats" });
    el.documents = h("div", { id: "data-documents", class: "table-wrap" });
    el.query = h("input", { id: "data-query", placeholder: "Ask memory something", autocomplete: "off", required: true });
    el.topK = h("input", { id: "data-topk", type: "number", min: "1", max: "50", value: "5", "aria-label": "Passages" });
    el.recallStatus = statusLine();
    el.passages = h("ol", { id: "data-passages", class: "data-passages" });
    el.integrations = h("div", { id: "data-integrations", class: "data-integrations" });

    panel.append(h("div", { class: "page data" },
      h("div", { class: "page-heading" }, h("h2", { text: "Data Training" }), h("label", { class: "data-scope" }, "Memory ", el.scope)),
      h("div", { class: "panel-grid" },
        h("section", { class: "card wide", "aria-labelledby": "data-upload-heading" }, h("h3", { id: "data-upload-heading", text: "Upload" }), el.drop, el.uploads, el.uploadStatus),
        h("section", { class: "card wide", "aria-labelledby": "data-stats-heading" }, h("h3", { id: "data-stats-heading", text: "Corpus" }), el.stats)),
      h("section", { class: "card wide", "aria-labelledby": "data-recall-heading" },
        h("h3", { id: "data-recall-heading", text: "Recall playground" }),
        h("form", { id: "data-recall", class: "data-recall", on: { submit: recall } },
          h("label", {}, "Query ", el.query), h("label", {}, "Passages ", el.topK), h("button", { type: "submit", text: "Recall" })),
        el.recallStatus, el.passages),
      h("section", { class: "card wide", "aria-labelledby": "data-documents-heading" }, h("h3", { id: "data-documents-heading", text: "Documents" }), el.documents),
      h("div", { class: "panel-grid" },
        h("section", { class: "card wide", "aria-labelledby": "data-folder-heading" },
          h("h3", { id: "data-folder-heading", text: "Import a folder" }),
          h("p", { class: "hint", text: "A folder inside your company's import folder, which an operator sets up." }),
          h("form", { class: "actions data-folder-form", on: { submit: importFolder } }, h("label", { class: "data-grow" }, "Path ", el.folderPath), h("button", { type: "submit", text: "Import" })),
          el.folderStatus, el.folderResults),
        h("section", { class: "card wide", "aria-labelledby": "data-integrations-heading" }, h("h3", { id: "data-integrations-heading", text: "Integrations" }), el.integrations))));
  }

  async function show(me) {
    state.me = me;
    if (!state.events) listen();
    await Promise.all([refresh(), loadIntegrations()]);
  }

  function signedOut() {
    state.events?.close();
    state.events = null;
    state.uploads.clear();
    state.seen.clear();
  }

  async function switchScope(scope) {
    state.scope = scope;
    state.events?.close();
    listen();
    el.passages.replaceChildren();
    await refresh();
  }

  const refresh = () => Promise.all([loadStats(), loadDocuments()]).catch(() => {});

  // Ingestion progress arrives on the scope's event stream; an upload that finished before its answer came back finds its status in `seen`.
  function listen() {
    const events = new EventSource(scoped("/api/memory/events"));
    state.events = events;
    events.addEventListener("progress", (e) => {
      const { status } = JSON.parse(e.data);
      state.seen.set(status.documentId, status);
      const upload = [...state.uploads.values()].find((u) => u.documentId === status.documentId);
      if (upload) ingesting(upload, status);
      if (status.state === "stored") refresh();
    });
    events.addEventListener("sync", (e) => syncProgress(JSON.parse(e.data)));
  }

  function dragOver(e) { e.preventDefault(); el.drop.classList.add("over"); }

  function drop(e) {
    e.preventDefault();
    el.drop.classList.remove("over");
    uploadAll(e.dataTransfer?.files ?? []);
  }

  function uploadAll(files) { for (const file of files) upload(file); }

  function upload(file) {
    const key = `${file.name}-${Date.now()}-${Math.random()}`;
    const bar = h("progress", { max: "100", value: "0", "aria-label": `Progress of ${file.name}` });
    const said = h("span", { class: "data-upload-state", text: "uploading" });
    const item = h("li", { dataset: { name: file.name } }, h("span", { class: "data-upload-name", text: file.name }), bar, said);
    const entry = { key, item, bar, said, documentId: null };
    state.uploads.set(key, entry);
    el.uploads.prepend(item);

    const form = new FormData();
    form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", scoped("/api/memory/documents"));
    xhr.setRequestHeader("X-CSRF-TOKEN", session.csrf);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 50); };
    xhr.onerror = () => failed(entry, "The upload did not reach Sophia.");
    xhr.onload = () => {
      const body = (() => { try { return JSON.parse(xhr.responseText); } catch { return null; } })();
      if (xhr.status !== 202) { failed(entry, body?.title || `${xhr.status} ${xhr.statusText}`); return; }
      const status = body[0];
      entry.documentId = status.documentId;
      ingesting(entry, state.seen.get(status.documentId) ?? status);
      refresh();
    };
    xhr.send(form);
  }

  // The second half of the bar is the ingestion: chunks stored out of chunks.
  function ingesting(entry, status) {
    const done = status.state === "stored";
    entry.bar.value = done ? 100 : 50 + Math.round((status.stored / Math.max(status.chunks, 1)) * 50);
    entry.said.textContent = done ? (status.new === false ? "done (already known)" : `done · ${formatNumber(status.chunks)} chunk${status.chunks === 1 ? "" : "s"}`) : `ingesting ${status.stored}/${status.chunks}`;
    entry.item.classList.toggle("done", done);
    if (done) state.uploads.delete(entry.key);
  }

  function failed(entry, why) {
    entry.said.textContent = why;
    entry.item.classList.add("failed");
    state.uploads.delete(entry.key);
  }

  async function loadStats() {
    const stats = await api(scoped("/api/memory/stats"));
    const names = { tenant: "Company memory", user: "My memory" };
    el.stats.replaceChildren(
      h("div", { class: "data-figures" },
        h("div", {}, h("span", { class: "figure", id: "data-documents-count", text: formatNumber(stats.documents) }), h("span", { class: "muted", text: " documents" })),
        h("div", {}, h("span", { class: "figure", id: "data-chunks-count", text: formatNumber(stats.chunks) }), h("span", { class: "muted", text: " chunks" }))),
      h("div", { class: "table-wrap" }, h("table", { class: "table" },
        h("thead", {}, h("tr", {}, h("th", { text: "Memory" }), h("th", { text: "Source" }), h("th", { class: "num", text: "Documents" }), h("th", { class: "num", text: "Chunks" }))),
        h("tbody", {}, stats.scopes.flatMap((s) => s.sources.length
          ? s.sources.map((src) => h("tr", {}, h("td", { text: names[s.scope] ?? s.scope }), h("td", { text: src.source }), h("td", { class: "num", text: formatNumber(src.documents) }), h("td", { class: "num", text: formatNumber(src.chunks) })))
          : [h("tr", {}, h("td", { text: names[s.scope] ?? s.scope }), h("td", { class: "muted", text: "empty" }), h("td", { class: "num", text: "0" }), h("td", { class: "num", text: "0" }))])))));
  }

  async function loadDocuments() {
    const documents = await api(scoped("/api/memory/documents"));
    if (!documents.length) { el.documents.replaceChildren(h("p", { class: "empty", text: "Nothing in this memory yet." })); return; }
    el.documents.replaceChildren(h("table", { class: "table" },
      h("thead", {}, h("tr", {}, h("th", { text: "Name" }), h("th", { text: "State" }), h("th", { class: "num", text: "Chunks" }), h("th", {}, h("span", { class: "muted", text: "" })))),
      h("tbody", {}, documents.map((d) => h("tr", { dataset: { id: d.documentId } },
        h("td", { class: "data-doc-name" }, d.name, d.kind === "document" ? null : h("span", { class: "muted", text: ` · ${d.kind}` })),
        h("td", {}, h("span", { class: `badge ${d.state === "stored" ? "ok" : "warn"}`, text: d.state })),
        h("td", { class: "num", text: formatNumber(d.chunks) }),
        h("td", {}, h("button", { type: "button", class: "danger small", "aria-label": `Forget ${d.name}`, text: "Forget", on: { click: () => forget(d) } })))))));
  }

  async function forget(document) {
    if (!confirm(`Forget ${document.name}? Sophia will no longer recall it.`)) return;
    try {
      await api(scoped(`/api/memory/documents/${encodeURIComponent(document.documentId)}`), { method: "DELETE" });
      el.uploadStatus.say(`Forgot ${document.name}.`);
      await refresh();
    } catch (err) { if (!(err instanceof SessionEnded)) el.uploadStatus.say(errorText(err), true); }
  }

  async function recall(e) {
    e.preventDefault();
    el.recallStatus.say("Recalling…");
    try {
      const passages = await api(scoped("/api/memory/recall"), { method: "POST", body: JSON.stringify({ query: el.query.value, topK: Number(el.topK.value) || 5 }) });
      el.recallStatus.say(passages.length ? `${passages.length} passages, best first.` : "Nothing in this memory matches.");
      el.passages.replaceChildren(...passages.map((p) => h("li", { class: "data-passage" },
        h("div", { class: "data-passage-head" },
          h("span", { class: "badge", text: `score ${p.score.toFixed(3)}` }),
          p.source?.url ? h("a", { href: p.source.url, target: "_blank", rel: "noopener noreferrer", class: "data-source", text: p.documentName }) : h("strong", { class: "data-source", text: p.documentName }),
          h("span", { class: "muted", text: `${p.kind} · passage ${p.position + 1} · ${p.scope}` })),
        h("p", { class: "data-passage-text", text: p.text }))));
    } catch (err) { if (!(err instanceof SessionEnded)) el.recallStatus.say(errorText(err), true); }
  }

  async function importFolder(e) {
    e.preventDefault();
    el.folderStatus.say("Importing…");
    try {
      const files = await api(scoped("/api/memory/folder"), { method: "POST", body: JSON.stringify({ path: el.folderPath.value.trim() }) });
      const taken = files.filter((f) => f.status).length;
      el.folderStatus.say(`${taken} of ${files.length} files taken in.`);
      el.folderResults.replaceChildren(...files.map((f) => h("li", {}, h("span", { text: f.path }), " ",
        f.status ? h("span", { class: "badge ok", text: f.status.new ? "ingesting" : "already known" }) : h("span", { class: "badge warn", text: "skipped", title: f.skipped }),
        f.skipped ? h("span", { class: "hint", text: ` ${f.skipped}` }) : null)));
      await refresh();
    } catch (err) { if (!(err instanceof SessionEnded)) el.folderStatus.say(errorText(err), true); }
  }

  async function loadIntegrations() {
    if (!may("ManageIntegrations")) {
      el.integrations.replaceChildren(h("p", { class: "hint", text: "Your company's admins connect integrations (GitHub, Gong, HubSpot, Salesforce); what they sync lands in company memory." }));
      return;
    }
    try {
      const { integrations } = await api("/api/integrations");
      state.integrations = new Map(integrations.map((i) => [i.name, i]));
      drawIntegrations();
      el.connect ??= IntegrationConnect.form(loadIntegrations);
      el.integrations.after(el.connect);
    } catch (err) { if (!(err instanceof SessionEnded)) el.integrations.replaceChildren(h("p", { class: "error", text: errorText(err) })); }
  }

  function syncProgress(progress) {
    const known = state.integrations.get(progress.integration);
    if (!known) return;
    known.sync = { ...(known.sync ?? {}), ...progress };
    drawIntegrations();
    if (progress.state !== "running") { refresh(); loadIntegrations(); }
  }

  function drawIntegrations() {
    const all = [...state.integrations.values()];
    if (!all.length) { el.integrations.replaceChildren(h("p", { class: "empty", text: "No integration is connected." })); return; }
    el.integrations.replaceChildren(h("ul", { class: "data-integration-list" }, all.map((i) => {
      const sync = i.sync;
      const total = sync ? (sync.synced ?? 0) + (sync.failed ?? 0) + (sync.pending ?? 0) : 0;
      return h("li", { dataset: { name: i.name } },
        h("div", { class: "data-integration-head" },
          h("strong", { text: i.name }),
          h("span", { class: `badge ${i.state === "connected" ? "ok" : "warn"}`, text: i.state }),
          sync ? h("span", { class: `badge ${sync.state === "failed" ? "bad" : sync.state === "running" ? "warn" : ""}`, text: `sync ${sync.state}` }) : null,
          sync ? h("button", { type: "button", class: "secondary small", text: "Sync now", disabled: sync.state === "running", on: { click: () => startSync(i) } }) : null,
          IntegrationConnect.disconnectButton(i, loadIntegrations, (text) => el.integrations.prepend(h("p", { class: "error", text })))),
        sync ? h("progress", { max: String(Math.max(total, 1)), value: String((sync.synced ?? 0) + (sync.failed ?? 0)), "aria-label": `Sync of ${i.name}` }) : null,
        sync ? h("p", { class: "hint", text: `${formatNumber(sync.synced)} synced · ${formatNumber(sync.pending)} pending · ${formatNumber(sync.failed)} failed${sync.documents !== undefined ? ` · ${formatNumber(sync.documents)} documents` : ""}${sync.lastSyncAt ? ` · last ${formatWhen(sync.lastSyncAt)}` : ""}` }) : null,
        sync?.lastError ? h("p", { class: "error", text: sync.lastError }) : null);
    })));
  }

  async function startSync(integration) {
    try {
      const status = await api(`/api/integrations/${IntegrationConnect.route(integration.name)}/sync`, { method: "POST" });
      state.integrations.set(status.name, status);
      drawIntegrations();
    } catch (err) { if (!(err instanceof SessionEnded)) el.integrations.prepend(h("p", { class: "error", text: errorText(err) })); }
  }

  Tabs.register({ id: "data", label: "Data Training", visible: (me) => !!me, mount, show, signedOut });
})();
