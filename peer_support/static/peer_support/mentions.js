// @-mentions in the message box: typing @ and a few letters offers the circle's members in a
// listbox under the box (WAI-ARIA combobox pattern on the textarea). Arrow keys move, Enter or
// Tab chooses, Escape closes; choosing writes "@First Last " as the server recognises it
// (peer_support.services.messages._mentioned).
let counter = 0;

export function attachMentions(textarea, names) {
  const id = `mentions-${++counter}`;
  const list = document.createElement("ul");
  list.id = id;
  list.className = "combobox__options mentions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Members to mention");
  list.hidden = true;
  const wrapper = document.createElement("div");
  wrapper.className = "combobox combobox--mentions";
  textarea.parentNode.insertBefore(wrapper, textarea);
  wrapper.append(textarea, list);
  textarea.setAttribute("aria-autocomplete", "list");
  textarea.setAttribute("aria-controls", id);
  // A textarea cannot take the combobox role, so not aria-expanded either: the open list is
  // announced through aria-activedescendant, which a textbox may carry.
  const hint = document.createElement("span");
  hint.className = "visually-hidden";
  hint.id = `${id}-hint`;
  hint.textContent = "Type @ to mention a member.";
  wrapper.append(hint);
  const described = textarea.getAttribute("aria-describedby");
  textarea.setAttribute("aria-describedby", described ? `${described} ${hint.id}` : hint.id);

  let matches = [];
  let active = 0;
  let start = -1; // where the @ is

  const close = () => {
    list.hidden = true;
    textarea.removeAttribute("aria-activedescendant");
    start = -1;
  };
  const highlight = (index) => {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    textarea.setAttribute("aria-activedescendant", `${id}-${index}`);
  };
  const choose = (index) => {
    const name = matches[index];
    if (name === undefined || start < 0) return;
    const caret = textarea.selectionStart;
    const before = textarea.value.slice(0, start);
    const after = textarea.value.slice(caret);
    textarea.value = `${before}@${name} ${after}`;
    const at = before.length + name.length + 2;
    textarea.setSelectionRange(at, at);
    close();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const update = () => {
    const caret = textarea.selectionStart;
    const upto = textarea.value.slice(0, caret);
    const found = /(^|\s)@([^\s@]*(?: [^\s@]*)?)$/.exec(upto);
    if (!found) return close();
    const typed = found[2].toLowerCase();
    matches = names().filter((n) => n.toLowerCase().startsWith(typed) || n.toLowerCase().split(" ").some((w) => w.startsWith(typed)));
    matches = matches.slice(0, 8);
    if (!matches.length) return close();
    start = caret - found[2].length - 1;
    list.replaceChildren(
      ...matches.map((name, i) => {
        const li = document.createElement("li");
        li.id = `${id}-${i}`;
        li.className = "combobox__option";
        li.setAttribute("role", "option");
        li.textContent = name;
        li.addEventListener("mousedown", (event) => event.preventDefault());
        li.addEventListener("click", () => choose(i));
        return li;
      }),
    );
    list.hidden = false;
    highlight(0);
  };

  textarea.addEventListener("input", update);
  textarea.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % matches.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight((active - 1 + matches.length) % matches.length);
    } else if ((event.key === "Enter" && !event.ctrlKey && !event.metaKey) || event.key === "Tab") {
      event.preventDefault();
      event.stopImmediatePropagation();
      choose(active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  textarea.addEventListener("blur", close);
}
