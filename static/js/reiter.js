// Chart and table of an indicator as tabs (WAI-ARIA Authoring Practices, "Tabs with automatic
// activation"). Progressive enhancement: the page is written as a list of in-page links followed
// by both panels with their headings, which is what a reader without JavaScript gets. Here the
// list becomes a tablist: one tab in the Tab order (roving tabindex), ←/→ move between tabs and
// show their panel, Home/End go to the first/last, Enter/Space show the focused tab's panel.
(function () {
  "use strict";

  function einrichten(reiter) {
    var liste = reiter.querySelector(".reiter-liste");
    var tabs = Array.prototype.slice.call(liste.querySelectorAll("a[href^='#']"));
    var felder = tabs.map(function (tab) {
      return document.getElementById(tab.getAttribute("href").slice(1));
    });
    if (!tabs.length || felder.indexOf(null) !== -1) {
      return;
    }

    liste.setAttribute("role", "tablist");
    Array.prototype.forEach.call(liste.children, function (li) {
      li.setAttribute("role", "presentation");
    });
    tabs.forEach(function (tab, i) {
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", felder[i].id);
      felder[i].setAttribute("role", "tabpanel");
      felder[i].setAttribute("aria-labelledby", tab.id);
      // The panel itself takes the focus after the tablist (its chart has no focusable part).
      felder[i].setAttribute("tabindex", "0");
    });
    reiter.classList.add("reiter-aktiv");

    function zeigen(index, fokus) {
      tabs.forEach(function (tab, i) {
        var aktiv = i === index;
        tab.setAttribute("aria-selected", aktiv ? "true" : "false");
        tab.setAttribute("tabindex", aktiv ? "0" : "-1");
        felder[i].hidden = !aktiv;
      });
      if (fokus) {
        tabs[index].focus();
      }
    }

    liste.addEventListener("click", function (ereignis) {
      var index = tabs.indexOf(ereignis.target.closest("[role=tab]"));
      if (index !== -1) {
        ereignis.preventDefault();
        zeigen(index, true);
      }
    });
    liste.addEventListener("keydown", function (ereignis) {
      var index = tabs.indexOf(document.activeElement);
      if (index === -1) {
        return;
      }
      var ziel = {
        ArrowLeft: (index - 1 + tabs.length) % tabs.length,
        ArrowRight: (index + 1) % tabs.length,
        Home: 0,
        End: tabs.length - 1,
        Enter: index,
        " ": index,
      }[ereignis.key];
      if (ziel === undefined) {
        return;
      }
      // Space would scroll the page, Enter would follow the in-page link.
      ereignis.preventDefault();
      zeigen(ziel, true);
    });

    // A link to a panel (…#reiter-tabelle) opens that tab.
    var angefragt = felder.map(function (f) {
      return "#" + f.id;
    }).indexOf(window.location.hash);
    zeigen(angefragt === -1 ? 0 : angefragt, false);
  }

  function alle() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-reiter]"), einrichten);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", alle);
  } else {
    alle();
  }
})();
