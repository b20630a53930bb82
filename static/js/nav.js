// The menu button on narrow screens (templates/base.html). Without this script the button stays
// hidden and the navigation stays open, so every link is still reachable.
(function () {
  "use strict";
  var NARROW = window.matchMedia("(max-width: 48rem)");

  function init() {
    var button = document.querySelector(".nav-toggle");
    var panel = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) return;
    button.hidden = false;
    document.documentElement.classList.add("nav-js");

    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu and returns focus to its button.
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && NARROW.matches && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
    set(false);
  }

  // A table wider than the screen scrolls inside itself (app.css); a keyboard can only scroll
  // what it can focus, so such a table joins the tab order while it overflows.
  function markScrollableTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) {
        table.setAttribute("tabindex", "0");
      } else if (table.getAttribute("tabindex") === "0") {
        table.removeAttribute("tabindex");
      }
    });
  }

  function start() {
    init();
    markScrollableTables();
    window.addEventListener("resize", markScrollableTables);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
