/*
 * USWDS file inputs keep their USWDS look and behaviour across htmx swaps.
 *
 * uswds.min.js builds the file input widget (the drop target, the instructions, the
 * preview of the chosen file) once, when the page loads. It is a closed browserify
 * bundle: its components are not exposed (window.uswdsPresent is all it sets), so
 * `fileInput.on(root)` cannot be called again on content that htmx swaps in, and that
 * content would show the bare browser input.
 *
 * So the widget USWDS built is carried over the swap instead. Before htmx swaps, each
 * enhanced file input inside the target is remembered by its input's id; after the
 * swap, a new bare input with the same id is replaced by the remembered widget, which
 *   - keeps USWDS's own listeners (previews, drag and drop): nothing is initialised
 *     twice, and USWDS's code, not a copy of it, goes on doing the work;
 *   - takes the new input's attributes (aria-describedby naming an error, aria-invalid,
 *     required, accept), so what the server said about the field is what it shows;
 *   - is emptied through USWDS's own change handler, as after a successful upload.
 * A file input that htmx brings in without an enhanced one of the same id before it
 * stays the plain browser input (no swap on this site does that today).
 *
 * Loaded on every page from base.html, after uswds.min.js. No inline scripts: the CSP
 * allows 'self' only.
 */
(function () {
  "use strict";

  var WIDGET = ".usa-file-input[data-enhanced]";
  // Attributes USWDS manages on the input it enhanced; the server's copy is bare.
  var MANAGED_BY_USWDS = { class: true, "aria-label": true };
  var carried = {};

  function enhancedInputsIn(root) {
    var inputs = [];
    if (!root || !root.querySelectorAll) {
      return inputs;
    }
    root.querySelectorAll(WIDGET + ' input[type="file"][id]').forEach(function (input) {
      inputs.push(input);
    });
    return inputs;
  }

  function takeAttributes(input, from) {
    Array.prototype.slice.call(input.attributes).forEach(function (attribute) {
      if (!MANAGED_BY_USWDS[attribute.name] && !from.hasAttribute(attribute.name)) {
        input.removeAttribute(attribute.name);
      }
    });
    Array.prototype.slice.call(from.attributes).forEach(function (attribute) {
      if (!MANAGED_BY_USWDS[attribute.name]) {
        input.setAttribute(attribute.name, attribute.value);
      }
    });
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    // htmx swaps as soon as this event has run (no swap delay is used on this site).
    carried = {};
    enhancedInputsIn(event.detail.target).forEach(function (input) {
      carried[input.id] = input.closest(WIDGET);
    });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var swapped = event.target;
    var candidates = [];
    if (swapped.matches && swapped.matches('input[type="file"][id]')) {
      candidates.push(swapped);
    }
    if (swapped.querySelectorAll) {
      swapped.querySelectorAll('input[type="file"][id]').forEach(function (input) {
        candidates.push(input);
      });
    }
    candidates.forEach(function (fresh) {
      var widget = carried[fresh.id];
      if (!widget || fresh.closest(WIDGET) || !fresh.parentNode) {
        return;
      }
      delete carried[fresh.id];
      var input = widget.querySelector('input[type="file"]');
      takeAttributes(input, fresh);
      fresh.parentNode.replaceChild(widget, fresh);
      // An empty change makes USWDS drop the preview and show its instructions again.
      input.value = "";
      input.dispatchEvent(new Event("change"));
    });
  });
})();
