// The weekly availability grid: progressive enhancement of the window rows on
// /bookings/availability/. Without JavaScript the rows are the form; with it, weekly windows
// are edited as half-hours in a grid (one tab stop, arrow keys move, Space or Enter toggles),
// and on submit the grid is written back into the rows the server already understands.
const form = document.querySelector("[data-availability-form]");
const host = form && form.querySelector("[data-week-grid]");

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const FIRST = 7 * 60;
const LAST = 21 * 60;
const STEP = 30;

const hhmm = (minutes) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const toMinutes = (value) => {
  const [h, m] = value.split(":").map(Number);
  return h * 60 + m;
};
const field = (row, name) => row.querySelector(`[name$="-${name}"]`);

function weeklyRows() {
  return [...form.querySelectorAll("[data-window]")].filter((row) => {
    const weekday = field(row, "weekday");
    const date = field(row, "date");
    const del = field(row, "DELETE");
    return weekday && weekday.value !== "" && !(date && date.value) && !(del && del.checked)
      && field(row, "start_time").value && field(row, "end_time").value;
  });
}

function readCells(rows) {
  const cells = new Set();
  for (const row of rows) {
    const day = Number(field(row, "weekday").value);
    const start = toMinutes(field(row, "start_time").value);
    const end = toMinutes(field(row, "end_time").value);
    if (start % STEP || end % STEP || start < FIRST || end > LAST) return null; // keep the rows
    for (let t = start; t < end; t += STEP) cells.add(`${day}:${t}`);
  }
  return cells;
}

function windowsFrom(cells) {
  const windows = [];
  for (let day = 0; day < 7; day += 1) {
    let start = null;
    for (let t = FIRST; t <= LAST; t += STEP) {
      const on = t < LAST && cells.has(`${day}:${t}`);
      if (on && start === null) start = t;
      if (!on && start !== null) {
        windows.push({ day, start, end: t });
        start = null;
      }
    }
  }
  return windows;
}

function describe(cells) {
  const byDay = new Map();
  for (const w of windowsFrom(cells)) {
    if (!byDay.has(w.day)) byDay.set(w.day, []);
    byDay.get(w.day).push(`${hhmm(w.start)} to ${hhmm(w.end)}`);
  }
  if (!byDay.size) return "No weekly times chosen.";
  return [...byDay].map(([day, spans]) => `${DAYS[day]} ${spans.join(", ")}`).join("; ") + ".";
}

function addRow(template, index) {
  const row = template.cloneNode(true);
  for (const el of row.querySelectorAll("[name], [id], [for]")) {
    for (const attr of ["name", "id", "for"]) {
      const value = el.getAttribute(attr);
      if (value) el.setAttribute(attr, value.replace(/windows-\d+-/, `windows-${index}-`));
    }
    if (el.matches("input[type=checkbox]")) el.checked = false;
    else if (el.matches("input, select")) el.value = "";
  }
  for (const error of row.querySelectorAll(".field__errors, .errorlist")) error.remove();
  row.hidden = true;
  return row;
}

function build() {
  const rows = weeklyRows();
  const cells = readCells(rows);
  if (cells === null) return; // a window off the half-hour grid: the rows stay as they are
  for (const row of rows) row.hidden = true;

  const intro = document.createElement("p");
  intro.className = "field__hint";
  intro.id = "week-grid-hint";
  intro.textContent = "Choose the half-hours you are free every week. Use the arrow keys to move "
    + "and Space to choose. One-off dates stay in the rows below.";
  const table = document.createElement("table");
  table.className = "week-grid__table";
  table.setAttribute("aria-describedby", "week-grid-hint");
  table.createCaption().textContent = "Your weekly availability";
  const headRow = table.createTHead().insertRow();
  headRow.appendChild(document.createElement("td"));
  DAYS.forEach((day, i) => {
    const th = document.createElement("th");
    th.scope = "col";
    th.innerHTML = `<abbr title="${day}">${SHORT[i]}</abbr>`;
    headRow.appendChild(th);
  });
  const body = table.createTBody();
  const buttons = [];
  for (let t = FIRST; t < LAST; t += STEP) {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = hhmm(t);
    tr.appendChild(th);
    const line = [];
    for (let day = 0; day < 7; day += 1) {
      const td = tr.insertCell();
      const button = document.createElement("button");
      button.type = "button";
      button.className = "week-grid__cell";
      button.dataset.key = `${day}:${t}`;
      button.setAttribute("aria-label", `${DAYS[day]} ${hhmm(t)} to ${hhmm(t + STEP)}`);
      button.setAttribute("aria-pressed", String(cells.has(button.dataset.key)));
      button.tabIndex = -1;
      td.appendChild(button);
      line.push(button);
    }
    buttons.push(line);
  }
  const summary = document.createElement("p");
  summary.className = "week-grid__summary";
  summary.setAttribute("aria-live", "polite");
  summary.textContent = describe(cells);

  let focusRow = 0;
  let focusCol = 0;
  const firstOn = buttons.flat().find((b) => b.getAttribute("aria-pressed") === "true");
  (firstOn || buttons[4][0]).tabIndex = 0; // else Monday 09:00
  const move = (row, col) => {
    focusRow = Math.max(0, Math.min(buttons.length - 1, row));
    focusCol = Math.max(0, Math.min(6, col));
    for (const b of buttons.flat()) b.tabIndex = -1;
    const target = buttons[focusRow][focusCol];
    target.tabIndex = 0;
    target.focus();
  };
  table.addEventListener("click", (event) => {
    const button = event.target.closest(".week-grid__cell");
    if (!button) return;
    const on = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(on));
    if (on) cells.add(button.dataset.key);
    else cells.delete(button.dataset.key);
    summary.textContent = describe(cells);
  });
  table.addEventListener("keydown", (event) => {
    const button = event.target.closest(".week-grid__cell");
    if (!button) return;
    buttons.forEach((line, r) => {
      const c = line.indexOf(button);
      if (c >= 0) [focusRow, focusCol] = [r, c];
    });
    const moves = {
      ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1],
    };
    if (event.key in moves) {
      event.preventDefault();
      move(focusRow + moves[event.key][0], focusCol + moves[event.key][1]);
    } else if (event.key === "Home") {
      event.preventDefault();
      move(focusRow, 0);
    } else if (event.key === "End") {
      event.preventDefault();
      move(focusRow, 6);
    }
  });

  const scroll = document.createElement("div");
  scroll.className = "week-grid__scroll";
  scroll.appendChild(table);
  host.append(intro, scroll, summary);
  host.hidden = false;

  form.addEventListener("submit", () => {
    // The grid replaces every weekly row: tick the old ones to delete, add one per window.
    for (const row of weeklyRows()) {
      const del = field(row, "DELETE");
      if (del) del.checked = true;
    }
    const total = form.querySelector('[name="windows-TOTAL_FORMS"]');
    const template = form.querySelector("[data-window]");
    const container = form.querySelector("[data-window-rows]");
    for (const w of windowsFrom(cells)) {
      const index = Number(total.value);
      const row = addRow(template, index);
      field(row, "weekday").value = String(w.day);
      field(row, "start_time").value = hhmm(w.start);
      field(row, "end_time").value = hhmm(w.end);
      container.appendChild(row);
      total.value = String(index + 1);
    }
  });
}

if (host) build();
