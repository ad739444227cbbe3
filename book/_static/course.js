// Small fixes to the theme's pages, found by the course's browser checks (tests/test_book.py).
// Buttons whose aria-label differs from the text they show get an accessible name that contains
// that text (WCAG 2.5.3 "label in name"): the search button shows "Search Ctrl+K" but was named
// "Search"; the colour-mode button shows the current mode.
// sphinxcontrib-bibtex marks the bibliography role="list" but its entries are not list items
// (ARIA "required children"): the entries are read as they are, without the list role.
document.addEventListener("DOMContentLoaded", () => {
  for (const list of document.querySelectorAll(".citation-list[role='list']")) {
    list.removeAttribute("role");
  }
  const buttons = document.querySelectorAll(
    ".search-button__button[aria-label], .theme-switch-button[aria-label]");
  for (const button of buttons) {
    const shown = button.innerText.replace(/\s+/g, " ").trim();
    const label = button.getAttribute("aria-label");
    if (shown && !label.toLowerCase().includes(shown.toLowerCase())) {
      button.setAttribute("aria-label", `${label}: ${shown}`);
    }
  }
});
