"use strict";

// Projects: the swarm's plans across the person's conversations, the approvals waiting for them, and the GitHub work they touch.
(() => {
  const state = { timer: null, loading: false, decidedAt: 0 };
  const el = {};
  const stateBadge = { done: "ok", approved: "ok", running: "warn", planning: "warn", waiting: "warn", "awaiting approval": "warn", failed: "bad", refused: "bad" };

  function mount(panel) {
    el.status = statusLine();
    el.approvals = h("div", { id: "projects-approvals", class: "projects-approvals" });
    el.plans = h("div", { id: "projects-plans", class: "projects-plans" });
    el.github = h("div", { id: "projects-github" });
    panel.append(h("div", { class: "page projects" },
      h("div", { class: "page-heading" },
        h("h2", { text: "Projects" }),
        h("button", { id: "projects-refresh", type: "button", class: "secondary", text: "Refresh", on: { click: () => load() } })),
      el.status,
      h("section", { class: "card wide", "aria-labelledby": "projects-approvals-heading" }, h("h3", { id: "projects-approvals-heading", text: "Waiting for you" }), el.approvals),
      h("section", { class: "card wide", "aria-labelledby": "projects-plans-heading" }, h("h3", { id: "projects-plans-heading", text: "Plans" }), el.plans),
      h("section", { class: "card wide", "aria-labelledby": "projects-github-heading" }, h("h3", { id: "projects-github-heading", text: "GitHub issues and pull requests" }), el.github)));
  }

  const show = () => load();

  function signedOut() {
    clearTimeout(state.timer);
    state.timer = null;
  }

  // The open tab looks again every few seconds, sooner while something moves; a hidden tab stops until it is shown again.
  async function load() {
    clearTimeout(state.timer);
    state.timer = null;
    if (state.loading) return;
    state.loading = true;
    try {
      const board = await api("/api/projects");
      drawApprovals(board.approvals);
      drawPlans(board.plans);
      drawGitHub(board.github);
      el.status.say("");
      // A decision takes a moment to reach the plan, so the tab keeps looking for a while after one.
      const moving = board.plans.some((p) => p.state === "planning" || p.state === "running") || Date.now() - state.decidedAt < 30_000;
      if (Tabs.current === "projects") state.timer = setTimeout(load, moving ? 1500 : 5000);
    } catch (err) { if (!(err instanceof SessionEnded)) el.status.say(errorText(err), true); }
    finally { state.loading = false; }
  }

  const badge = (text) => h("span", { class: `badge ${stateBadge[text] ?? ""}`, text });
  const conversationLink = (id, title) => h("a", { href: `#chat/${encodeURIComponent(id)}`, class: "projects-conversation", text: title || "Untitled conversation" });

  function drawApprovals(approvals) {
    if (!approvals.length) { el.approvals.replaceChildren(h("p", { class: "empty", text: "Nothing is waiting for your decision." })); return; }
    el.approvals.replaceChildren(h("ul", { class: "projects-approval-list" }, approvals.map((a) => {
      const comment = h("input", { placeholder: "Comment (optional)", "aria-label": `Comment on ${a.tool}`, autocomplete: "off" });
      const said = statusLine();
      const decide = async (approved, buttons) => {
        buttons.forEach((b) => (b.disabled = true));
        try {
          await api(`/api/conversations/${encodeURIComponent(a.conversationId)}/approvals/${encodeURIComponent(a.approvalId)}`,
            { method: "POST", body: JSON.stringify({ approved, comment: comment.value.trim() || null }) });
          said.say(approved ? "Approved: the step runs now." : "Refused.");
          state.decidedAt = Date.now();
          load();
        } catch (err) {
          buttons.forEach((b) => (b.disabled = false));
          if (!(err instanceof SessionEnded)) said.say(errorText(err), true);
        }
      };
      const approve = h("button", { type: "button", text: "Approve" });
      const refuse = h("button", { type: "button", class: "danger", text: "Refuse" });
      approve.onclick = () => decide(true, [approve, refuse]);
      refuse.onclick = () => decide(false, [approve, refuse]);
      return h("li", { class: "projects-approval", dataset: { approval: a.approvalId } },
        h("div", { class: "projects-line" }, h("strong", { text: a.tool }), h("span", { class: "muted", text: `${a.agent} · ${formatWhen(a.at)}` }), conversationLink(a.conversationId, a.conversation)),
        h("pre", { class: "projects-arguments", text: pretty(a.arguments) }),
        h("details", {}, h("summary", { text: "What Sophia asks" }), markdown(a.text)),
        comment, h("div", { class: "actions" }, approve, refuse), said);
    })));
  }

  function pretty(json) {
    try { return JSON.stringify(JSON.parse(json), null, 2); } catch { return json; }
  }

  function drawPlans(plans) {
    if (!plans.length) {
      el.plans.replaceChildren(h("p", { class: "empty", text: "No plans yet. Ask for one in Chat with /plan and a goal." }));
      return;
    }
    el.plans.replaceChildren(...plans.map((p) => h("article", { class: "projects-plan", dataset: { conversation: p.conversationId, turn: String(p.turn) } },
      h("div", { class: "projects-line" }, h("strong", { class: "projects-goal", text: p.goal || "(no goal)" }), badge(p.state)),
      h("div", { class: "projects-line muted" }, conversationLink(p.conversationId, p.conversation), h("span", { text: formatWhen(p.at) })),
      p.problem ? h("p", { class: "error", text: p.problem }) : null,
      h("ol", { class: "projects-steps" }, p.steps.map((s) => h("li", { class: "projects-step", dataset: { step: String(s.number), state: s.state } },
        h("div", { class: "projects-line" },
          h("span", { class: "projects-step-task", text: `${s.number}. ${s.task}` }),
          badge(s.state)),
        h("span", { class: "muted projects-step-agent", text: `${s.agent}${s.tool ? ` · ${s.tool}` : ""}` }),
        s.result ? h("details", {}, h("summary", { text: "Result" }), h("p", { class: "projects-result", text: s.result })) : null))))));
  }

  function drawGitHub(github) {
    if (!github.connected) {
      el.github.replaceChildren(h("p", { class: "hint", text: "GitHub is not connected. Once an admin connects it, the issues and pull requests your conversations mention show here." }));
      return;
    }
    el.github.replaceChildren(
      h("p", { class: "hint", text: github.repositories.length ? `Connected: ${github.repositories.join(", ")}` : "Connected." }),
      github.links.length
        ? h("ul", { class: "projects-links" }, github.links.map((l) => h("li", {},
            h("span", { class: "badge", text: l.kind }), " ",
            h("a", { href: l.url, target: "_blank", rel: "noopener noreferrer", text: `${l.repository} #${l.number}` }), " ",
            h("span", { class: "muted" }, "in ", conversationLink(l.conversationId, l.conversation)))))
        : h("p", { class: "empty", text: "No issue or pull request is mentioned in your recent conversations." }));
  }

  Tabs.register({ id: "projects", label: "Projects", visible: (me) => me?.permissions?.includes("Chat") ?? false, mount, show, signedOut });
})();
