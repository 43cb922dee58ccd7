/*
 * The panelist's review form: a copy kept in this browser until the server confirms it
 * saved, a clear status when an autosave fails, and no race between an autosave and a
 * click on "Save draft" or "Submit review".
 *
 * htmx posts the draft on change and after a pause in typing (the form's hx-* attributes).
 * No inline scripts or handlers anywhere: the Content Security Policy allows 'self' only.
 */
(function () {
  "use strict";

  var form = document.getElementById("review-form-fields");
  if (!form) {
    return;
  }
  var status = document.getElementById("review-autosave-status");
  var storageKey = form.getAttribute("data-autosave-key");
  var loginUrl = form.getAttribute("data-login-url");
  var SKIPPED = { csrfmiddlewaretoken: true, revision: true, page: true };

  function formValues() {
    var values = {};
    var data = new FormData(form);
    data.forEach(function (value, name) {
      if (!SKIPPED[name] && typeof value === "string") {
        values[name] = value;
      }
    });
    return values;
  }

  function sameValues(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function keep() {
    if (!storageKey) {
      return;
    }
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(formValues()));
    } catch (error) {
      // Private browsing or a full store: the server copy is all there is.
    }
  }

  function forget() {
    if (!storageKey) {
      return;
    }
    try {
      window.localStorage.removeItem(storageKey);
    } catch (error) {
      // Nothing kept, nothing to forget.
    }
  }

  function kept() {
    if (!storageKey) {
      return null;
    }
    try {
      var text = window.localStorage.getItem(storageKey);
      return text ? JSON.parse(text) : null;
    } catch (error) {
      return null;
    }
  }

  function setStatus(html) {
    if (status) {
      status.innerHTML = html;
    }
  }

  // -- a copy that did not reach the server comes back --------------------------------

  function restore(values) {
    var changed = false;
    Object.keys(values).forEach(function (name) {
      var fields = form.querySelectorAll('[name="' + name + '"]');
      for (var i = 0; i < fields.length; i++) {
        var field = fields[i];
        if (field.type === "radio") {
          var checked = field.value === values[name];
          if (field.checked !== checked) {
            field.checked = checked;
            changed = true;
          }
        } else if (field.value !== values[name]) {
          field.value = values[name];
          changed = true;
        }
      }
    });
    return changed;
  }

  var saved = kept();
  if (saved && !sameValues(saved, formValues()) && form.hasAttribute("hx-post")) {
    if (restore(saved)) {
      setStatus(
        "<strong>Restored:</strong> changes made on this device that had not been saved " +
          "are back in the form, and are being saved now."
      );
      window.htmx.trigger(form, "change");
    }
  } else if (saved) {
    forget();
  }

  // -- autosave and buttons ---------------------------------------------------------------

  var saving = false;
  var submitting = false;
  var waitingSubmitter = null;
  var sentValues = null;

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt !== form) {
      return;
    }
    if (submitting) {
      // The whole form is on its way: a delayed autosave firing now would only race it.
      event.preventDefault();
      return;
    }
    sentValues = formValues();
    saving = true;
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt !== form) {
      return;
    }
    saving = false;
    if (waitingSubmitter) {
      var submitter = waitingSubmitter;
      waitingSubmitter = null;
      form.requestSubmit(submitter);
    }
  });

  // Clicking a button right after typing starts an autosave (the text box loses focus)
  // just before the form is sent: the form waits for it, then goes with the revision the
  // autosave got back, instead of racing it.
  form.addEventListener("submit", function (event) {
    if (saving) {
      event.preventDefault();
      waitingSubmitter = event.submitter || null;
      return;
    }
    submitting = true;
    keep();
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== status) {
      return;
    }
    var result = status.querySelector("[data-autosave-result]");
    if (!result) {
      return;
    }
    if (
      result.getAttribute("data-autosave-result") === "saved" &&
      !result.hasAttribute("data-has-errors") &&
      sentValues &&
      sameValues(sentValues, formValues())
    ) {
      forget();
    } else {
      // A conflict, a refusal, a value the server would not take, or typing since:
      // the copy in this browser stays, so nothing typed is lost.
      keep();
    }
  });

  document.body.addEventListener("htmx:responseError", function (event) {
    if (event.detail.elt !== form) {
      return;
    }
    keep();
    var code = event.detail.xhr.status;
    if (code === 401) {
      setStatus(
        "<strong>Not saved: you are signed out.</strong> Your changes are kept in this " +
          'browser. <a class="usa-link" href="' + loginUrl + '">Sign in again</a> to save them.'
      );
    } else if (code === 403) {
      setStatus(
        "<strong>Not saved: you can no longer change this review.</strong> Your changes are " +
          "kept in this browser. Reload the page to see why."
      );
    } else {
      setStatus(
        "<strong>Not saved</strong> because of a problem on our side. Your changes are kept " +
          "in this browser, and will be sent again when you next make a change."
      );
    }
  });

  document.body.addEventListener("htmx:sendError", function (event) {
    if (event.detail.elt === form) {
      keep();
      setStatus(
        "<strong>Not saved: no connection.</strong> Your changes are kept in this browser, " +
          "and will be sent again when you next make a change."
      );
    }
  });
})();
