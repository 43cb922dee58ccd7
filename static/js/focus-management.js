/*
 * Where keyboard and screen-reader users land after something changed the page.
 *
 * - A page that opens with an error summary (the review with things to fix, the form
 *   after a full save that found errors) moves focus to the summary, so it is read
 *   first and its links are the next Tab stops.
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
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
