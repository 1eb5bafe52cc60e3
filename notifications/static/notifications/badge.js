// The header's unread badges (on the Notifications link, and on a phone's Menu button), kept
// live over /ws/notifications/. The number in the page is right at every load; this only moves
// it while the page stays open.
const badges = [...document.querySelectorAll("[data-unread-badge]")];
const badge = badges[0];

function show(count) {
  for (const each of badges) {
    each.querySelector("[data-unread-count]").textContent = String(count);
    each.hidden = count === 0;
    each.querySelector("[data-unread-label]").textContent =
      count === 1 ? "unread notification" : "unread notifications";
  }
}

function connect(attempt = 0) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/ws/notifications/`);
  socket.addEventListener("open", () => {
    attempt = 0;
  });
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type !== "unread") return;
    show(frame.count);
    // The count is live from here on (the socket is in the member's group): tests wait for it.
    document.documentElement.dataset.unreadLive = "";
  });
  socket.addEventListener("close", (event) => {
    if (event.code === 4401) return; // signed out: nothing to count
    const delay = Math.min(30000, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
    setTimeout(() => connect(attempt + 1), delay);
  });
}

if (badge) connect();
