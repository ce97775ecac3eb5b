/*
 * The public website's one script, small and optional: without it every page works, with the
 * navigation and the filters simply shown in full. With it, on a narrow screen, they fold
 * behind buttons ("Menu", "Filters") so that the first screen shows content; and a box that
 * scrolls sideways says so in words. Loaded from the site itself, as the Content Security Policy asks.
 */
"use strict";

document.documentElement.classList.add("js");

// A button.disclosure shows and hides the elements its aria-controls names (space-separated).
function setUpDisclosure(button) {
  const panels = button.getAttribute("aria-controls").split(/\s+/)
    .map((id) => document.getElementById(id))
    .filter(Boolean);
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    for (const panel of panels) panel.classList.toggle("is-open", open);
  });
}

// A box that scrolls sideways (a wide table or chart) gets a visible hint above it, shown
// while the box is too narrow for its content (the page gives the words, translated, in
// <body data-scroll-hint>). The shadows at its edges are drawn by the stylesheet alone.
function addScrollHint(box) {
  const hint = document.createElement("p");
  hint.className = "scroll-hint";
  hint.textContent = document.body.dataset.scrollHint || "";
  box.before(hint);
  const update = () => {
    hint.hidden = box.scrollWidth - box.clientWidth <= 1;
  };
  window.addEventListener("resize", update);
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.disclosure[aria-controls]")) {
    setUpDisclosure(button);
  }
  for (const box of document.querySelectorAll(".table-scroll, .chart-scroll")) {
    addScrollHint(box);
  }
});
