// The organisation picker: progressive enhancement of the organisation <select> on onboarding
// and profile pages. Without JavaScript the list stays (a browser searches it as you type);
// with it, a combobox (WAI-ARIA 1.2 pattern) asks /organisations/search/ as you type and shows
// up to ten matches. Arrow keys move, Enter chooses, Escape closes. The chosen organisation is
// set on the hidden <select>, so the form posts exactly what it posted before.
for (const select of document.querySelectorAll("select[data-organisation-picker]")) {
  enhance(select);
}

function enhance(select) {
  const endpoint = select.dataset.organisationPicker;
  const label = document.querySelector(`label[for="${select.id}"]`);
  const wrapper = document.createElement("div");
  wrapper.className = "combobox";
  const input = document.createElement("input");
  input.type = "text";
  input.id = `${select.id}-search`;
  input.className = "combobox__input";
  input.autocomplete = "off";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  const list = document.createElement("ul");
  list.id = `${select.id}-options`;
  list.className = "combobox__options";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  input.setAttribute("aria-controls", list.id);
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  const describedBy = select.getAttribute("aria-describedby");
  if (describedBy) input.setAttribute("aria-describedby", describedBy);
  if (select.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", "true");
  if (label) {
    label.htmlFor = input.id;
    list.setAttribute("aria-label", label.textContent.trim());
  }
  const chosen = select.selectedOptions[0];
  if (chosen && chosen.value) input.value = chosen.textContent.trim();

  wrapper.append(input, list, status);
  select.after(wrapper);
  select.hidden = true;
  select.tabIndex = -1;

  let results = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", list.children[index].id);
      list.children[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
  const choose = (index) => {
    const organisation = results[index];
    if (!organisation) return;
    let option = [...select.options].find((o) => o.value === String(organisation.id));
    if (!option) {
      option = new Option(organisation.name, organisation.id);
      select.add(option);
    }
    select.value = String(organisation.id);
    select.dispatchEvent(new Event("change", { bubbles: true }));
    input.value = organisation.name;
    status.textContent = `${organisation.name} chosen.`;
    close();
  };
  const show = () => {
    list.replaceChildren(
      ...results.map((o, i) => {
        const li = document.createElement("li");
        li.id = `${list.id}-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "combobox__option";
        const name = document.createElement("span");
        name.textContent = o.name;
        const detail = document.createElement("span");
        detail.className = "combobox__detail";
        detail.textContent = ` ${o.kind}, ${o.place}`;
        li.append(name, detail);
        li.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus
        li.addEventListener("click", () => choose(i));
        return li;
      }),
    );
    const open = results.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    status.textContent = open
      ? `${results.length} organisation${results.length === 1 ? "" : "s"} found. Use the arrow keys to choose.`
      : "No organisation found. You can add yours below.";
    highlight(-1);
  };
  const search = async () => {
    const query = input.value.trim();
    const ticket = ++asked;
    if (query.length < 2) {
      results = [];
      close();
      return;
    }
    try {
      const response = await fetch(`${endpoint}?q=${encodeURIComponent(query)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      if (ticket !== asked) return; // a newer search has been sent
      results = data.results;
      show();
    } catch {
      status.textContent = "Search is not available: choose from the list instead.";
      select.hidden = false;
      select.tabIndex = 0;
    }
  };

  input.addEventListener("input", () => {
    select.value = ""; // typing again clears the choice until one is made
    clearTimeout(timer);
    timer = setTimeout(search, 200); // wait for a pause in typing, not every keystroke
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.hidden && results.length) show();
      highlight(Math.min(results.length - 1, active + 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(Math.max(0, active - 1));
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", close);
}
