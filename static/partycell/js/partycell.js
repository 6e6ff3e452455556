// partycell: small behaviours of every page. Loaded as a file: the CSP forbids inline scripts.
(function () {
  "use strict";

  // A switch marked .auto-submit sends its form as soon as it changes (the form still has a button for
  // browsers without JavaScript).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLInputElement && field.classList.contains("auto-submit") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
})();
