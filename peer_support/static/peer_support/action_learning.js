// An action-learning set, live: the page follows the circle socket's `al.stage` events (each
// stage is its own page, so a new stage loads it), counts down the shared timer, and says
// "time is up" to the server when it runs out; the server moves the set on once.
const root = document.getElementById("action-set");
if (root) {
  const { slug } = root.dataset;
  const setId = Number(root.dataset.set);
  const position = Number(root.dataset.position);
  const endsAt = root.dataset.endsAt ? new Date(root.dataset.endsAt) : null;
  const status = document.getElementById("al-status");
  const left = document.getElementById("time-left");
  const questions = document.getElementById("questions");
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  let socket;
  let told = false;

  const connect = () => {
    socket = new WebSocket(`${scheme}://${location.host}/ws/circles/${slug}/`);
    socket.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === "hello") root.dataset.live = "true";
      if (frame.type === "al.stage" && frame.set === setId && frame.position !== position) {
        location.assign(frame.url);
      }
      if (frame.type === "al.question" && frame.set === setId && questions) {
        const item = document.createElement("li");
        item.textContent = frame.body;
        questions.append(item);
      }
      if (frame.type === "error" && status) status.textContent = frame.message;
    });
    socket.addEventListener("close", () => {
      root.dataset.live = "false";
      setTimeout(connect, 3000);
    });
  };
  connect();

  if (endsAt && left) {
    const tick = () => {
      const seconds = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      const m = Math.floor(seconds / 60);
      const s = String(seconds % 60).padStart(2, "0");
      left.textContent = ` (${m}:${s} left)`;
      if (seconds === 0 && !told && socket && socket.readyState === WebSocket.OPEN) {
        told = true;
        socket.send(JSON.stringify({ type: "al.timeup", set: setId, position }));
      }
    };
    tick();
    setInterval(tick, 1000);
  }
}
