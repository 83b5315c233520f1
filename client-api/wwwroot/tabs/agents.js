"use strict";

// Agent Factory: the tenant's agents (instructions, model, tools), edited by those who may manage agents, tried by anyone.
(() => {
  const ALL_INTEGRATION_TOOLS = "*";
  const ui = { list: null, form: null, tools: null, status: null, test: null };
  let agents = [];
  let catalogue = [];
  let selected = null;
  let canEdit = false;

  function mount(panel, me) {
    canEdit = me.permissions.includes("ManageAgents");
    ui.status = statusLine();
    ui.list = h("ul", { id: "agents-list", class: "agents-list", "aria-label": "Agents" });
    ui.tools = h("fieldset", { id: "agent-tools", class: "fields agents-tools", disabled: !canEdit }, h("legend", { text: "Tools it may call" }));
    ui.form = h("form", { id: "agent-form", class: "card wide agents-editor", on: { submit: (e) => { e.preventDefault(); save(); } } },
      h("h3", { id: "agent-form-heading", text: "New agent" }),
      h("div", { class: "row" },
        h("label", {}, "Name", h("input", { id: "agent-name", required: true, pattern: "[a-z0-9][a-z0-9\\-]{0,39}", autocomplete: "off", placeholder: "e.g. release-notes", disabled: !canEdit })),
        h("label", {}, "Model", h("input", { id: "agent-model", autocomplete: "off", placeholder: "the configured model", disabled: !canEdit }))),
      h("label", {}, "Instructions", h("textarea", { id: "agent-instructions", rows: 6, required: true, disabled: !canEdit,
        placeholder: "What the agent is for and how it answers." })),
      ui.tools,
      h("label", {}, "Tool patterns", h("input", { id: "agent-patterns", autocomplete: "off", disabled: !canEdit, placeholder: "github_*, mcp__docs__*",
        "aria-describedby": "agent-patterns-hint" })),
      h("small", { id: "agent-patterns-hint", class: "hint", text: "Comma-separated; a pattern ending in * also covers tools an integration adds later." }),
      canEdit ? h("div", { class: "actions" },
        h("button", { id: "agent-save", type: "submit", text: "Save" }),
        h("button", { id: "agent-delete", type: "button", class: "danger", hidden: true, on: { click: remove }, text: "Delete" })) : null,
      ui.status);
    ui.test = AgentTestPanel();
    panel.append(h("div", { class: "page agents" },
      h("div", { class: "page-heading" },
        h("h2", { text: "Agent Factory" }),
        canEdit ? h("button", { id: "agent-new", type: "button", class: "secondary", on: { click: () => edit(null) }, text: "New agent" })
          : h("p", { class: "hint", text: "Only admins and owners change agents; you can try them." })),
      h("div", { class: "agents-layout" },
        h("section", { class: "card wide agents-side", "aria-labelledby": "agents-list-heading" }, h("h3", { id: "agents-list-heading", text: "Agents" }), ui.list),
        h("div", { class: "agents-main" }, ui.form, ui.test.card))));
    edit(null);
  }

  async function show() {
    try {
      const [list, tools] = await Promise.all([api("/api/agents"), api("/api/agents/tools")]);
      agents = list.sort((a, b) => a.name.localeCompare(b.name));
      catalogue = tools.tools;
      renderList();
      renderTools(selected?.allowedTools ?? toolsChecked());
    } catch (err) { if (!(err instanceof SessionEnded)) ui.status.say(errorText(err), true); }
  }

  function renderList() {
    if (!agents.length) { ui.list.replaceChildren(h("li", { class: "empty", text: "No agents yet." })); return; }
    ui.list.replaceChildren(...agents.map((a) => h("li", { dataset: { name: a.name }, class: a.name === selected?.name ? "active" : null },
      h("button", { type: "button", class: "ghost", "aria-label": `Open ${a.name}`, on: { click: () => edit(a) } },
        h("strong", { text: a.name }),
        h("span", { class: "muted", text: `${a.model || "configured model"} · ${a.allowedTools.length} tool${a.allowedTools.length === 1 ? "" : "s"}` })))));
  }

  function renderTools(allowed) {
    const groups = new Map();
    for (const t of catalogue) {
      const group = t.integration ? `From ${t.integration}` : "Built in";
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push(t);
    }
    const box = (value, title, description, risky) => h("label", { class: "agents-tool" },
      h("input", { type: "checkbox", value, checked: allowed.includes(value) }),
      h("span", {}, h("code", { text: title }), risky ? h("span", { class: "badge warn", text: "asks approval" }) : null,
        description ? h("small", { class: "muted", text: description }) : null));
    ui.tools.replaceChildren(ui.tools.querySelector("legend"),
      ...[...groups].map(([group, tools]) => h("div", { class: "agents-tool-group" }, h("h4", { text: group }),
        tools.map((t) => box(t.name, t.name, t.description, t.risky)))),
      h("div", { class: "agents-tool-group" }, h("h4", { text: "Integrations and MCP servers" }),
        box(ALL_INTEGRATION_TOOLS, "*", "Every tool of every integration and MCP server, now and later.", false)));
  }

  function toolsChecked() { return [...ui.tools.querySelectorAll("input:checked")].map((i) => i.value); }

  function edit(agent) {
    selected = agent;
    const known = new Set([...catalogue.map((t) => t.name), ALL_INTEGRATION_TOOLS]);
    const tools = agent?.allowedTools ?? [];
    $("agent-form-heading").textContent = agent ? `Edit ${agent.name}` : "New agent";
    $("agent-name").value = agent?.name ?? "";
    $("agent-name").disabled = !canEdit || !!agent;
    $("agent-model").value = agent?.model ?? "";
    $("agent-instructions").value = agent?.instructions ?? "";
    $("agent-patterns").value = tools.filter((t) => !known.has(t)).join(", ");
    renderTools(tools);
    if (canEdit) $("agent-delete").hidden = !agent;
    ui.status.say("");
    ui.test.reset(agent);
    renderList();
  }

  function formDefinition() {
    const patterns = $("agent-patterns").value.split(",").map((p) => p.trim()).filter(Boolean);
    return {
      instructions: $("agent-instructions").value,
      model: $("agent-model").value.trim() || null,
      allowedTools: [...new Set([...toolsChecked(), ...patterns])],
    };
  }

  function isDirty() {
    if (!canEdit) return false;
    if (!selected) return true;
    const now = formDefinition();
    return now.instructions !== selected.instructions || now.model !== (selected.model ?? null)
      || JSON.stringify([...now.allowedTools].sort()) !== JSON.stringify([...selected.allowedTools].sort());
  }

  async function save() {
    const name = selected?.name ?? $("agent-name").value.trim();
    if (!name) { ui.status.say("Give the agent a name: lowercase letters, digits and dashes.", true); return null; }
    try {
      const saved = await api(`/api/agents/${encodeURIComponent(name)}`, { method: "PUT", body: JSON.stringify(formDefinition()) });
      ui.status.say(`Saved ${saved.name}.`);
      agents = [...agents.filter((a) => a.name !== saved.name), saved].sort((a, b) => a.name.localeCompare(b.name));
      selected = saved;
      $("agent-form-heading").textContent = `Edit ${saved.name}`;
      $("agent-name").disabled = true;
      $("agent-delete").hidden = false;
      ui.test.reset(saved);
      renderList();
      return saved;
    } catch (err) {
      if (!(err instanceof SessionEnded)) ui.status.say(errorText(err), true);
      return null;
    }
  }

  async function remove() {
    if (!selected || !confirm(`Delete the agent ${selected.name}? Conversations it answers fall back to Sophia.`)) return;
    const name = selected.name;
    try {
      await api(`/api/agents/${encodeURIComponent(name)}`, { method: "DELETE" });
      agents = agents.filter((a) => a.name !== name);
      edit(null);
      ui.status.say(`Deleted ${name}.`);
    } catch (err) { if (!(err instanceof SessionEnded)) ui.status.say(errorText(err), true); }
  }

  /** One message through the saved agent for real (pending edits are saved first), its answer and the steps it took. */
  function AgentTestPanel() {
    const message = h("textarea", { id: "agent-test-message", rows: 2, placeholder: "A message to try the agent with" });
    const run = h("button", { id: "agent-test-run", type: "submit", text: "Run" });
    const status = statusLine();
    const result = h("div", { id: "agent-test-result", class: "agents-result", "aria-live": "polite" });
    const card = h("form", { id: "agent-test", class: "card wide", on: { submit: (e) => { e.preventDefault(); go(); } } },
      h("h3", { text: "Try it" }), h("label", {}, "Message", message), h("div", { class: "actions" }, run), status, result);

    async function go() {
      const agent = isDirty() ? await save() : selected;
      if (!agent) { status.say("Save the agent first.", true); return; }
      if (!message.value.trim()) { status.say("Write a message to send.", true); return; }
      run.disabled = true;
      status.say(`${agent.name} is working…`);
      result.replaceChildren();
      try {
        const answer = await api(`/api/agents/${encodeURIComponent(agent.name)}/test`, { method: "POST", body: JSON.stringify({ message: message.value }) });
        status.say(answer.error || answer.pendingApproval || `Answered in ${formatMs(answer.durationMs)}.`, !!answer.error);
        result.replaceChildren(...render(answer));
      } catch (err) { if (!(err instanceof SessionEnded)) status.say(errorText(err), true); }
      run.disabled = false;
    }

    function render(answer) {
      const usage = answer.usage.map((u) => `${u.model}: ${formatNumber(u.inputTokens)} tokens in, ${formatNumber(u.outputTokens)} out`).join(" · ");
      const rows = finished(answer.steps).map((s) => h("tr", { class: `agents-step ${s.status}` },
        h("td", { text: s.agent }), h("td", { text: s.action }), h("td", {}, s.tool ? h("code", { text: s.tool }) : ""),
        h("td", {}, h("span", { class: `badge ${s.status === "done" || s.status === "approved" ? "ok" : s.status === "failed" || s.status === "refused" ? "bad" : "warn"}`, text: s.status })),
        h("td", { class: "num", text: formatMs(s.durationMs) }), h("td", { class: "num", text: formatNumber(s.tokens) })));
      return [
        h("h4", { text: "Answer" }),
        h("div", { id: "agent-test-answer", class: "agents-answer" }, answer.answer ? markdown(answer.answer) : h("p", { class: "empty", text: "No answer." })),
        h("h4", { text: "Steps" }),
        rows.length ? h("div", { class: "table-wrap" }, h("table", { id: "agent-test-steps", class: "table" },
          h("thead", {}, h("tr", {}, ["Agent", "Step", "Tool", "Status"].map((t) => h("th", { text: t })),
            h("th", { class: "num", text: "Took" }), h("th", { class: "num", text: "Tokens" }))),
          h("tbody", {}, rows))) : h("p", { class: "empty", text: "It answered without calling a tool." }),
        usage ? h("p", { id: "agent-test-usage", class: "hint", text: usage }) : null,
      ];
    }

    // A step is reported running, then once more when it ends: show each step once, as it ended.
    function finished(steps) {
      const shown = [];
      for (const s of steps) {
        const open = shown.findIndex((o) => o.status === "running" && o.agent === s.agent && o.action === s.action && o.tool === s.tool);
        if (open >= 0 && s.status !== "running") shown[open] = s; else shown.push(s);
      }
      return shown;
    }

    return {
      card,
      reset: (agent) => { result.replaceChildren(); status.say(agent || canEdit ? "" : "Choose an agent to try."); },
    };
  }

  Tabs.register({
    id: "agents", label: "Agent Factory", mount, show,
    signedOut: () => { agents = []; catalogue = []; selected = null; },
  });
})();
