/*
 * The nomination form: live word counts, the nominee-type sections, and a copy of the
 * form kept in this browser (localStorage) until the server confirms it saved.
 *
 * htmx posts the form on change and after a pause in typing (see the form's hx-*
 * attributes). This file never posts by itself except to re-save text it restored.
 * No inline scripts or handlers anywhere: the Content Security Policy allows 'self' only.
 */
(function () {
  "use strict";

  var form = document.getElementById("nomination-form");
  if (!form) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var storageKey = form.getAttribute("data-autosave-key");
  var loginUrl = form.getAttribute("data-login-url");
  var SKIPPED = { csrfmiddlewaretoken: true, expected_saved_at: true };

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

  // -- the copy kept in this browser ---------------------------------------------------------

  function formValues() {
    var values = {};
    var elements = form.elements;
    for (var i = 0; i < elements.length; i++) {
      var element = elements[i];
      if (!element.name || SKIPPED[element.name] || element.type === "submit") {
        continue;
      }
      if (element.type === "checkbox") {
        values[element.name] = element.checked;
      } else if (element.type === "radio") {
        if (element.checked) {
          values[element.name] = element.value;
        } else if (!(element.name in values)) {
          values[element.name] = "";
        }
      } else {
        values[element.name] = element.value;
      }
    }
    return values;
  }

  function applyValues(values) {
    var elements = form.elements;
    for (var i = 0; i < elements.length; i++) {
      var element = elements[i];
      if (!element.name || SKIPPED[element.name] || !(element.name in values)) {
        continue;
      }
      if (element.type === "checkbox") {
        element.checked = !!values[element.name];
      } else if (element.type === "radio") {
        element.checked = element.value === values[element.name];
      } else if (element.type !== "submit") {
        element.value = values[element.name];
      }
    }
    showKindFields();
    eachWordCounted(function (textarea) {
      updateWordCount(textarea, false);
    });
  }

  function serverVersion() {
    var field = document.getElementById("id_expected_saved_at");
    return field ? field.value : "";
  }

  function readKept() {
    try {
      var kept = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      return kept && kept.values ? kept : null;
    } catch (error) {
      return null;
    }
  }

  function keep() {
    try {
      window.localStorage.setItem(
        storageKey,
        JSON.stringify({ basedOn: serverVersion(), values: formValues() })
      );
    } catch (error) {
      // Storage full or disabled: autosave still works while the session lasts.
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(storageKey);
    } catch (error) {
      // Nothing to do.
    }
  }

  function sameValues(first, second) {
    return JSON.stringify(first) === JSON.stringify(second);
  }

  function saveNow() {
    if (window.htmx) {
      window.htmx.trigger(form, "change");
    }
  }

  function setStatus(html) {
    status.innerHTML = html;
  }

  // On load: text kept from a visit whose save never reached the server (signed out,
  // offline, browser closed) goes back into the form and is saved. If the draft changed
  // on the server since, ask first: the kept text would replace the newer version.
  function restoreKept() {
    var kept = readKept();
    if (!kept) {
      return;
    }
    if (form.hasAttribute("data-bound")) {
      // This page shows what was just sent (with the fields to correct): it is the
      // newest text, so the kept copy becomes this page's.
      keep();
      return;
    }
    if (sameValues(kept.values, formValues())) {
      forget();
      return;
    }
    if (kept.basedOn === serverVersion()) {
      applyValues(kept.values);
      setStatus("Your unsaved changes from earlier are back in the form. Saving them…");
      saveNow();
      return;
    }
    var notice = document.getElementById("restore-notice");
    notice.hidden = false;
    document.getElementById("restore-apply").addEventListener("click", function () {
      applyValues(kept.values);
      notice.hidden = true;
      setStatus("Your kept changes are back in the form. Saving them…");
      saveNow();
    });
    document.getElementById("restore-discard").addEventListener("click", function () {
      forget();
      notice.hidden = true;
      setStatus("Your kept changes were discarded.");
    });
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

  var sentValues = null;

  form.addEventListener("input", function (event) {
    keep();
    if (event.target.matches("textarea[data-word-limit]")) {
      updateWordCount(event.target, true);
    }
  });
  form.addEventListener("change", function (event) {
    keep();
    if (event.target.name === "kind") {
      showKindFields();
    }
  });

  window.awardsGuardAutosave(form, {
    onSend: function () {
      sentValues = formValues();
    },
    onSubmit: keep,
  });

  document.body.addEventListener("htmx:oobAfterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.hasAttribute && target.hasAttribute("data-error-for")) {
      syncErrorState(target);
    }
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== status) {
      return;
    }
    var result = status.querySelector("[data-autosave-result]");
    if (!result) {
      return;
    }
    var outcome = result.getAttribute("data-autosave-result");
    if (outcome === "saved") {
      var errors = form.querySelectorAll("[data-error-for]");
      for (var i = 0; i < errors.length; i++) {
        syncErrorState(errors[i]);
      }
      // Forget the kept copy only if everything was saved and nothing changed while the
      // save was on its way. A value the server refused (an EIN with too few digits, say)
      // stays in the kept copy, now based on the version just saved, so a reload brings
      // it back rather than losing it.
      var complete = !result.hasAttribute("data-has-errors");
      if (complete && sentValues && sameValues(sentValues, formValues())) {
        forget();
      } else {
        keep();
      }
    }
    // On a conflict or a refusal the kept copy stays, so no text is lost.
  });

  document.body.addEventListener("htmx:responseError", function (event) {
    if (event.detail.elt !== form) {
      return;
    }
    keep();
    if (event.detail.xhr.status === 401 || event.detail.xhr.status === 403) {
      setStatus(
        "<strong>Not saved: you are signed out.</strong> Your text is kept in this browser. " +
          '<a class="usa-link" href="' + loginUrl + '">Sign in again</a> to save it.'
      );
    } else {
      setStatus("<strong>Not saved</strong> because of a problem on our side. Your text is kept in this browser, and we will try again when you next make a change.");
    }
  });

  document.body.addEventListener("htmx:sendError", function (event) {
    if (event.detail.elt === form) {
      keep();
      setStatus("<strong>Not saved: no connection.</strong> Your text is kept in this browser, and we will try again when you next make a change.");
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
  // htmx (loaded with `defer`) sets up the form's triggers when the document is ready;
  // a restored copy is saved through it, so restoring waits for the page to load.
  if (document.readyState === "complete") {
    restoreKept();
  } else {
    window.addEventListener("load", restoreKept);
  }
})();
