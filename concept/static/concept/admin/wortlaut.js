// Show "Grund der Änderung" only once the adopted wording is edited (server-side validation
// decides; this only keeps the form short). Without scripts the field is simply always visible.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const text = document.getElementById("id_text");
  const grund = document.getElementById("id_aenderungsgrund");
  const zeile = grund && grund.closest(".form-row");
  if (!text || !grund || !zeile || text.disabled) {
    return;
  }
  const bisher = text.defaultValue;
  function aktualisieren() {
    const geaendert = text.value !== bisher;
    // Keep it visible when the server reported an error or a reason is already typed.
    const verbergen = !geaendert && !grund.value && !zeile.classList.contains("errors");
    zeile.style.display = verbergen ? "none" : "";
    grund.required = geaendert;
  }
  text.addEventListener("input", aktualisieren);
  aktualisieren();
});
