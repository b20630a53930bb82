// The quote builder (templates/pricing/quote.html). Without this script every input stays on the page
// ("More inputs" holds the product-specific ones), "Add a line" submits the page with one more line,
// "Remove this line" is a checkbox, and the buying entity box lists the Customers the page was given.
// With it: lines are added (static/js/formset.js) and removed in place, suggestions follow the chosen
// agreement and dates, and each line shows the inputs its product needs (asked of the server, which
// reads them from the schedule's rules: pricing/quotes.py).
(function () {
  "use strict";
  var DELAY_MS = 150;
  var OPTIONAL = ["condition", "stsx1_cards_added", "order_code", "packet_components",
    "installed_at_one_time", "quoted_unit_price", "comparable_5ess_price"];

  document.querySelectorAll("button.print-quote").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var form = document.getElementById("quote-form");
  if (!form) return;
  var url = form.dataset.suggestions;
  var maxLines = parseInt(form.dataset.maxLines, 10);
  var section = form.querySelector("section.formset");
  var total = form.querySelector('input[name$="-TOTAL_FORMS"]');
  var addButton = section.querySelector("button.add-row");

  function header(name) {
    var input = form.querySelector('[name="' + name + '"]');
    if (!input) return "";
    if (input.type === "checkbox") return input.checked ? "1" : "";
    return input.value.trim();
  }

  function ask(params) {
    var query = Object.keys(params).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]);
    }).join("&");
    return fetch(url + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .catch(function () { return {}; });
  }

  function fill(list, results) {
    list.replaceChildren.apply(list, (results || []).map(function (item) {
      var option = document.createElement("option");
      option.value = item.value;
      option.label = item.label;
      option.textContent = item.label;
      return option;
    }));
  }

  function dates() {
    return { agreement: header("agreement"), on: header("on"), as_agreed: header("as_agreed") };
  }

  // Suggestions: one listener for every box, including lines added later.
  var timers = new WeakMap();
  form.addEventListener("input", function (event) {
    var input = event.target;
    var kind = input.dataset && input.dataset.quoteSuggest;
    if (!kind) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () {
      var text = input.value.trim();
      var params = dates();
      params.kind = kind;
      params.q = text;
      if (kind === "buyer" && header("all_entities")) params.all = "1";
      ask(params).then(function (data) {
        if (input.value.trim() !== text) return; // a later keystroke asked again
        var list = document.getElementById(input.getAttribute("list"));
        if (list) fill(list, data.results);
      });
    }, DELAY_MS));
  });

  // The buyers offered follow the agreement, the dates and the toggle.
  function refreshBuyers() {
    var list = document.getElementById("quote-buyers");
    if (!list || !header("agreement")) return;
    var params = dates();
    params.kind = "buyer";
    params.q = "";
    if (header("all_entities")) params.all = "1";
    ask(params).then(function (data) { if (data.results) fill(list, data.results); });
  }
  ["agreement", "on", "as_agreed", "all_entities"].forEach(function (name) {
    var input = form.querySelector('[name="' + name + '"]');
    if (input) input.addEventListener("change", refreshBuyers);
  });

  // Product-specific inputs: shown on the line when its product needs them, else under "More inputs".
  function placeInputs(line, needed) {
    var body = line.querySelector(".line-inputs");
    var more = line.querySelector("details.more-inputs");
    OPTIONAL.forEach(function (name) {
      var label = line.querySelector('[data-input="' + name + '"]');
      if (!label) return;
      var holds = Array.prototype.some.call(label.querySelectorAll("input, select"), function (el) {
        return (el.type === "checkbox" || el.type === "radio") ? el.checked : el.value !== "";
      });
      if (needed && needed.indexOf(name) >= 0) body.appendChild(label);
      else if (!holds) more.appendChild(label);
    });
    more.hidden = more.querySelectorAll("[data-input]").length === 0;
  }
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.dataset || input.dataset.quoteSuggest !== "product") return;
    var line = input.closest("fieldset.quote-line");
    var params = dates();
    params.kind = "inputs";
    params.q = input.value.trim();
    if (!params.q || !params.agreement) return;
    ask(params).then(function (data) { if (data.inputs) placeInputs(line, data.inputs); });
  });

  // Lines: number them, cap them, remove them in place (the checkbox the server reads, ticked and hidden).
  function renumber() {
    var shown = 0;
    section.querySelectorAll("fieldset.quote-line").forEach(function (line) {
      if (line.hidden) return;
      shown += 1;
      line.querySelector(".line-number").textContent = String(shown);
      line.setAttribute("aria-label", "Line " + shown);
    });
    if (addButton) addButton.disabled = parseInt(total.value, 10) >= maxLines;
  }
  function addRemoveButton(line) {
    var box = line.querySelector('.remove-line input[type="checkbox"]');
    if (!box || line.querySelector("button.remove-line-button")) return;
    box.closest("label").hidden = true;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "remove-line-button";
    button.textContent = "Remove this line";
    button.addEventListener("click", function () {
      box.checked = true;
      line.hidden = true;
      renumber();
      var next = section.querySelector("fieldset.quote-line:not([hidden]) input");
      if (next) next.focus();
    });
    line.appendChild(button);
  }
  section.querySelectorAll("fieldset.quote-line").forEach(function (line) {
    addRemoveButton(line);
    var box = line.querySelector('.remove-line input[type="checkbox"]');
    if (box && box.checked) line.hidden = true; // removed before the page was priced
  });
  if (addButton) {
    // static/js/formset.js adds the line first (its listener was attached before this one).
    addButton.addEventListener("click", function () {
      var lines = section.querySelectorAll(".formset-rows fieldset.quote-line");
      if (lines.length) addRemoveButton(lines[lines.length - 1]);
      renumber();
    });
  }
  renumber();
})();
