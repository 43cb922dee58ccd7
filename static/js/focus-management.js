/*
 * Where keyboard and screen-reader users land after something changed the page.
 *
 * - A page that opens with an error summary (the review with things to fix, the form
 *   after a full save that found errors) moves focus to the summary, so it is read
 *   first and its links are the next Tab stops.
 * - A link to a field of the nomination form (an error summary's, or the review page's
 *   "#id_..." links on arrival) shows the field's whole group (label, hint, error
 *   message) just below the sticky step bar, and moves focus to the field itself. The
 *   bar's height is measured into the CSS variable --site-sticky-height, which the
 *   form's scroll-margin-top rules use (static/css/site.css, "Nominator form").
 * - After htmx swaps the attachments or letters-of-support section (an upload, a
 *   removal, a request, a resend, a cancel), the element that had focus is gone and
 *   focus would fall back to <body>; it goes to the section's new message instead.
 *
 * Loaded on every page from base.html. No inline scripts: the CSP allows 'self' only.
 */
(function () {
  "use strict";

  var SWAPPED_SECTIONS = ["nomination-attachments", "nomination-endorsements"];

  function focusWithoutJump(element) {
    if (!element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function focusErrorSummary() {
    var summary = document.querySelector(".site-error-summary");
    if (summary) {
      focusWithoutJump(summary);
    }
  }

  // The section's status message first; failing that the first field refused, an
  // error message, or the section's heading.
  function focusTargetIn(section) {
    return (
      section.querySelector('[role="status"]') ||
      section.querySelector('[aria-invalid="true"]') ||
      section.querySelector('[role="alert"]') ||
      section.querySelector("h2")
    );
  }

  // -- links to a field below the sticky step bar -----------------------------------------

  function measureStickyBar() {
    var bar = document.querySelector(".site-form-header");
    if (bar) {
      var height = Math.ceil(bar.getBoundingClientRect().height);
      document.documentElement.style.setProperty("--site-sticky-height", height + "px");
    }
  }

  // The field a "#id_name" link means; a radio group's id names its first button.
  function fieldFor(id) {
    var form = document.querySelector(".site-nomination-form");
    if (!form || !id) {
      return null;
    }
    var field = document.getElementById(id) || document.getElementById(id + "_0");
    return field && form.contains(field) && field.matches("input, textarea, select") ? field : null;
  }

  function showField(field) {
    measureStickyBar();
    var group = field.closest(".usa-form-group, .usa-fieldset, .usa-checkbox") || field;
    group.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('.site-error-summary a[href^="#"]');
    var field = link && fieldFor(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (field) {
      event.preventDefault();
      showField(field);
    }
  });

  window.addEventListener("resize", measureStickyBar);

  function onArrival() {
    measureStickyBar();
    var field = fieldFor(decodeURIComponent(window.location.hash.slice(1)));
    if (field && !document.querySelector(".site-error-summary")) {
      showField(field);
    } else {
      focusErrorSummary();
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.target;
    if (!swapped || SWAPPED_SECTIONS.indexOf(swapped.id) === -1) {
      return;
    }
    // An outerHTML swap settles on the new element; make sure it is the one in the page.
    var section = document.getElementById(swapped.id);
    var target = section && focusTargetIn(section);
    if (target) {
      focusWithoutJump(target);
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onArrival);
  } else {
    onArrival();
  }
})();
