/* The dashboards' charts (Apache ECharts, static/vendor/echarts): the figures come from
   the page's json_script "dashboard-data", written by projects.dashboards.views; the
   tables under the charts hold the same figures. */
(function () {
  "use strict";

  function chartsDraw() {
    var source = document.getElementById("dashboard-data");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var charts = [];
    var colours = ["#2e7d32", "#c62828", "#ef6c00", "#1565c0"];

    /* The tooltip drawn inside the chart's SVG (richText), not as an HTML box: ECharts'
       HTML tooltip writes inline style attributes, which the Content-Security-Policy
       (style-src 'self') refuses. */
    function tooltip(trigger, extra) {
      var option = { trigger: trigger, renderMode: "richText", confine: true };
      Object.keys(extra || {}).forEach(function (key) { option[key] = extra[key]; });
      return option;
    }

    function bars(series, stack) {
      return series.map(function (s) {
        return { name: s.name, type: "bar", stack: stack, data: s.data, barMaxWidth: 56, emphasis: { focus: "series" } };
      });
    }

    function draw(name, option) {
      var box = document.querySelector('[data-chart="' + name + '"]');
      if (!box) return;
      var chart = window.echarts.init(box, null, { renderer: "svg" });
      chart.setOption(option);
      charts.push(chart);
    }

    var league = data.league;
    draw("league", {
      color: colours,
      tooltip: tooltip("axis"),
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 56, containLabel: true },
      xAxis: { type: "category", data: league.categories, axisLabel: { interval: 0, width: 80, overflow: "break" } },
      yAxis: [
        { type: "value", name: "件", minInterval: 1 },
        { type: "value", name: "%", min: 0, max: 100 }
      ],
      series: bars(league.series.slice(0, 2), "decided")
        .concat(bars(league.series.slice(2), "open"))
        .concat([{ name: league.rate.name, type: "line", yAxisIndex: 1, data: league.rate.data }])
    });

    var compliance = data.compliance;
    draw("compliance", {
      color: ["#2e7d32", "#c62828", "#ef6c00", "#6a1b9a"],
      tooltip: tooltip("axis"),
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 56, containLabel: true },
      xAxis: { type: "category", data: compliance.categories },
      yAxis: { type: "value", name: "个", minInterval: 1 },
      series: bars(compliance.series.slice(0, 2), "finished").concat(bars(compliance.series.slice(2), "running"))
    });

    var service = data.service;
    draw("service", {
      color: ["#1565c0", "#2e7d32", "#6a1b9a"],
      tooltip: tooltip("axis", { valueFormatter: function (value) { return value + "%"; } }),
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 56, containLabel: true },
      xAxis: { type: "category", data: service.categories, axisLabel: { interval: 0, width: 80, overflow: "break" } },
      yAxis: { type: "value", name: "%", min: 0, max: 100 },
      series: bars(service.series)
    });

    var ratings = data.ratings;
    draw("ratings", {
      color: ["#2e7d32", "#66bb6a", "#fbc02d", "#ef6c00", "#c62828"],
      tooltip: tooltip("item"),
      legend: { top: 0 },
      series: [{
        name: ratings.name, type: "pie", radius: ["35%", "65%"], top: 40,
        data: ratings.data.filter(function (slice) { return slice.value > 0; })
      }]
    });

    var overdue = data.overdue;
    draw("overdue", {
      color: ["#c62828"],
      tooltip: tooltip("axis"),
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 56, containLabel: true },
      xAxis: { type: "category", data: overdue.categories },
      yAxis: { type: "value", name: "件", minInterval: 1 },
      series: overdue.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false, symbolSize: 8, label: { show: true } };
      })
    });

    var days = data.days;
    draw("days", {
      color: ["#1565c0", "#ef6c00", "#9aa5b1"],
      tooltip: tooltip("axis"),
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 84, containLabel: true },  /* the legend wraps on a phone */
      xAxis: { type: "category", data: days.categories, axisLabel: { interval: 0, width: 80, overflow: "break" } },
      yAxis: { type: "value", name: "工作日" },
      series: bars(days.series)
    });

    /* The sections of the apps above projects (projects/dashboards/sections.py): bars,
       a series with "axis": 1 on a second axis, named by the chart's "axes". */
    Object.keys(data.sections || {}).forEach(function (key) {
      var section = data.sections[key];
      var axes = section.axes || [""];
      draw("section-" + key, {
        color: ["#2e7d32", "#1565c0", "#ef6c00", "#6a1b9a"],
        tooltip: tooltip("axis"),
        legend: { top: 0 },
        grid: { left: 8, right: 8, bottom: 8, top: 84, containLabel: true },
        xAxis: { type: "category", data: section.categories, axisLabel: { interval: 0, width: 80, overflow: "break" } },
        yAxis: axes.map(function (name) { return { type: "value", name: name }; }),
        series: section.series.map(function (s) {
          return {
            name: s.name, type: s.type || "bar", yAxisIndex: s.axis || 0, data: s.data, barMaxWidth: 56,
            emphasis: { focus: "series" }
          };
        })
      });
    });

    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  /* A long table comes folded (the page without script: a phone would scroll through
     a hundred cards); on a desk, where it is a compact table, it opens. */
  function tablesUnfold() {
    if (!window.matchMedia || !window.matchMedia("(min-width: 641px)").matches) return;
    document.querySelectorAll("details.table-fold").forEach(function (fold) { fold.open = true; });
  }

  function ready() {
    tablesUnfold();
    chartsDraw();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
