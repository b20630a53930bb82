// Suggestions for text boxes that name one record among many (core/autocomplete.py).
// Without this script the box still works: the user types a key, id or exact name.
(function () {
  "use strict";
  var DELAY_MS = 150;

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var asked = null;
    if (!list) return;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = input.value.trim();
        if (text === asked) return;
        asked = text;
        fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(text), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (asked !== text) return; // a later keystroke asked again
            list.replaceChildren.apply(list, data.results.map(function (item) {
              var option = document.createElement("option");
              option.value = item.value;
              option.label = item.label;
              return option;
            }));
          })
          .catch(function () { /* no suggestions; typing still works */ });
      }, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(attach);
})();
