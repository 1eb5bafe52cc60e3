// Live circle discussion: a WebSocket client with reconnect and replay of every change since
// the last one seen (new messages, edits, deletions, hiding), typing indicator, presence, live
// edits and read positions. The page works without it (ordinary
// forms); this module only enhances it. Protocol: docs/realtime-protocol.md.
//
// For screen readers and keyboards: other people's new messages are read out through one
// polite live region (#announcer), never the typing; a sent message shows "Sending…" until
// the server acknowledges it and "Not sent" with a Retry button if it refuses it or the
// connection drops; after an edit is saved, focus returns to the edited message; typing @
// offers the circle's members (mentions.js).
import { attachMentions } from "./mentions.js";

const root = document.getElementById("circle");
const FINAL_CLOSE = {
  4401: "You are signed out. Sign in again to keep talking.",
  4403: "You are no longer a member of this circle.",
  4409: "You are no longer a member of this circle.",
  4410: "This circle has closed.",
};
const TYPING_SEND_EVERY = 2000;
const TYPING_SHOW_FOR = 4000;
const PING_EVERY = 30000; // keeps this socket's presence fresh (the server expires silent ones)
const ACK_WAIT = 15000; // a send not acknowledged by then is shown as not sent

if (root) {
  const slug = root.dataset.slug;
  const threadId = root.dataset.thread ? Number(root.dataset.thread) : null;
  const me = Number(root.dataset.member);
  const isFacilitator = root.dataset.facilitator === "true";
  let lastChange = Number(root.dataset.lastChange || 0); // the circle's change sequence
  let lastId = Number(root.dataset.lastId || 0); // newer messages are new to this reader

  const list = document.getElementById("messages");
  const form = document.getElementById("post-form");
  const textarea = form ? form.querySelector("textarea") : null;
  const postError = document.getElementById("post-error");
  const status = document.getElementById("connection");
  const typingLine = document.getElementById("typing");
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  const announcer = document.getElementById("announcer");

  let socket = null;
  let retry = 0;
  let refCounter = 0;
  const pending = new Map(); // ref -> {body, li, timer}: sent, not yet acknowledged
  let focusAfterUpdate = null; // id of the message whose edit was just saved
  const typists = new Map(); // member id -> {name, timer}
  let lastTypingSent = 0;
  let pinger = null;

  const isOpen = () => socket && socket.readyState === WebSocket.OPEN;
  const send = (frame) => {
    if (!isOpen()) return false;
    socket.send(JSON.stringify(frame));
    return true;
  };
  const say = (text, lost = false) => {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("connection--lost", lost);
  };

  // One polite announcement at a time, gathered over a moment so a burst of messages (or a
  // replay after reconnecting) is read out once, not message by message.
  const heard = [];
  let announceTimer = null;
  function announce(text) {
    if (!announcer) return;
    heard.push(text);
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      announcer.textContent = heard.length === 1 ? heard[0] : `${heard.length} new messages. Latest: ${heard[heard.length - 1]}`;
      heard.length = 0;
    }, 400);
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/ws/circles/${slug}/`);
    socket.addEventListener("open", () => {
      retry = 0;
      say("Live: new messages appear as they are sent.");
      send({ type: "resume", last_change: lastChange });
      markRead();
      clearInterval(pinger);
      pinger = setInterval(() => send({ type: "ping" }), PING_EVERY);
    });
    socket.addEventListener("message", (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      (handlers[frame.type] || (() => {}))(frame);
    });
    socket.addEventListener("close", (event) => {
      clearInterval(pinger);
      for (const ref of pending.keys()) notSent(ref, "The connection dropped before it was sent.");
      if (FINAL_CLOSE[event.code]) {
        say(FINAL_CLOSE[event.code], true);
        if (form) form.hidden = true;
        return;
      }
      const wait = Math.min(30000, 1000 * 2 ** retry) * (0.5 + Math.random() / 2);
      retry += 1;
      say("Connection lost. Reconnecting…", true);
      setTimeout(connect, wait);
    });
  }

  // --- Rendering ----------------------------------------------------------------------------
  // Messages arrive rendered by the server's one template (`_message.html`), for every
  // reader at once; here each item keeps only this reader's actions.

  function items(html) {
    const template = document.createElement("template");
    template.innerHTML = html || "";
    return new Map([...template.content.querySelectorAll(".msg")].map((li) => [Number(li.dataset.id), li]));
  }

  function fit(li) {
    const mine = li.dataset.author !== "" && Number(li.dataset.author) === me;
    li.querySelectorAll(mine ? ".msg__others" : ".msg__own").forEach((el) => el.remove());
    if (!isFacilitator) li.querySelectorAll(".msg__mod").forEach((el) => el.remove());
    li.querySelectorAll("form").forEach((f) => {
      if (csrf && !f.elements.csrfmiddlewaretoken) f.prepend(csrf.cloneNode());
    });
    return li;
  }

  // Tell the server this reader has seen the thread up to its last message, once the page
  // is in view. The server answers every page of this member's with a `read` frame.
  let readUpTo = Number(root.dataset.unread || 0) > 0 ? 0 : Number(list?.lastElementChild?.dataset.id || 0);
  function markRead() {
    if (!list || threadId === null || document.visibilityState !== "visible") return;
    const last = Number(list.lastElementChild?.dataset.id || 0);
    if (last <= readUpTo || !send({ type: "read", thread: threadId, up_to: last })) return;
    readUpTo = last;
  }

  function bumpUnread(thread) {
    const badge = document.querySelector(`#threads [data-thread="${thread}"] .unread`);
    if (!badge) return;
    const n = Number(badge.dataset.unread || 0) + 1;
    badge.dataset.unread = n;
    badge.querySelector(".unread__count").textContent = n;
    badge.hidden = false;
  }

  function showTyping() {
    if (!typingLine) return;
    const names = [...typists.values()].map((t) => t.name);
    const text =
      names.length === 0 ? "" : names.length === 1 ? `${names[0]} is typing…` : `${names.join(", ")} are typing…`;
    if (typingLine.textContent !== text) typingLine.textContent = text; // no repeats for each keystroke
  }

  // --- Frames from the server ---------------------------------------------------------------

  // One change to one message (created, edited, deleted or hidden), live or replayed: the
  // page ends up as a fresh load would show it. A version older than the one shown is
  // ignored, so changes may arrive in any order and more than once.
  function changed(m, li) {
    lastChange = Math.max(lastChange, m.change);
    const isNew = m.id > lastId;
    lastId = Math.max(lastId, m.id);
    if (isNew) {
      const typist = typists.get(m.author.id);
      if (typist) {
        clearTimeout(typist.timer);
        typists.delete(m.author.id);
        showTyping();
      }
    }
    const shown = document.getElementById(`message-${m.id}`);
    if (shown) {
      if (li && Number(shown.dataset.change || 0) < m.change) {
        // Focus goes back to a message you just edited, or stays on one you were in.
        const hadFocus = shown.contains(document.activeElement) || focusAfterUpdate === m.id;
        li.classList.toggle("msg--new", shown.classList.contains("msg--new"));
        shown.replaceWith(fit(li));
        if (hadFocus) {
          focusAfterUpdate = null;
          li.tabIndex = -1;
          li.focus();
        }
      }
      return;
    }
    if (list && m.thread === threadId) {
      // A message joins the page in id order: two server processes may broadcast a circle's
      // messages in a different order from the one they were saved in. One older than the
      // first shown is on an earlier page, which loads as it is now when asked for. Your own
      // message replaces its "Sending…" stand-in.
      if (!li) return;
      const mine = list.querySelector(`.msg--pending[data-acked="${m.id}"]`);
      if (mine) {
        mine.replaceWith(fit(li));
      } else {
        const shownItems = [...list.querySelectorAll(".msg[data-id]")];
        if (shownItems.length && m.id < Number(shownItems[0].dataset.id)) return;
        const later = shownItems.find((item) => Number(item.dataset.id) > m.id);
        li.classList.add("msg--new");
        if (later) later.before(fit(li));
        else list.append(fit(li));
        if (m.author.id !== me && !m.deleted && !m.hidden) {
          const text = li.querySelector(".msg__body")?.textContent.trim().replace(/\s+/g, " ") || "";
          announce(`${m.author.name}: ${text.length > 140 ? `${text.slice(0, 140)}…` : text}`);
        }
      }
      markRead();
    } else if (isNew && m.author.id !== me && !m.deleted && !m.hidden) {
      bumpUnread(m.thread);
    }
  }

  const handlers = {
    hello() {},
    pong() {},
    replay(frame) {
      const rendered = items(frame.html);
      frame.messages.forEach((m) => changed(m, rendered.get(m.id)));
    },
    resync() {
      location.reload();
    },
    "message.created"(frame) {
      changed(frame.message, items(frame.html).get(frame.message.id));
    },
    "message.updated"(frame) {
      changed(frame.message, items(frame.html).get(frame.message.id));
    },
    "message.ack"(frame) {
      const sent = pending.get(frame.ref);
      pending.delete(frame.ref);
      if (postError) postError.textContent = "";
      if (!sent || !sent.li) return; // an edit's acknowledgement
      clearTimeout(sent.timer);
      if (document.getElementById(`message-${frame.id}`)) {
        sent.li.remove(); // the message itself arrived first
      } else {
        sent.li.dataset.acked = frame.id;
        sent.li.querySelector(".msg__status").textContent = "Sent";
      }
    },
    "thread.created"(frame) {
      const threads = document.getElementById("threads");
      if (!threads || threads.querySelector(`[data-thread="${frame.thread.id}"]`)) return;
      const li = document.createElement("li");
      li.dataset.thread = frame.thread.id;
      const link = document.createElement("a");
      link.href = `/circles/${slug}/threads/${frame.thread.id}/`;
      link.textContent = frame.thread.title;
      li.append(link);
      const badge = document.createElement("span");
      badge.className = "unread";
      badge.dataset.unread = 0;
      badge.hidden = true;
      badge.innerHTML = '<span class="unread__count">0</span> unread';
      li.append(" ", badge);
      threads.prepend(li);
    },
    typing(frame) {
      if (frame.member.id === me || frame.thread !== threadId) return;
      const existing = typists.get(frame.member.id);
      if (existing) clearTimeout(existing.timer);
      const timer = setTimeout(() => {
        typists.delete(frame.member.id);
        showTyping();
      }, TYPING_SHOW_FOR);
      typists.set(frame.member.id, { name: frame.member.name, timer });
      showTyping();
    },
    presence(frame) {
      const here = new Set(frame.members.map((m) => m.id));
      document.querySelectorAll("#people [data-member]").forEach((li) => {
        const present = here.has(Number(li.dataset.member));
        li.classList.toggle("is-present", present);
        const label = li.querySelector(".presence-label");
        if (label) label.textContent = present ? "· here now" : "";
      });
    },
    read(frame) {
      // Read here or in another tab: this thread has nothing unread for this member now.
      if (frame.thread === threadId) document.getElementById("mark-read")?.remove();
      const badge = document.querySelector(`#threads [data-thread="${frame.thread}"] .unread`);
      if (badge) {
        badge.dataset.unread = 0;
        badge.hidden = true;
      }
    },
    mention(frame) {
      say(`${frame.by} mentioned you.`);
    },
    error(frame) {
      if (frame.ref && pending.has(frame.ref)) {
        notSent(frame.ref, frame.message);
        return;
      }
      if (postError) postError.textContent = frame.message;
    },
  };

  // --- Sending, with its state shown on the message -----------------------------------------

  function pendingItem(body) {
    const li = document.createElement("li");
    li.className = "msg msg--pending";
    const meta = document.createElement("p");
    meta.className = "msg__meta";
    const who = document.createElement("strong");
    who.className = "msg__author";
    who.textContent = "You";
    const state = document.createElement("span");
    state.className = "msg__status";
    state.setAttribute("role", "status");
    state.textContent = "Sending…";
    meta.append(who, " ", state);
    const text = document.createElement("div");
    text.className = "msg__body";
    text.textContent = body;
    li.append(meta, text);
    return li;
  }

  function sendMessage(body, li = null) {
    const ref = `r${++refCounter}`;
    const item = li || pendingItem(body);
    item.classList.remove("msg--failed");
    item.querySelector(".msg__status").textContent = "Sending…";
    item.querySelector(".msg__retry")?.remove();
    if (!li && list) list.append(item);
    const timer = setTimeout(() => notSent(ref, "No answer from the server."), ACK_WAIT);
    pending.set(ref, { body, li: item, timer });
    if (!send({ type: "message.send", thread: threadId, body, ref })) {
      notSent(ref, "You are offline.");
    }
  }

  function notSent(ref, reason) {
    const sent = pending.get(ref);
    pending.delete(ref);
    if (!sent) return;
    clearTimeout(sent.timer);
    if (!sent.li) return;
    sent.li.classList.add("msg--failed");
    sent.li.querySelector(".msg__status").textContent = `Not sent: ${reason}`;
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "button button--small button--secondary msg__retry";
    retry.textContent = "Retry";
    retry.setAttribute("aria-label", "Retry sending this message");
    retry.addEventListener("click", () => {
      sendMessage(sent.body, sent.li);
      textarea?.focus();
    });
    sent.li.querySelector(".msg__meta").append(" ", retry);
  }

  // --- Enhancing the forms ------------------------------------------------------------------

  if (form && textarea) {
    form.addEventListener("submit", (event) => {
      if (!isOpen()) return; // no socket: the ordinary form post still works
      event.preventDefault();
      const body = textarea.value;
      if (!body.trim()) {
        if (postError) postError.textContent = "Write a message first.";
        return;
      }
      sendMessage(body);
      textarea.value = "";
      textarea.focus();
    });
    attachMentions(textarea, () =>
      [...document.querySelectorAll("#people [data-member]")]
        .filter((li) => Number(li.dataset.member) !== me)
        .map((li) => li.dataset.name)
        .filter(Boolean),
    );
    textarea.addEventListener("input", () => {
      const now = Date.now();
      if (now - lastTypingSent < TYPING_SEND_EVERY || !textarea.value.trim()) return;
      lastTypingSent = now;
      send({ type: "typing", thread: threadId });
    });
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
    });
  }

  if (list) {
    list.addEventListener("click", (event) => {
      const link = event.target.closest(".msg__edit");
      if (!link || !isOpen()) return;
      event.preventDefault();
      const li = link.closest(".msg");
      const body = li.querySelector(".msg__body");
      if (li.querySelector(".msg__editor")) return;
      const editor = document.createElement("form");
      editor.className = "msg__editor";
      const label = document.createElement("label");
      label.textContent = "Edit your message";
      label.htmlFor = `edit-${li.dataset.id}`;
      const area = document.createElement("textarea");
      area.id = label.htmlFor;
      area.rows = 3;
      area.value = body.innerText;
      const save = document.createElement("button");
      save.type = "submit";
      save.className = "button button--small";
      save.textContent = "Save";
      const cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "link-button";
      cancel.textContent = "Cancel";
      editor.append(label, area, save, " ", cancel);
      body.hidden = true;
      body.after(editor);
      area.focus();
      const close = () => {
        editor.remove();
        body.hidden = false;
      };
      cancel.addEventListener("click", () => {
        close();
        link.focus();
      });
      editor.addEventListener("submit", (e) => {
        e.preventDefault();
        focusAfterUpdate = Number(li.dataset.id);
        send({ type: "message.edit", id: Number(li.dataset.id), body: area.value, ref: `e${li.dataset.id}` });
        close();
        // Until the saved version arrives, keep focus on the message itself.
        li.tabIndex = -1;
        li.focus();
      });
    });
    list.addEventListener("submit", (event) => {
      if (!event.target.classList.contains("msg__delete") || !isOpen()) return;
      event.preventDefault();
      if (!window.confirm("Delete this message for everyone?")) return;
      const li = event.target.closest(".msg");
      send({ type: "message.delete", id: Number(li.dataset.id) });
    });
  }

  // Older history: "Show earlier messages" is loaded in place by htmx (see _earlier_link.html).
  document.addEventListener("visibilitychange", markRead);

  if (list) list.lastElementChild?.scrollIntoView({ block: "end" });
  connect();
}
