/*
 * Where keyboard and screen-reader users land after something changed the page.
 *
 * - A page that opens with an error summary (any form sent with mistakes) moves focus
 *   to the summary, so it is read first and its links are the next Tab stops.
 * - A link to a field of the nomination form (an error summary's, or the review page's
 *   "#id_..." links on arrival) shows the field's whole group (label, hint, error
 *   message) just below the sticky step bar, and moves focus to the field itself.
 * - After any htmx swap that took the focused element away (a checklist item saved, a
 *   comment posted or opened for editing, an upload, a letter requested), focus would
 *   fall back to <body> and the next Tab would start over or land in the footer. It
 *   goes to the updated region instead: its message, a field refused or an error; else
 *   the field htmx gave focus back to; else the first field of a form swapped in, else
 *   its heading. Only the swap that took the focus away moves it. A message
 *   that arrives in a swap while focus stays where it was (the person is typing
 *   elsewhere) is read out through #site-announcer, a live region that is in the page
 *   before any swap: a live region that arrives already filled is not reliably read.
 * - Nothing that takes focus stays under the sticky step bar: whatever is focused by
 *   Tab, Shift+Tab or this script and covered by the stuck bar is scrolled to just
 *   below it (not on a mouse click, which scrolling would make miss). The bar's height is measured into the CSS variable --site-sticky-height,
 *   which the form's scroll-margin-top rules use (static/css/site.css).
 *
 * Loaded on every page from base.html. No inline scripts: the CSP allows 'self' only.
 */
(function () {
  "use strict";

  var STICKY_BAR = ".site-form-header";
  var GAP_BELOW_BAR = 8;

  function focusWithoutJump(element) {
    var focusable = element.matches("a[href], button, input, select, textarea");
    if (!focusable && !element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus({ preventScroll: true });
    uncover(element, true);
  }

  function focusErrorSummary() {
    var summary = document.querySelector(".site-error-summary");
    if (summary) {
      focusWithoutJump(summary);
    }
  }

  // The region's status message first; failing that the first field refused, an error
  // message, the first field of a form (an "Edit" link swapped in a form), its heading.
  function focusTargetIn(region) {
    return (
      region.querySelector('[role="status"]') ||
      region.querySelector('[aria-invalid="true"]') ||
      region.querySelector('[role="alert"]') ||
      region.querySelector('textarea, select, input:not([type="hidden"])') ||
      region.querySelector("h2, h3, h4") ||
      region
    );
  }

  // -- the sticky step bar -----------------------------------------------------------------

  // The bar while it is stuck at the top of the window, or null.
  function stuckBar() {
    var bar = document.querySelector(STICKY_BAR);
    if (!bar || window.getComputedStyle(bar).position !== "sticky") {
      return null;
    }
    return bar.getBoundingClientRect().top <= 1 ? bar : null;
  }

  // Scroll `element` into the window, and below the stuck bar if it is under it.
  function uncover(element, intoView) {
    if (intoView) {
      element.scrollIntoView({ block: "nearest" });
    }
    var bar = stuckBar();
    if (!bar || bar.contains(element)) {
      return;
    }
    var barBottom = bar.getBoundingClientRect().bottom;
    var box = element.getBoundingClientRect();
    if (box.top < barBottom + GAP_BELOW_BAR && box.bottom > 0) {
      window.scrollBy(0, box.top - barBottom - GAP_BELOW_BAR);
    }
  }

  // Not while a mouse button or a finger is down: scrolling then would move what is
  // under the pointer and lose the click.
  var pointerDown = false;
  document.addEventListener("pointerdown", function () {
    pointerDown = true;
  }, true);
  ["pointerup", "pointercancel"].forEach(function (type) {
    document.addEventListener(type, function () {
      pointerDown = false;
    }, true);
  });

  document.addEventListener("focusin", function (event) {
    if (!pointerDown) {
      uncover(event.target, false);
    }
  });

  // -- links to a field below the sticky step bar -----------------------------------------

  // The bar's height while it is sticky; 0 while it scrolls away with the page.
  function measureStickyBar() {
    var bar = document.querySelector(STICKY_BAR);
    if (bar) {
      var sticky = window.getComputedStyle(bar).position === "sticky";
      var height = sticky ? Math.ceil(bar.getBoundingClientRect().height) : 0;
      document.documentElement.style.setProperty("--site-sticky-height", height + "px");
    }
  }

  // The control a "#id_name" link means: the element itself, or the first control inside
  // it (a radio group's fieldset, a date picker's wrapper); a radio group's id may also
  // name its first button ("id_name_0"). Only inside `scope` when one is given.
  function fieldFor(id, scope) {
    var target = id && (document.getElementById(id) || document.getElementById(id + "_0"));
    if (!target || (scope && !scope.contains(target))) {
      return null;
    }
    if (target.matches("input, textarea, select")) {
      return target;
    }
    return target.querySelector('input:not([type="hidden"]), textarea, select');
  }

  function showField(field) {
    measureStickyBar();
    var group = field.closest(".usa-form-group, .usa-fieldset, .usa-checkbox") || field;
    group.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  }

  // An error summary's link, on any page, goes to the first control of what it names.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('.site-error-summary a[href^="#"]');
    var field = link && fieldFor(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (field) {
      event.preventDefault();
      showField(field);
    }
  });

  window.addEventListener("resize", measureStickyBar);
  document.addEventListener("toggle", measureStickyBar, true); // "Go to a section" opened or closed

  function onArrival() {
    measureStickyBar();
    var form = document.querySelector(".site-nomination-form");
    var field = form && fieldFor(decodeURIComponent(window.location.hash.slice(1)), form);
    if (field && !document.querySelector(".site-error-summary")) {
      showField(field);
    } else {
      focusErrorSummary();
    }
  }

  // -- after htmx swaps ---------------------------------------------------------------------

  // The swap target that holds the focused element, which its swap will take away.
  var targetLosingFocus = null;

  function announce(text) {
    var announcer = document.getElementById("site-announcer");
    if (!announcer || !text) {
      return;
    }
    // Emptied first, so the same message said twice is read twice.
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = text;
    }, 100);
  }

  // Where focus goes in a region that took it away: its message, a refused field or an
  // error first; else the element htmx gave focus back to (a field with the same id);
  // else its first field or heading.
  function focusAfterSwap(region) {
    var message = region.querySelector('[role="status"], [aria-invalid="true"], [role="alert"]');
    var active = document.activeElement;
    if (message) {
      focusWithoutJump(message);
    } else if (!(active && active !== document.body && region.contains(active))) {
      focusWithoutJump(focusTargetIn(region));
    }
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    var active = document.activeElement;
    if (target && active && active !== document.body && target.contains(active)) {
      targetLosingFocus = target;
    }
  });

  // Only the swap that took the focused element away moves focus; any other (an autosave
  // while the person types elsewhere) leaves it, and its message is read out instead.
  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.detail && event.detail.target;
    if (!swapped) {
      return;
    }
    // An outerHTML swap settles on an element no longer in the page: find its successor.
    var region = swapped.isConnected ? swapped : swapped.id && document.getElementById(swapped.id);
    if (!region) {
      return;
    }
    if (swapped === targetLosingFocus) {
      targetLosingFocus = null;
      focusAfterSwap(region);
    } else if (!region.matches('[role="status"], [aria-live]')) {
      var message = region.querySelector('[role="status"], [role="alert"]');
      announce(message && message.textContent.trim().replace(/\s+/g, " "));
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onArrival);
  } else {
    onArrival();
  }
})();
