// Renders every chart of a tsdl course page with the libraries embedded above it. A chart that cannot
// render keeps showing its PNG, so a page whose scripts fail still reads well.
(function () {
  "use strict";
  function showLive(chart) {
    chart.classList.add("tsdl-chart-live");
  }
  function renderFailed(chart, error) {
    console.warn("tsdl course: chart kept its static image:", error);
  }
  var charts = document.querySelectorAll(".tsdl-chart");
  for (var i = 0; i < charts.length; i++) {
    var chart = charts[i];
    var kind = chart.getAttribute("data-tsdl-chart");
    var view = chart.querySelector(".tsdl-chart-view");
    var spec;
    try {
      spec = JSON.parse(chart.querySelector("script.tsdl-chart-spec").textContent);
    } catch (error) {
      renderFailed(chart, error);
      continue;
    }
    if (kind === "plotly" && window.Plotly) {
      var config = Object.assign({ displaylogo: false, responsive: true }, spec.config || {});
      window.Plotly.newPlot(view, spec.data || [], spec.layout || {}, config).then(showLive.bind(null, chart), renderFailed.bind(null, chart));
    } else if ((kind === "vega-lite" || kind === "vega") && window.vegaEmbed) {
      var options = { mode: kind, renderer: "canvas", actions: { export: true, source: false, compiled: false, editor: false } };
      window.vegaEmbed(view, spec, options).then(showLive.bind(null, chart), renderFailed.bind(null, chart));
    }
  }
})();
