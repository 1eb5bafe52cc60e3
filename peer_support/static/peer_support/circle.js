// Live circle discussion: a WebSocket client with reconnect and last-id replay, typing
// indicator, presence and live edits. The page works without it (ordinary forms); this
// module only enhances it. Protocol: docs/realtime-protocol.md.

const root = document.getElementById("circle");
const FINAL_CLOSE = {
  4401: "You are signed out. Sign in again to keep talking.",
  4403: "You are no longer a member of this circle.",
  4409: "You are no longer a member of this circle.",
  4410: "This circle has closed.",
};
const TYPING_SEND_EVERY = 2000;
const TYPING_SHOW_FOR = 4000;

if (root) {
  const slug = root.dataset.slug;
  const threadId = root.dataset.thread ? Number(root.dataset.thread) : null;
  const me = Number(root.dataset.member);
  const isFacilitator = root.dataset.facilitator === "true";
  const messageBase = root.dataset.messageBase;
  let lastId = Number(root.dataset.lastId || 0);

  const list = document.getElementById("messages");
  const form = document.getElementById("post-form");
  const textarea = form ? form.querySelector("textarea") : null;
  const postError = document.getElementById("post-error");
  const status = document.getElementById("connection");
  const typingLine = document.getElementById("typing");
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");

  let socket = null;
  let retry = 0;
  let refCounter = 0;
  const pending = new Map(); // ref -> text sent, restored if the server refuses it
  const typists = new Map(); // member id -> {name, timer}
  let lastTypingSent = 0;

  const isOpen = () => socket && socket.readyState === WebSocket.OPEN;
  const send = (frame) => isOpen() && socket.send(JSON.stringify(frame));
  const say = (text, lost = false) => {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("connection--lost", lost);
  };

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/ws/circles/${slug}/`);
    socket.addEventListener("open", () => {
      retry = 0;
      say("Live: new messages appear as they are sent.");
      send({ type: "resume", last_id: lastId });
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

  // --- Rendering --------------------------------------------------------------------------

  function actionLink(text, href, cls) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    if (cls) a.className = cls;
    return a;
  }

  function postButton(text, action, cls, hidden) {
    const f = document.createElement("form");
    f.method = "post";
    f.action = action;
    f.className = `inline-form ${cls || ""}`;
    if (csrf) f.append(csrf.cloneNode());
    if (hidden) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = hidden[0];
      input.value = hidden[1];
      f.append(input);
    }
    const b = document.createElement("button");
    b.type = "submit";
    b.className = "link-button";
    b.textContent = text;
    f.append(b);
    return f;
  }

  function render(m) {
    const li = document.createElement("li");
    li.className = "msg msg--new";
    li.id = `message-${m.id}`;
    li.dataset.id = m.id;
    li.dataset.author = m.author.id ?? "";
    const meta = document.createElement("p");
    meta.className = "msg__meta";
    const who = document.createElement("strong");
    who.className = "msg__author";
    who.textContent = m.author.name;
    const when = document.createElement("time");
    when.dateTime = m.created;
    when.textContent = new Date(m.created).toLocaleString("en-GB", {
      day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London",
    });
    const edited = document.createElement("span");
    edited.className = "msg__edited";
    edited.textContent = "(edited)";
    meta.append(who, " ", when, " ", edited);
    const body = document.createElement("div");
    body.className = "msg__body";
    li.append(meta, body);
    const actions = document.createElement("div");
    actions.className = "msg__actions";
    if (m.author.id === me) {
      actions.append(
        actionLink("Edit", `${messageBase}${m.id}/edit/`, "msg__edit"),
        postButton("Delete", `${messageBase}${m.id}/delete/`, "msg__delete"),
      );
    } else {
      actions.append(actionLink("Report", `${messageBase}${m.id}/report/`));
    }
    if (isFacilitator) actions.append(postButton("Hide", `${messageBase}${m.id}/hide/`));
    li.append(actions);
    update(li, m);
    return li;
  }

  function update(li, m) {
    // `m.html` is built by the server: the text HTML-escaped, then links made clickable.
    li.querySelector(".msg__body").innerHTML = m.html;
    li.querySelector(".msg__edited").hidden = !m.edited || m.deleted || m.hidden;
    if (m.deleted || m.hidden) {
      li.classList.add("msg--removed");
      li.querySelector(".msg__actions")?.remove();
    }
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
    typingLine.textContent =
      names.length === 0 ? "" : names.length === 1 ? `${names[0]} is typing…` : `${names.join(", ")} are typing…`;
  }

  // --- Frames from the server ---------------------------------------------------------------

  function created(m) {
    if (m.id <= lastId && document.getElementById(`message-${m.id}`)) return;
    lastId = Math.max(lastId, m.id);
    const typist = typists.get(m.author.id);
    if (typist) {
      clearTimeout(typist.timer);
      typists.delete(m.author.id);
      showTyping();
    }
    if (list && m.thread === threadId) {
      if (document.getElementById(`message-${m.id}`)) return;
      list.append(render(m));
      if (m.author.id !== me && document.visibilityState === "visible") {
        send({ type: "read", thread: threadId, up_to: m.id });
      }
    } else if (m.author.id !== me) {
      bumpUnread(m.thread);
    }
  }

  const handlers = {
    hello() {},
    pong() {},
    replay(frame) {
      frame.messages.forEach(created);
    },
    resync() {
      location.reload();
    },
    "message.created"(frame) {
      created(frame.message);
    },
    "message.updated"(frame) {
      const li = document.getElementById(`message-${frame.message.id}`);
      if (li) update(li, frame.message);
    },
    "message.ack"(frame) {
      pending.delete(frame.ref);
      if (postError) postError.textContent = "";
    },
    "thread.created"(frame) {
      const threads = document.getElementById("threads");
      if (!threads || threads.querySelector(`[data-thread="${frame.thread.id}"]`)) return;
      const li = document.createElement("li");
      li.dataset.thread = frame.thread.id;
      li.append(actionLink(frame.thread.title, `/circles/${slug}/threads/${frame.thread.id}/`));
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
    mention(frame) {
      say(`${frame.by} mentioned you.`);
    },
    error(frame) {
      const text = pending.get(frame.ref);
      if (text !== undefined && textarea && !textarea.value) textarea.value = text;
      pending.delete(frame.ref);
      if (postError) postError.textContent = frame.message;
    },
  };

  // --- Enhancing the forms ------------------------------------------------------------------

  if (form && textarea) {
    form.addEventListener("submit", (event) => {
      if (!isOpen()) return; // no socket: the ordinary form post still works
      event.preventDefault();
      const body = textarea.value;
      const ref = `r${++refCounter}`;
      pending.set(ref, body);
      send({ type: "message.send", thread: threadId, body, ref });
      textarea.value = "";
      textarea.focus();
    });
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
      cancel.addEventListener("click", close);
      editor.addEventListener("submit", (e) => {
        e.preventDefault();
        send({ type: "message.edit", id: Number(li.dataset.id), body: area.value, ref: `e${li.dataset.id}` });
        close();
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

  // Older history loads as the reader scrolls up to the "Show earlier messages" link.
  const earlier = document.getElementById("earlier");
  if (earlier && list && root.dataset.messagesUrl) {
    let loading = false;
    const loadEarlier = async () => {
      if (loading) return;
      loading = true;
      const before = list.querySelector(".msg")?.dataset.id;
      const response = await fetch(`${root.dataset.messagesUrl}?before=${before}&fragment=1`, {
        credentials: "same-origin",
      });
      if (response.ok) {
        list.insertAdjacentHTML("afterbegin", await response.text());
        if (response.headers.get("X-Has-Earlier") !== "1") earlier.parentElement.remove();
      }
      loading = false;
    };
    earlier.addEventListener("click", (event) => {
      event.preventDefault();
      loadEarlier();
    });
    new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && document.body.contains(earlier)) loadEarlier();
    }).observe(earlier);
  }

  if (list) list.lastElementChild?.scrollIntoView({ block: "end" });
  connect();
}
