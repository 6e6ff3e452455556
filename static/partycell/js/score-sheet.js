// partycell: the score sheet (chấm điểm). Loaded as a file: the CSP forbids inline scripts.
// Shows the total and class as the scorer types, and the reason field of a computed item scored below
// its proposal. The server stays authoritative: it checks and classes the sheet again on saving.
(function () {
  "use strict";

  var form = document.getElementById("score-sheet-form");
  var settingsNode = document.getElementById("score-sheet-settings");
  if (!form || !settingsNode) {
    return;
  }
  var settings = JSON.parse(settingsNode.textContent);
  var lang = document.documentElement.lang || "vi";
  var numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  var rows = Array.prototype.slice.call(form.querySelectorAll(".item-row"));
  var totalInput = document.getElementById("id_total");
  var totalNode = document.getElementById("live-total");
  var classNode = document.getElementById("live-class");
  var noteNode = document.getElementById("live-note");

  function parse(text) {
    var value = parseFloat(String(text || "").trim().replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function totalOnly() {
    var checked = form.querySelector("input[name=mode]:checked");
    return !!checked && checked.value === "total";
  }

  function classOf(total, fullMarksMet) {
    var bands = settings.bands; // [[class, lowest]], highest first
    for (var i = 0; i < bands.length; i += 1) {
      if (total >= bands[i][1]) {
        if (i === 0 && !fullMarksMet && bands.length > 1) {
          return bands[1][0];
        }
        return bands[i][0];
      }
    }
    return bands.length ? bands[bands.length - 1][0] : null;
  }

  function showReason(row) {
    var proposal = parse(row.dataset.proposal);
    var block = row.querySelector(".reason-block");
    if (proposal === null || !block) {
      return;
    }
    var input = row.querySelector(".points-input");
    var value = parse(input.value);
    var reason = row.querySelector(".reason-input");
    var lowered = value !== null && value < proposal;
    block.classList.toggle("d-none", !lowered && !(reason && reason.value.trim()));
    if (reason) {
      reason.required = lowered;
    }
  }

  function update() {
    var only = totalOnly();
    form.classList.toggle("is-total-only", only);
    var total = 0;
    var missing = 0;
    var fullMarksMet = true;
    if (only) {
      total = parse(totalInput && totalInput.value);
      missing = total === null ? 1 : 0;
    } else {
      rows.forEach(function (row) {
        var value = parse(row.querySelector(".points-input").value);
        if (value === null) {
          missing += 1;
        } else {
          total += value;
        }
        if (settings.full_marks.indexOf(row.dataset.item) !== -1) {
          if (value === null || value < parse(row.dataset.max)) {
            fullMarksMet = false;
          }
        }
        showReason(row);
      });
    }
    if (only && total === null) {
      totalNode.textContent = "–";
      classNode.textContent = "";
      classNode.className = "live-class";
      noteNode.textContent = "";
      return;
    }
    var klass = classOf(total, only || fullMarksMet);
    totalNode.textContent = numberFormat.format(total);
    classNode.textContent = klass ? settings.labels[String(klass)] : "";
    classNode.className = "live-class" + (klass ? " class-" + klass : "");
    var notes = [];
    if (missing && !only) {
      notes.push(settings.missing.replace("%(n)s", String(missing)));
    }
    if (!only && !fullMarksMet && settings.bands.length && total >= settings.bands[0][1]) {
      notes.push(settings.full_marks_missing);
    }
    noteNode.textContent = notes.join(" · ");
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();

  // After a refused save, bring the first item to correct into view (above the live bar on phones).
  var firstError = form.querySelector(".item-row.has-error");
  if (firstError) {
    firstError.scrollIntoView({ block: "start" });
    var input = firstError.querySelector(".points-input");
    if (input) {
      input.focus({ preventScroll: true });
    }
  }
})();
