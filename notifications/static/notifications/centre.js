// Opening an unread notification marks it read, so the badge and list stay true without a
// separate click. Without JavaScript the "Mark as read" buttons do the same.
const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-mark-read]");
  if (!link || !csrf) return;
  fetch(link.dataset.markRead, {
    method: "POST",
    keepalive: true,
    headers: { "X-CSRFToken": csrf.value, Accept: "application/json" },
    credentials: "same-origin",
  });
});
