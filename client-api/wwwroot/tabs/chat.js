"use strict";

const state = { connection: null, current: null, lastSeq: 0, stream: null, streamingItem: null };

document.documentElement.dataset.theme = localStorage.getItem("sophia.theme") || "dark";
$("theme").onclick = () => {
  const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
  document.documentElement.dataset.theme = next;
  localStorage.setItem("sophia.theme", next);
};

$("logout").onclick = () => signOut();
$("admin-toggle").onclick = () => showAdmin($("admin").hidden);

session.onSignedOut = () => {
  state.stream?.dispose();
  state.stream = null;
  state.connection?.stop();
  state.connection = null;
  state.current = null;
  $("conversations").replaceChildren();
  $("messages").replaceChildren();
  showAdmin(false);
};

session.onSignedIn = async (me) => {
  $("whoami").textContent = `${me.displayName || me.username} · ${me.role}`;
  $("whoami").title = `${me.username} in ${me.tenant}`;
  $("admin-toggle").hidden = !canManageUsers(me);
  await showAdmin(false);
  try { await start(); } catch (err) { if (!(err instanceof SessionEnded)) setStatus(cleanError(err)); }
};

async function start() {
  // The session cookie rides along; negotiate is a POST on that cookie, so it carries the antiforgery token.
  state.connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/chat", { headers: { "X-CSRF-TOKEN": session.csrf } })
    .withAutomaticReconnect()
    .build();
  state.connection.onreconnecting(() => setStatus("Reconnecting…"));
  state.connection.onreconnected(() => { setStatus(""); watch(); });
  await state.connection.start();
  await Promise.all([loadConversations(), loadAgents()]);
}

async function loadAgents() {
  const agents = await api("/api/agents");
  $("new-agent").replaceChildren(new Option("Sophia", ""), ...agents.map((a) => new Option(a.name, a.name)));
}

async function loadConversations(selectId) {
  const list = await api("/api/conversations");
  const ul = $("conversations");
  ul.replaceChildren(...list.map((c) => {
    const li = document.createElement("li");
    li.textContent = c.title;
    li.title = c.title;
    li.dataset.id = c.id;
    li.onclick = () => open(c);
    return li;
  }));
  const target = list.find((c) => c.id === (selectId || state.current?.id)) || list[0];
  if (target) await open(target);
}

$("new-conversation").onsubmit = async (e) => {
  e.preventDefault();
  try {
    const created = await api("/api/conversations", { method: "POST", body: JSON.stringify({ title: $("new-title").value.trim(), agent: $("new-agent").value || null }) });
    $("new-title").value = "";
    await loadConversations(created.id);
  } catch (err) { if (!(err instanceof SessionEnded)) setStatus(cleanError(err)); }
};

async function open(conversation) {
  state.current = conversation;
  for (const li of $("conversations").children) li.classList.toggle("active", li.dataset.id === conversation.id);
  $("chat-title").textContent = conversation.leadAgent ? `${conversation.title} · ${conversation.leadAgent}` : conversation.title;
  $("policy").value = conversation.policy || "enqueue";
  $("policy").disabled = false;
  $("messages").replaceChildren();
  state.streamingItem = null;
  state.lastSeq = 0;
  const history = await api(`/api/conversations/${encodeURIComponent(conversation.id)}/messages`);
  history.forEach(render);
  $("text").disabled = $("send").disabled = false;
  $("text").focus();
  watch();
}

function watch() {
  state.stream?.dispose();
  if (!state.current || !state.connection) return;
  const id = state.current.id;
  state.stream = state.connection.stream("Watch", id, state.lastSeq).subscribe({
    next: (event) => { if (state.current?.id === id) render(event); },
    error: (err) => setStatus(cleanError(err)),
    complete: () => {},
  });
}

function render(event) {
  if (event.seq <= state.lastSeq) return;
  state.lastSeq = event.seq;
  const messages = $("messages");
  if (event.type === "delta") {
    if (!state.streamingItem) {
      state.streamingItem = bubble("assistant streaming", "");
      messages.append(state.streamingItem);
    }
    state.streamingItem.textContent += event.text;
  } else if (event.type === "message" && event.role === "assistant") {
    const item = state.streamingItem || messages.appendChild(bubble("assistant", ""));
    item.textContent = event.text;
    item.className = "assistant";
    state.streamingItem = null;
  } else if (event.type === "message") {
    messages.append(bubble(event.role, event.text));
  } else if (event.type === "step" && event.step?.status === "pending" && event.step.approvalId) {
    messages.append(approvalBubble(event));
  } else if (event.type === "step") {
    const step = event.step || {};
    if (step.action === "resume") {
      // The answer starts over after a restart: drop the partial one.
      state.streamingItem?.remove();
      state.streamingItem = null;
    }
    // Plan steps name their number and tool; a finished plan shows its numbered steps.
    const what = step.action === "plan" || step.action?.startsWith("step ") ? `${step.action}${step.tool ? ` (${step.tool})` : ""}` : step.tool || step.action;
    const detail = step.action === "plan" && step.status !== "running" ? `\n${event.text}` : "";
    messages.append(bubble("step", `${step.agent || "sophia"} · ${what}: ${step.status}${step.durationMs ? ` (${step.durationMs} ms)` : ""}${detail}`));
  } else if (event.type === "error") {
    state.streamingItem?.classList.remove("streaming");
    state.streamingItem = null;
    messages.append(bubble("error", event.text));
  }
  messages.scrollTop = messages.scrollHeight;
}

function approvalBubble(event) {
  const li = bubble("assistant approval", event.text);
  const conversationId = state.current.id;
  for (const [label, approved] of [["Approve", true], ["Refuse", false]]) {
    const button = document.createElement("button");
    button.textContent = label;
    button.onclick = async () => {
      li.querySelectorAll("button").forEach((b) => (b.disabled = true));
      try { await state.connection.invoke("Approve", conversationId, event.step.approvalId, approved, null); }
      catch (err) { setStatus(cleanError(err)); }
    };
    li.append(document.createElement("br"), button);
  }
  return li;
}

function bubble(kind, text) {
  const li = document.createElement("li");
  li.className = kind;
  li.textContent = text;
  return li;
}

$("composer").onsubmit = async (e) => {
  e.preventDefault();
  const text = $("text").value;
  if (!text.trim() || !state.current) return;
  $("send").disabled = true;
  try {
    await state.connection.invoke("SendMessage", state.current.id, text);
    $("text").value = "";
    setStatus("");
  } catch (err) { setStatus(cleanError(err)); }
  finally { $("send").disabled = false; }
};

$("policy").onchange = async () => {
  try {
    state.current.policy = await state.connection.invoke("SetPolicy", state.current.id, $("policy").value);
    setStatus("");
  } catch (err) { setStatus(cleanError(err)); }
};

$("text").onkeydown = (e) => {
  if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("composer").requestSubmit(); }
};

function setStatus(text) { $("status").textContent = text; }
function cleanError(err) { return String(err?.message || err).replace(/^.*HubException: /, ""); }

boot();
