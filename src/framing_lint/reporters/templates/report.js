// Filters that work from a file on disk: no server, no library, nothing fetched.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var rules = Array.prototype.slice.call(document.querySelectorAll("article.rule"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-folder]:not(.finding)"));
  var shown = document.getElementById("shown");
  var nothing = document.getElementById("nothing-shown");

  function inFolder(folder, chosen) {
    return !chosen || folder === chosen || folder.indexOf(chosen + "/") === 0;
  }

  function apply() {
    var severities = {};
    form.querySelectorAll("input[name=severity]:checked").forEach(function (box) { severities[box.value] = true; });
    var category = form.elements.category.value;
    var folder = form.elements.folder.value;
    var count = 0;
    findings.forEach(function (el) {
      var ok = severities[el.dataset.severity] === true &&
        (!category || el.dataset.category === category) && inFolder(el.dataset.folder, folder);
      el.hidden = !ok;
      if (ok) { count += 1; }
    });
    rules.forEach(function (rule) {
      var visible = rule.querySelectorAll(".finding:not([hidden])").length;
      rule.hidden = visible === 0;
      rule.querySelector(".rule-count").textContent = String(visible);
    });
    rows.forEach(function (row) { row.hidden = !inFolder(row.dataset.folder, folder); });
    shown.textContent = "Showing " + count + " of " + findings.length + " findings";
    nothing.hidden = count > 0 || findings.length === 0;
  }

  // Long rankings show their first 50 rows; a click shows the rest.
  document.querySelectorAll("table.ranked").forEach(function (table) {
    var n = table.tBodies[0].rows.length;
    if (n <= 50) { return; }
    var more = document.createElement("button");
    more.type = "button";
    more.textContent = "Show all " + n + " rows";
    more.addEventListener("click", function () { table.classList.add("all"); more.remove(); });
    table.after(more);
  });

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
}());
