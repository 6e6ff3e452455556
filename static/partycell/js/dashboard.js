// partycell: the dashboards. Loaded as a file (the CSP forbids inline scripts); the chart's data come from
// a <script type="application/json"> written by Django's json_script.
(function () {
  "use strict";

  // The year and filter selects marked .auto-submit send their form when they change (the form keeps its
  // button for browsers without JavaScript). partycell.js does the same for switches.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.classList.contains("auto-submit") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });

  function drawScoreChart() {
    var canvas = document.getElementById("score-chart");
    var source = document.getElementById("score-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var locale = document.documentElement.lang || "vi";
    var numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    var sets = data.datasets;
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: sets.average.label,
            data: sets.average.data,
            borderColor: "#0b57b3",
            backgroundColor: "#0b57b3",
            pointStyle: "circle",
            pointRadius: 4,
            borderWidth: 3,
            spanGaps: true,
            tension: 0
          },
          {
            label: sets.lowest.label,
            data: sets.lowest.data,
            borderColor: "#b3261e",
            backgroundColor: "#b3261e",
            pointStyle: "triangle",
            pointRadius: 5,
            borderWidth: 2,
            spanGaps: true,
            tension: 0
          },
          {
            label: sets.bar.label,
            data: sets.bar.data,
            borderColor: "#1b7a3e",
            backgroundColor: "#1b7a3e",
            borderDash: [8, 5],
            borderWidth: 2,
            pointStyle: "line",
            pointRadius: 0,
            pointHoverRadius: 0
          }
        ]
      },
      options: {
        locale: locale,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: {
            suggestedMin: 80,
            suggestedMax: 100,
            ticks: {
              callback: function (value) {
                return numbers.format(value);
              }
            }
          }
        },
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true, boxHeight: 8, font: { size: 14 } } },
          title: { display: true, text: data.title, font: { size: 16, weight: "600" } },
          tooltip: {
            callbacks: {
              label: function (context) {
                if (context.parsed.y === null) {
                  return null;
                }
                return context.dataset.label + ": " + numbers.format(context.parsed.y);
              }
            }
          }
        }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawScoreChart);
  } else {
    drawScoreChart();
  }
})();
