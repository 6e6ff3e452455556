// partycell: the attendance screen (điểm danh). Loaded as a file: the CSP forbids inline scripts.
// Without JavaScript the screen still works: "Everyone present" and "Save" are plain submit buttons.
(function () {
  "use strict";

  var form = document.getElementById("attendance-form");
  if (!form) {
    return;
  }
  var rows = Array.prototype.slice.call(form.querySelectorAll(".attendance-row"));

  // Vietnamese names are searched without their accents: "hung" finds "Hùng", "duc" finds "Đức".
  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  rows.forEach(function (row) {
    row.dataset.folded = fold(row.dataset.search || "");
  });

  // Tell htmx (and anything else listening) that the marks changed.
  function marksChanged() {
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function markRow(row) {
    row.classList.toggle("is-marked", !!row.querySelector(".mark-input:checked"));
  }

  // "Everyone present": every row without a mark yet becomes present; marked rows (an exemption
  // proposed, an exception already tapped) keep their mark.
  document.querySelectorAll(".js-all-present").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      rows.forEach(function (row) {
        if (row.querySelector(".mark-input:checked")) {
          return;
        }
        var present = row.querySelector(".mark-input[value='present']");
        if (present) {
          present.checked = true;
          markRow(row);
        }
      });
      marksChanged();
    });
  });

  form.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLInputElement && field.classList.contains("mark-input")) {
      var row = field.closest(".attendance-row");
      if (row) {
        markRow(row);
        row.classList.remove("has-error");
      }
    }
  });

  var search = document.getElementById("attendance-search");
  var noMatch = form.querySelector(".js-no-match");
  if (search) {
    search.addEventListener("input", function () {
      var wanted = fold(search.value);
      var shown = 0;
      rows.forEach(function (row) {
        var match = !wanted || row.dataset.folded.indexOf(wanted) !== -1;
        row.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      if (noMatch) {
        noMatch.hidden = shown !== 0;
      }
    });
    // Enter in the search box must not save the form.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  }
})();
