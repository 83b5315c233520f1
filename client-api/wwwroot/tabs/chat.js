"use strict";

/** Chat: the person's conversations, each answer streamed in, its steps as one timeline, its approvals inline. */
const chat = { connection: null, current: null, list: [], lastSeq: 0, stream: null, turns: new Map(), status: null };

function mountChat(panel) {
  chat.status = statusLine();
  chat.status.id = "status";
  panel.append(h("div", { class: "chat-layout" },
    h("aside", { class: "chat-sidebar" },
      h("form", { id: "new-conversation", class: "chat-new", on: { submit: createConversation } },
        h("input", { id: "new-title", maxlength: "200", placeholder: "New conversation title", "aria-label": "New conversation title" }),
        h("select", { id: "new-agent", title: "Who answers the new conversation", "aria-label": "Who answers the new conversation" }, new Option("Sophia", "")),
        h("button", { type: "submit" }, "New")),
      h("input", { id: "conversation-search", type: "search", placeholder: "Search conversations", "aria-label": "Search conversations", on: { input: showConversations } }),
      h("ul", { id: "conversations", class: "conversations" })),
    h("section", { id: "chat", class: "chat" },
      h("header", { class: "chat-title" },
        h("span", { id: "chat-title" }, "Start or pick a conversation"),
        h("select", {
          id: "policy", disabled: true, title: "What a new message does while Sophia is still answering",
          "aria-label": "What a new message does while Sophia is still answering", on: { change: setPolicy },
        }, new Option("queue new messages", "enqueue"), new Option("refuse new messages", "reject"), new Option("new message interrupts", "interrupt"))),
      h("ol", { id: "messages", class: "messages", "aria-live": "polite" }),
      h("form", { id: "composer", class: "composer", on: { submit: sendMessage } },
        h("textarea", { id: "text", rows: "2", disabled: true, "aria-label": "Message", placeholder: "Message Sophia… (Enter to send, Shift+Enter for a new line)", on: { keydown: composerKey } }),
        h("div", { class: "composer-buttons" },
          h("button", { id: "stop", type: "button", class: "danger", hidden: true, on: { click: stopAnswer } }, "Stop"),
          h("button", { id: "send", type: "submit", disabled: true }, "Send"))),
      chat.status)));
  return startChat();
}

async function startChat() {
  // The session cookie rides along; negotiate is a POST on that cookie, so it carries the antiforgery token.
  chat.connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/chat", { headers: { "X-CSRF-TOKEN": session.csrf } })
    .withAutomaticReconnect()
    .build();
  chat.connection.onreconnecting(() => chat.status.say("Reconnecting…"));
  chat.connection.onreconnected(() => { chat.status.say(""); watchConversation(); });
  try {
    await chat.connection.start();
    await Promise.all([loadConversations(), loadAgentChoices()]);
  } catch (err) { if (!(err instanceof SessionEnded)) chat.status.say(errorText(err), true); }
}

async function loadAgentChoices() {
  const agents = await api("/api/agents");
  $("new-agent").replaceChildren(new Option("Sophia", ""), ...agents.map((a) => new Option(a.name, a.name)));
}

async function loadConversations(selectId) {
  chat.list = await api("/api/conversations");
  showConversations();
  const target = chat.list.find((c) => c.id === (selectId || chat.current?.id)) || chat.list[0];
  if (target) await openConversation(target);
}

function showConversations() {
  const query = $("conversation-search").value.trim().toLowerCase();
  const shown = chat.list.filter((c) => !query || c.title.toLowerCase().includes(query));
  $("conversations").replaceChildren(...shown.map(conversationItem));
  if (!shown.length) $("conversations").append(h("li", { class: "empty" }, query ? "No conversation matches." : "No conversation yet: start one above."));
}

function conversationItem(c) {
  const li = h("li", { dataset: { id: c.id }, class: c.id === chat.current?.id ? "active" : "" },
    h("button", { type: "button", class: "title", title: c.title, on: { click: () => openConversation(c) } }, c.title),
    h("button", { type: "button", class: "ghost rename", "aria-label": `Rename ${c.title}`, title: "Rename", on: { click: () => renameConversation(li, c) } }, "✎"));
  return li;
}

function renameConversation(li, c) {
  const input = h("input", { class: "rename-input", value: c.title, maxlength: "200", "aria-label": `New title for ${c.title}` });
  const save = async () => {
    const title = input.value.trim();
    if (!title || title === c.title) { showConversations(); return; }
    try {
      c.title = await chat.connection.invoke("Rename", c.id, title);
      if (chat.current?.id === c.id) showTitle(c);
      chat.status.say("");
    } catch (err) { chat.status.say(errorText(err), true); }
    showConversations();
  };
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); save(); }
    if (e.key === "Escape") showConversations();
  });
  input.addEventListener("blur", save);
  li.replaceChildren(input);
  input.focus();
  input.select();
}

async function createConversation(e) {
  e.preventDefault();
  try {
    const created = await api("/api/conversations", { method: "POST", body: JSON.stringify({ title: $("new-title").value.trim(), agent: $("new-agent").value || null }) });
    $("new-title").value = "";
    $("conversation-search").value = "";
    await loadConversations(created.id);
  } catch (err) { if (!(err instanceof SessionEnded)) chat.status.say(errorText(err), true); }
}

function showTitle(c) { $("chat-title").textContent = c.leadAgent ? `${c.title} · ${c.leadAgent}` : c.title; }

async function openConversation(conversation) {
  chat.current = conversation;
  for (const li of $("conversations").children) li.classList.toggle("active", li.dataset.id === conversation.id);
  showTitle(conversation);
  $("policy").value = conversation.policy || "enqueue";
  $("policy").disabled = false;
  $("messages").replaceChildren();
  chat.turns.clear();
  chat.lastSeq = 0;
  $("text").disabled = $("send").disabled = false;
  $("stop").hidden = true;
  $("text").focus();
  watchConversation();
}

/** History first, then live, each event once: watching again after a reconnect starts after the last event seen. */
function watchConversation() {
  chat.stream?.dispose();
  if (!chat.current || !chat.connection) return;
  const id = chat.current.id;
  chat.stream = chat.connection.stream("Watch", id, chat.lastSeq).subscribe({
    next: (event) => { if (chat.current?.id === id) renderEvent(event); },
    error: (err) => chat.status.say(errorText(err), true),
    complete: () => {},
  });
}

async function sendMessage(e) {
  e.preventDefault();
  const text = $("text").value;
  if (!text.trim() || !chat.current) return;
  $("send").disabled = true;
  try {
    await chat.connection.invoke("SendMessage", chat.current.id, text);
    $("text").value = "";
    chat.status.say("");
  } catch (err) { chat.status.say(errorText(err), true); }
  finally { $("send").disabled = false; }
}

async function stopAnswer() {
  try {
    await chat.connection.invoke("Stop", chat.current.id);
    chat.status.say("");
  } catch (err) { chat.status.say(errorText(err), true); }
}

async function setPolicy() {
  try {
    chat.current.policy = await chat.connection.invoke("SetPolicy", chat.current.id, $("policy").value);
    chat.status.say("");
  } catch (err) { chat.status.say(errorText(err), true); }
}

function composerKey(e) {
  if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("composer").requestSubmit(); }
}

function signedOutOfChat() {
  chat.stream?.dispose();
  chat.stream = null;
  chat.connection?.stop();
  chat.connection = null;
  chat.current = null;
  chat.turns.clear();
}

Tabs.register({ id: "chat", label: "Chat", mount: mountChat, signedOut: signedOutOfChat });
