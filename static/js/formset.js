// "Add a row" without leaving the page: copies the formset's empty form (drafts/draft_detail.html).
// Without this script the button submits the draft and the page comes back with one more row.
(function () {
  "use strict";
  document.querySelectorAll("section.formset").forEach(function (section) {
    var button = section.querySelector("button.add-row");
    var template = section.querySelector("template.empty-form");
    var total = section.querySelector('input[name="' + section.dataset.prefix + '-TOTAL_FORMS"]');
    if (!button || !template || !total) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var rows = section.querySelector(".formset-rows");
      var empty = rows.querySelector("p.empty");
      if (empty) empty.remove();
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = rows.lastElementChild.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });
})();
