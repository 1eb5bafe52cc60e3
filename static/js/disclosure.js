// The header menu and section sub-menus are <details>, so they work without this module.
// It adds what a disclosure menu is expected to do: Escape closes it and returns focus to its
// button, and a click elsewhere closes the header menu on a phone. Where a browser cannot show
// a closed <details>' content on a wide screen (no ::details-content), it opens them there.
const disclosures = [...document.querySelectorAll("details[data-disclosure]")];
const wide = window.matchMedia("(min-width: 48rem)");
const showsClosedContent = CSS.supports("selector(::details-content)");

function fitToWidth() {
  if (showsClosedContent) return;
  for (const details of disclosures) details.open = wide.matches;
}

for (const details of disclosures) {
  details.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !details.open || wide.matches) return;
    details.open = false;
    details.querySelector("summary").focus();
  });
}

document.addEventListener("click", (event) => {
  if (wide.matches) return;
  for (const details of disclosures) {
    if (details.open && details.classList.contains("menu") && !details.contains(event.target)) {
      details.open = false;
    }
  }
});

wide.addEventListener("change", fitToWidth);
fitToWidth();
