// Names for the admin's autocomplete fields (WCAG 4.1.2, axe "aria-input-field-name").
// Select2 hides the real <select> and draws its own combobox, labelled only by the chosen value:
// an empty one has no name. It gets the name of its <select> (its <label>, or the aria-label of a
// table row, integration_portal/admin_tabellen.py). Without JavaScript the plain <select> is
// shown, which has its name already.
(function () {
  "use strict";

  function nameDesFeldes(feld) {
    if (feld.getAttribute("aria-label")) {
      return feld.getAttribute("aria-label");
    }
    var label = feld.labels && feld.labels[0];
    return label ? label.textContent.trim() : "";
  }

  function benennen() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (feld) {
      var huelle = feld.nextElementSibling;
      var name = nameDesFeldes(feld);
      if (!huelle || !name) {
        return;
      }
      // The combobox, the box showing the choice (role textbox) and the search field.
      huelle
        .querySelectorAll(".select2-selection, .select2-selection__rendered, .select2-search__field")
        .forEach(function (teil) {
          if (!teil.hasAttribute("aria-label")) {
            teil.setAttribute("aria-label", name);
          }
        });
    });
  }

  // Select2 puts its mouse-only "remove all" cross as a <span> straight into the list of chosen
  // values (a <ul> may hold only <li>, axe "list"); the keyboard removes values with Backspace.
  function kreuzVerbergen() {
    document.querySelectorAll(".select2-selection__clear").forEach(function (kreuz) {
      kreuz.setAttribute("aria-hidden", "true");
    });
  }

  function aufbereiten() {
    benennen();
    kreuzVerbergen();
  }

  // Django's autocomplete.js builds the widgets when the page has loaded and for each added row;
  // Select2 redraws the chosen values after each change.
  var geplant = false;
  function spaeterAufbereiten() {
    if (!geplant) {
      geplant = true;
      window.requestAnimationFrame(function () {
        geplant = false;
        aufbereiten();
      });
    }
  }
  window.addEventListener("load", function () {
    aufbereiten();
    new MutationObserver(spaeterAufbereiten).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
