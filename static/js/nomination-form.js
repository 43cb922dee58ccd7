/*
 * The nomination form's own behaviour: live word counts, the nominee-type sections, field
 * errors that autosave swaps in, and the step indicator following the section in view.
 * Autosave itself (the copy kept in this browser, restoring it, the status messages, the
 * guard around submitting) is static/js/autosave.js, which this file hears through the
 * form's "autosave:restored" and "autosave:saved" events.
 *
 * No inline scripts or handlers anywhere: the Content Security Policy allows 'self' only.
 */
(function () {
  "use strict";

  var form = document.getElementById("nomination-form");
  if (!form) {
    return;
  }

  // -- live word counts -------------------------------------------------------------------

  function countWords(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }

  function wordCountMessage(total, limit) {
    if (total > limit) {
      return total + " words: " + (total - limit) + " over the limit of " + limit;
    }
    return total + " of " + limit + " words";
  }

  var liveTimers = {};

  function updateWordCount(textarea, announce) {
    var counter = document.querySelector('[data-word-count-for="' + textarea.id + '"]');
    if (!counter) {
      return;
    }
    var limit = parseInt(counter.getAttribute("data-word-limit"), 10);
    var message = wordCountMessage(countWords(textarea.value), limit);
    counter.textContent = message;
    counter.classList.toggle("site-word-count--over", countWords(textarea.value) > limit);
    if (!announce) {
      return;
    }
    // Screen readers hear the count once typing pauses, not at every keystroke.
    var live = document.querySelector('[data-word-count-live-for="' + textarea.id + '"]');
    clearTimeout(liveTimers[textarea.id]);
    liveTimers[textarea.id] = setTimeout(function () {
      if (live) {
        live.textContent = message;
      }
    }, 1000);
  }

  function eachWordCounted(callback) {
    var fields = form.querySelectorAll("textarea[data-word-limit]");
    for (var i = 0; i < fields.length; i++) {
      callback(fields[i]);
    }
  }

  // -- nominee type: show the fields of the chosen type ------------------------------------

  function chosenKind() {
    var checked = form.querySelector('input[name="kind"]:checked');
    return checked ? checked.value : "";
  }

  function showKindFields() {
    var kind = chosenKind();
    var groups = form.querySelectorAll("[data-nominee-kind]");
    for (var i = 0; i < groups.length; i++) {
      // With no type chosen both stay visible; the server ignores the other type's fields.
      groups[i].hidden = kind !== "" && groups[i].getAttribute("data-nominee-kind") !== kind;
    }
  }

  // -- field errors that autosave swapped in ---------------------------------------------

  function syncErrorState(message) {
    var field = document.getElementById(message.getAttribute("data-error-for"));
    var group = message.closest(".usa-form-group");
    var hasError = message.textContent.trim() !== "";
    message.hidden = !hasError;
    if (group) {
      group.classList.toggle("usa-form-group--error", hasError);
      var label = group.querySelector(".usa-label");
      if (label) {
        label.classList.toggle("usa-label--error", hasError);
      }
    }
    if (field && field.type !== "radio") {
      if (hasError) {
        field.setAttribute("aria-invalid", "true");
      } else {
        field.removeAttribute("aria-invalid");
      }
      var base = field.classList.contains("usa-textarea") ? "usa-textarea--error" : "usa-input--error";
      field.classList.toggle(base, hasError);
    }
  }

  // -- wiring ------------------------------------------------------------------------------

  form.addEventListener("input", function (event) {
    if (event.target.matches("textarea[data-word-limit]")) {
      updateWordCount(event.target, true);
    }
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "kind") {
      showKindFields();
    }
  });

  // autosave.js put kept text back into the form.
  form.addEventListener("autosave:restored", function () {
    showKindFields();
    eachWordCounted(function (textarea) {
      updateWordCount(textarea, false);
    });
  });

  document.body.addEventListener("htmx:oobAfterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.hasAttribute && target.hasAttribute("data-error-for")) {
      syncErrorState(target);
    }
  });

  form.addEventListener("autosave:saved", function () {
    var errors = form.querySelectorAll("[data-error-for]");
    for (var i = 0; i < errors.length; i++) {
      syncErrorState(errors[i]);
    }
  });

  // -- the step indicator follows the section in view -------------------------------------

  var currentAnchor = "";

  function sectionInView() {
    var steps = document.querySelectorAll("#form-steps [data-step-anchor]");
    var header = document.querySelector(".site-form-header");
    var line = (header ? header.getBoundingClientRect().bottom : 0) + 48;
    var atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    var found = steps.length ? steps[0].getAttribute("data-step-anchor") : "";
    for (var i = 0; i < steps.length; i++) {
      var anchor = steps[i].getAttribute("data-step-anchor");
      var section = document.getElementById(anchor);
      if (section && (section.getBoundingClientRect().top <= line || (atBottom && i === steps.length - 1))) {
        found = anchor;
      }
    }
    return found;
  }

  function showCurrentStep(force) {
    var anchor = sectionInView();
    if (!anchor || (anchor === currentAnchor && !force)) {
      return;
    }
    currentAnchor = anchor;
    var steps = document.querySelectorAll("#form-steps [data-step-anchor]");
    for (var i = 0; i < steps.length; i++) {
      var isCurrent = steps[i].getAttribute("data-step-anchor") === anchor;
      steps[i].classList.toggle("usa-step-indicator__segment--current", isCurrent);
      if (isCurrent) {
        steps[i].setAttribute("aria-current", "step");
        var number = document.querySelector("#form-steps [data-step-number]");
        var name = document.querySelector("#form-steps [data-step-name]");
        var link = steps[i].querySelector("a");
        if (number) {
          number.textContent = String(i + 1);
        }
        if (name && link) {
          name.textContent = link.textContent;
        }
      } else {
        steps[i].removeAttribute("aria-current");
      }
    }
  }

  var stepFrame = null;
  window.addEventListener("scroll", function () {
    if (stepFrame === null) {
      stepFrame = window.requestAnimationFrame(function () {
        stepFrame = null;
        showCurrentStep(false);
      });
    }
  }, { passive: true });

  // The autosave replaces the step indicator (sections done or not): keep the current one.
  // (Out-of-band swaps are done before the main one, so the new indicator is in place.)
  document.body.addEventListener("htmx:afterSwap", function () {
    showCurrentStep(true);
  });

  // Choosing a section in the small-screen list closes the list.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".site-step-jump a");
    if (link) {
      link.closest("details").open = false;
    }
  });

  showCurrentStep(true);
  showKindFields();
  eachWordCounted(function (textarea) {
    updateWordCount(textarea, false);
  });
})();
