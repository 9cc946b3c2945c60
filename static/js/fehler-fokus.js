// After a failed submit the page comes back with an error summary at the top of the form: move
// the focus there, so that keyboard and screen reader users land on what went wrong and can
// follow its links to the fields (WCAG 3.3.1, 2.4.3). Progressive enhancement: without
// JavaScript the summary is still the first thing in the form, announced by role="alert".
(function () {
  "use strict";

  function fokussieren() {
    var zusammenfassung = document.querySelector(".fehler-zusammenfassung");
    if (!zusammenfassung) {
      return;
    }
    if (!zusammenfassung.hasAttribute("tabindex")) {
      zusammenfassung.setAttribute("tabindex", "-1");
    }
    zusammenfassung.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fokussieren);
  } else {
    fokussieren();
  }
})();
