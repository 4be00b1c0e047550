/* resonanz offline report: draws the embedded charts and filters/sorts the ranking. No network. */
(function () {
  "use strict";

  var PLOT_CONFIG = {
    displaylogo: false,
    displayModeBar: false,
    responsive: true,
    modeBarButtonsToRemove: ["lasso2d", "select2d", "autoScale2d", "toggleSpikelines"]
  };

  function drawCharts() {
    var plots = document.querySelectorAll("[data-figure]");
    if (!plots.length || typeof window.Plotly === "undefined") { return; }
    Array.prototype.forEach.call(plots, function (el) {
      var spec = document.getElementById(el.getAttribute("data-figure"));
      if (!spec) { return; }
      var figure = JSON.parse(spec.textContent);
      window.Plotly.newPlot(el, figure.data, figure.layout, PLOT_CONFIG);
    });
  }

  function initRanking() {
    var table = document.getElementById("ranking");
    var form = document.getElementById("filters");
    if (!table || !form) { return; }
    form.hidden = false;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var text = document.getElementById("filter-text");
    var platform = document.getElementById("filter-platform");
    var tier = document.getElementById("filter-tier");
    var flagged = document.getElementById("filter-flagged");
    var status = document.getElementById("filter-status");
    var numberFormat = new Intl.NumberFormat(document.documentElement.lang || "de");

    function apply() {
      var query = text.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var d = row.dataset;
        var match = (!query || d.text.indexOf(query) !== -1) &&
          (!platform.value || d.platform === platform.value) &&
          (!tier.value || d.tier === tier.value) &&
          (!flagged.checked || d.flagged === "1");
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      status.textContent = status.getAttribute("data-template")
        .replace("{shown}", numberFormat.format(shown))
        .replace("{total}", numberFormat.format(rows.length));
    }

    function sortBy(button) {
      var key = button.getAttribute("data-sort");
      var numeric = button.getAttribute("data-kind") === "num";
      var th = button.parentNode;
      var current = th.getAttribute("aria-sort");
      var defaultDescending = numeric && key !== "rank";
      var descending = current ? current === "ascending" : defaultDescending;
      Array.prototype.forEach.call(table.tHead.querySelectorAll("th"), function (cell) {
        cell.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      rows.sort(function (a, b) {
        var x = a.dataset[key], y = b.dataset[key];
        var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        if (order === 0) { order = parseFloat(a.dataset.rank) - parseFloat(b.dataset.rank); return order; }
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    }

    [text, platform, tier, flagged].forEach(function (el) {
      el.addEventListener("input", apply);
      el.addEventListener("change", apply);
    });
    Array.prototype.forEach.call(table.tHead.querySelectorAll("button.sort"), function (button) {
      button.addEventListener("click", function () { sortBy(button); });
    });
    apply();
  }

  drawCharts();
  initRanking();
})();
