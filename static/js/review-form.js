/*
 * The panelist's review form: a copy kept in this browser until the server confirms it
 * saved, and a clear status when an autosave fails. autosave-guard.js (loaded first)
 * keeps a click on "Save draft" or "Submit review" from racing an autosave.
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

  function revision() {
    var field = form.querySelector('[name="revision"]');
    return field ? field.value : "";
  }

  // The copy remembers the revision it was typed on, so it never replaces newer work
  // saved from another tab or device.
  function keep() {
    if (!storageKey) {
      return;
    }
    try {
      window.localStorage.setItem(
        storageKey,
        JSON.stringify({ basedOn: revision(), values: formValues() })
      );
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
      var copy = text ? JSON.parse(text) : null;
      return copy && copy.values ? copy : null;
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
  if (!saved || !form.hasAttribute("hx-post") || sameValues(saved.values, formValues())) {
    forget();
  } else if (saved.basedOn === revision()) {
    if (restore(saved.values)) {
      setStatus(
        "<strong>Restored:</strong> changes made on this device that had not been saved " +
          "are back in the form, and are being saved now."
      );
      // htmx (loaded with `defer`) sets up the form's triggers when the document is
      // ready, so the restored copy is sent once the page has loaded.
      var saveRestored = function () {
        window.htmx.trigger(form, "change");
      };
      if (document.readyState === "complete") {
        saveRestored();
      } else {
        window.addEventListener("load", saveRestored);
      }
    }
  } else {
    // The review was saved elsewhere since: the newer version stays, and the old copy
    // goes (restoring it would overwrite that newer work).
    forget();
    setStatus(
      "Changes this device had not saved were older than the version saved since, so " +
        "the newer version is shown."
    );
  }

  // -- autosave -----------------------------------------------------------------------------

  var sentValues = null;

  // Every change is kept at once: closing the tab before the autosave leaves loses nothing.
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);

  var leavingBySubmit = false;

  window.awardsGuardAutosave(form, {
    onSend: function () {
      sentValues = formValues();
    },
    onSubmit: function () {
      leavingBySubmit = true;
      keep();
    },
  });

  // A submitted review is not autosaved: changes count only with "Submit changes". Leaving
  // the page with changes not submitted asks first, so they are not lost unnoticed.
  var shown = formValues();
  window.addEventListener("beforeunload", function (event) {
    if (!form.hasAttribute("hx-post") && !leavingBySubmit && !sameValues(shown, formValues())) {
      event.preventDefault();
      event.returnValue = "";
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
