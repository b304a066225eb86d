/* furo's drawer toggles (templates/themes/furo/page.html): checkboxes that are toggle buttons to
 * a screen reader (role="button"), so their aria-pressed follows their checked state. Loaded by
 * furo's page only; without JavaScript they stay "not pressed", as the drawers start closed. */
(function () {
  "use strict";
  document.querySelectorAll("input.sidebar-toggle[aria-pressed]").forEach(function (box) {
    box.addEventListener("change", function () {
      box.setAttribute("aria-pressed", String(box.checked));
    });
  });
})();
