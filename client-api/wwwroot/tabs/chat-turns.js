"use strict";

/** How one conversation event shows: each turn is its message, one timeline of steps updated in place, approvals, and the answer. */
function renderEvent(event) {
  if (event.seq <= chat.lastSeq) return;
  chat.lastSeq = event.seq;
  const step = event.step;
  if (event.type === "message" && event.role === "user") userMessage(event);
  else if (event.type === "delta") streamingAnswer(turnOf(event)).append(event.text);
  else if (event.type === "message") finishAnswer(turnOf(event), event.text);
  else if (event.type === "step" && step?.status === "pending" && step.approvalId) approvalAsked(turnOf(event), event);
  else if (event.type === "step" && step?.action === "approval") approvalDecided(step);
  else if (event.type === "step") stepChanged(turnOf(event), event);
  else if (event.type === "done") turnEnded(turnOf(event), event);
  else if (event.type === "error") {
    const turn = turnOf(event);
    if (turn.answer?.classList.contains("streaming")) finishAnswer(turn, turn.answer.textContent);
    append(h("li", { class: "error", role: "alert" }, event.text));
    turnEnded(turn, event);
  }
  const messages = $("messages");
  messages.scrollTop = messages.scrollHeight;
}

function append(li) { $("messages").append(li); return li; }

function turnOf(event) {
  let turn = chat.turns.get(event.turn);
  if (!turn) {
    turn = { seq: event.turn, user: null, timeline: null, answer: null, passages: new Map(), open: false, startedAt: event.at };
    chat.turns.set(event.turn, turn);
  }
  return turn;
}

function userMessage(event) {
  const turn = turnOf({ turn: event.seq, at: event.at });
  turn.user = append(h("li", { class: "user", dataset: { seq: event.seq } }, event.text));
  turn.open = true;
  showStop();
}

function streamingAnswer(turn) {
  if (!turn.answer || !turn.answer.classList.contains("streaming")) turn.answer = append(h("li", { class: "assistant streaming" }));
  return turn.answer;
}

function finishAnswer(turn, text) {
  const li = turn.answer?.classList.contains("streaming") ? turn.answer : append(h("li", { class: "assistant" }));
  li.className = "assistant";
  li.replaceChildren(withCitations(markdown(text), turn));
  turn.answer = li;
}

function turnEnded(turn, event) {
  turn.open = false;
  if (turn.timeline) {
    turn.timeline.details.open = false;
    summarize(turn);
  }
  if (event.type === "done" && event.usage && turn.answer) {
    const u = event.usage;
    turn.answer.append(h("p", { class: "usage" }, `${u.model || u.agent} · ${formatNumber(u.inputTokens)} in · ${formatNumber(u.outputTokens)} out tokens`));
  }
  showStop();
}

function showStop() {
  $("stop").hidden = ![...chat.turns.values()].some((t) => t.open);
}

/** The turn's steps in one list: a step's running row becomes its done (or failed) row. */
function stepChanged(turn, event) {
  const step = event.step || {};
  if (step.action === "resume") {
    // The answer starts over after a restart: drop the partial one.
    if (turn.answer?.classList.contains("streaming")) turn.answer.remove();
    turn.answer = null;
  }
  if (step.tool === "search_memory" && step.status === "done") readPassages(turn, event.text);
  const timeline = timelineOf(turn);
  const key = `${step.agent}|${step.action}|${step.tool || ""}`;
  const running = timeline.rows.find((r) => r.key === key && r.status === "running");
  const row = running || { key, li: h("li", { class: "step" }), startedAt: event.at };
  row.status = step.status;
  row.li.dataset.status = step.status;
  const what = step.tool ? `${step.action} · ${step.tool}` : step.action;
  const plan = step.action === "plan" && step.status !== "running" ? event.text : null;
  const task = step.action?.startsWith("step ") && event.text?.match(/^\d+\. /) ? event.text : null;
  row.li.replaceChildren(...[
    h("span", { class: `badge ${badgeOf(step.status)}` }, step.status),
    h("span", { class: "step-agent" }, step.agent || "sophia"),
    h("span", { class: "step-what" }, what),
    step.durationMs ? h("span", { class: "muted" }, formatMs(step.durationMs)) : null,
    step.tokens ? h("span", { class: "muted" }, `${formatNumber(step.tokens)} tokens`) : null,
    plan || task || running?.task ? h("div", { class: "step-detail" }, plan || task || running.task) : null].filter(Boolean));
  row.task = task || row.task;
  row.tokens = step.tokens || 0;
  row.durationMs = step.durationMs || 0;
  if (!running) { timeline.rows.push(row); timeline.list.append(row.li); }
  summarize(turn);
}

function badgeOf(status) {
  return { done: "ok", approved: "ok", failed: "bad", refused: "bad", pending: "warn", running: "warn" }[status] || "";
}

function timelineOf(turn) {
  if (turn.timeline) return turn.timeline;
  const summary = h("summary");
  const list = h("ol", { class: "steps" });
  const details = h("details", { open: true }, summary, list);
  const li = h("li", { class: "timeline" }, details);
  if (turn.user?.isConnected) turn.user.after(li); else append(li);
  turn.timeline = { li, details, summary, list, rows: [] };
  return turn.timeline;
}

function summarize(turn) {
  const { rows, summary } = turn.timeline;
  const tokens = rows.reduce((sum, r) => sum + r.tokens, 0);
  const ms = rows.reduce((sum, r) => sum + r.durationMs, 0);
  const running = rows.filter((r) => r.status === "running").length;
  summary.textContent = [`${rows.length} step${rows.length === 1 ? "" : "s"}`, running ? `${running} running` : null,
    ms ? formatMs(ms) : null, tokens ? `${formatNumber(tokens)} tokens` : null].filter(Boolean).join(" · ");
}

/** A risky call waits for the person: its arguments (and the diff of a code change) with Approve and Refuse. */
function approvalAsked(turn, event) {
  const id = event.step.approvalId;
  const li = append(h("li", { class: "approval", dataset: { approval: id } },
    h("strong", {}, `Approve ${event.step.tool}?`),
    h("pre", { class: "approval-detail" }, event.text),
    h("div", { class: "actions" },
      ...[["Approve", true], ["Refuse", false]].map(([label, approved]) => h("button", {
        type: "button", class: approved ? "" : "secondary",
        on: {
          click: async () => {
            li.querySelectorAll("button").forEach((b) => (b.disabled = true));
            try { await chat.connection.invoke("Approve", chat.current.id, id, approved, null); }
            catch (err) { chat.status.say(errorText(err), true); li.querySelectorAll("button").forEach((b) => (b.disabled = false)); }
          },
        },
      }, label)))));
  stepChanged(turn, event);
  return li;
}

function approvalDecided(step) {
  const li = [...$("messages").querySelectorAll("li.approval")].find((a) => a.dataset.approval === step.approvalId);
  if (!li) return;
  li.querySelectorAll("button").forEach((b) => (b.disabled = true));
  li.querySelector(".badge")?.remove();
  li.querySelector("strong").after(h("span", { class: `badge ${badgeOf(step.status)}` }, step.status));
  const turn = [...chat.turns.values()].find((t) => t.timeline?.rows.some((r) => r.key === `${step.agent}|approval|${step.tool || ""}` && r.status === "pending"));
  const row = turn?.timeline.rows.find((r) => r.key === `${step.agent}|approval|${step.tool || ""}` && r.status === "pending");
  if (row) { row.status = step.status; row.li.dataset.status = step.status; row.li.querySelector(".badge").replaceWith(h("span", { class: `badge ${badgeOf(step.status)}` }, step.status)); }
}
