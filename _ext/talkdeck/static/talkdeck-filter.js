/* talkdeck: filter a talk grid in place (filters.py writes the controls and the data).
 *
 * Without this script the controls are links to the topic and speaker pages and every card
 * shows. With it, each link becomes a toggle button (aria-pressed); a grid item stays visible
 * when, for every facet with a chosen value, the item carries one of the chosen values in its
 * data-tdk-<facet> attribute (any value within a facet, all facets together). The status line
 * is a live region, so screen readers hear "N talks shown"; "Show all talks" resets. DOM APIs
 * only, no dependencies. */
(function () {
  "use strict";

  function words(value) {
    return (value || "").split(/\s+/).filter(Boolean);
  }

  function shownText(count) {
    return count + (count === 1 ? " talk" : " talks") + " shown";
  }

  function setUp(panel) {
    var grid = document.getElementById(panel.getAttribute("data-tdk-grid"));
    if (!grid) {
      return;
    }
    var items = Array.prototype.slice.call(grid.querySelectorAll(".tdk-filterable"));
    var status = panel.querySelector(".tdk-filter-status");
    var reset = panel.querySelector(".tdk-filter-reset");
    var toggles = [];

    Array.prototype.forEach.call(panel.querySelectorAll("a.tdk-filter-value"), function (link) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = link.className;
      button.setAttribute("aria-pressed", "false");
      button.setAttribute("aria-controls", grid.id);
      button.setAttribute("data-tdk-facet", link.getAttribute("data-tdk-facet"));
      button.setAttribute("data-tdk-value", link.getAttribute("data-tdk-value"));
      while (link.firstChild) {
        button.appendChild(link.firstChild);
      }
      link.replaceWith(button);
      toggles.push(button);
    });

    function chosen() {
      var wanted = {};
      toggles.forEach(function (button) {
        if (button.getAttribute("aria-pressed") === "true") {
          var facet = button.getAttribute("data-tdk-facet");
          (wanted[facet] = wanted[facet] || []).push(button.getAttribute("data-tdk-value"));
        }
      });
      return wanted;
    }

    function apply() {
      var wanted = chosen();
      var facets = Object.keys(wanted);
      var count = 0;
      items.forEach(function (item) {
        var visible = facets.every(function (facet) {
          var have = words(item.getAttribute("data-tdk-" + facet));
          return wanted[facet].some(function (value) {
            return have.indexOf(value) !== -1;
          });
        });
        item.hidden = !visible;
        count += visible ? 1 : 0;
      });
      if (status) {
        status.textContent = shownText(count);
      }
      if (reset) {
        reset.disabled = facets.length === 0;
      }
    }

    toggles.forEach(function (button) {
      button.addEventListener("click", function () {
        var pressed = button.getAttribute("aria-pressed") === "true";
        button.setAttribute("aria-pressed", pressed ? "false" : "true");
        apply();
      });
    });
    if (reset) {
      reset.hidden = false;
      reset.addEventListener("click", function () {
        toggles.forEach(function (button) {
          button.setAttribute("aria-pressed", "false");
        });
        apply();
        if (toggles.length) {
          toggles[0].focus();  // the reset button is now disabled: keep focus in the panel
        }
      });
    }
    panel.classList.add("tdk-filter-ready");
    apply();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".tdk-filter[data-tdk-grid]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
