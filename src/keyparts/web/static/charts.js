/* keyparts charts: every element with data-chart="ID" is drawn with ECharts (static/echarts.min.js,
   vendored) from the option object in <script type="application/json" id="ID">, written by the
   server (templates/_chart.html). A data item with a "url" field opens that page when clicked.
   Charts inside content swapped in by htmx are drawn after the swap. */
(function () {
  "use strict";
  var charts = [];
  function draw(root) {
    if (!window.echarts) return;
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var src = document.getElementById(el.dataset.chart);
      if (!src) return;
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(src.textContent));
      chart.on("click", function (p) {
        var url = p.data && p.data.url;
        if (url) window.location.href = url;
      });
      el.dataset.drawn = "1";
      charts.push(chart);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (e) { draw(e.target); });
  var pending = null;  // resize once the window has settled (a graph resized mid-change drew NaN transforms)
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) { if (!c.isDisposed()) c.resize(); });
    }, 150);
  });
  window.keypartsCharts = { draw: draw };
})();
