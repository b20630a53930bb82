// Suggestions for text boxes that name one record among many (core/autocomplete.py).
// Without this script the box still works: the user types a key, id or exact name.
// `data-autocomplete-forward` ({"agreement": "agreement"}: the source's name for a value → the name of
// the field holding it in the same form) sends the current values of the fields that narrow the
// suggestions, e.g. the amendments of the agreement chosen above.
(function () {
  "use strict";
  var DELAY_MS = 150;

  function forwarded(input) {
    var names = JSON.parse(input.dataset.autocompleteForward || "{}");
    var params = [];
    Object.keys(names).sort().forEach(function (param) {
      var field = input.form ? input.form.elements.namedItem(names[param]) : null;
      var value = field && typeof field.value === "string" ? field.value.trim() : "";
      if (value) params.push(encodeURIComponent(param) + "=" + encodeURIComponent(value));
    });
    return params.join("&");
  }

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var asked = null;
    if (!list) return;

    function suggest() {
      var text = input.value.trim();
      var query = "q=" + encodeURIComponent(text);
      var narrowing = forwarded(input);
      if (narrowing) query += "&" + narrowing;
      if (query === asked) return;
      asked = query;
      fetch(input.dataset.autocomplete + "?" + query, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (asked !== query) return; // a later keystroke asked again
          list.replaceChildren.apply(list, data.results.map(function (item) {
            var option = document.createElement("option");
            option.value = item.value;
            option.label = item.label;
            return option;
          }));
        })
        .catch(function () { /* no suggestions; typing still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(attach);
})();
