/*
 * Autosave for the forms that save as people type: the nomination form and the
 * panelist's review form. htmx posts the form on change and after a pause in typing (the
 * form's hx-* attributes); this module keeps that typing safe:
 *
 * - a copy of the form is kept in this browser (localStorage) from the first keystroke
 *   until the server confirms it saved exactly that text, so a failed save, a closed tab
 *   or an ended session loses nothing;
 * - on the next visit the copy goes back into the form and is saved, unless the form was
 *   saved elsewhere since: then the page asks first if it has a restore notice, and
 *   otherwise keeps the newer version;
 * - the status region says why a save failed;
 * - a click on a submit button never races an autosave;
 * - a form that does not autosave (a submitted review) asks before the page is left with
 *   changes that were not sent.
 *
 * It starts on every form with data-autosave-key, set up by the form's attributes:
 *   data-autosave-key      the localStorage key of the copy
 *   data-autosave-status   the id of the status region (role="status") it writes to
 *   data-autosave-version  the name of the hidden field holding the version the page shows,
 *                          which each autosave replaces (out of band)
 *   data-autosave-restore  optional: the id of a hidden notice, with [data-restore="apply"]
 *                          and [data-restore="discard"] buttons, shown when the copy is
 *                          older than the version saved since
 *   data-autosave-changed  optional: the name of a hidden field that the save putting a
 *                          copy back fills with the names of the fields it puts back;
 *                          the server then saves those fields only
 *   data-bound             the page shows what was just posted: the newest text there is
 * Its words are the form's <template data-autosave-message="..."> elements: restored,
 * signed-out, failed, offline, and as needed forbidden (a 403; without it a 403 reads as
 * signed out), superseded, restored-on-request and discarded.
 *
 * Only the fields this page changed come back: the copy remembers, beside what was typed,
 * what the page last had from the server (`base`: as loaded, then as each save stored
 * it). A field another tab saved meanwhile, and this page did not touch, keeps the
 * newer value, in the form and (with data-autosave-changed) on the server.
 *
 * After it puts a copy back into the form it sends "autosave:restored" on the form, and
 * after the server confirms a save, "autosave:saved", for the form's own script.
 * No inline scripts anywhere: the Content Security Policy allows 'self' only.
 */
(function () {
  "use strict";

  // Only what a person types or chooses is kept; hidden fields (the CSRF token, the
  // version) belong to the page that was served.
  var NOT_TYPED = { hidden: true, submit: true, button: true, reset: true, file: true };

  function sameValues(first, second) {
    return JSON.stringify(first) === JSON.stringify(second);
  }

  function startAutosave(form) {
    var storageKey = form.getAttribute("data-autosave-key");
    var status = document.getElementById(form.getAttribute("data-autosave-status"));
    var versionName = form.getAttribute("data-autosave-version");
    var noticeId = form.getAttribute("data-autosave-restore");
    var changedName = form.getAttribute("data-autosave-changed");
    var autosaving = form.hasAttribute("hx-post");

    // -- the status region ----------------------------------------------------------------

    function message(name) {
      return form.querySelector('template[data-autosave-message="' + name + '"]');
    }

    function showStatus(name) {
      var template = message(name);
      if (status && template) {
        status.replaceChildren(template.content.cloneNode(true));
      }
    }

    // -- the copy kept in this browser -------------------------------------------------------

    function formValues() {
      var values = {};
      var elements = form.elements;
      for (var i = 0; i < elements.length; i++) {
        var element = elements[i];
        if (!element.name || NOT_TYPED[element.type]) {
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

    // Puts kept values back into the form; says whether anything changed.
    function applyValues(values) {
      var changed = false;
      var elements = form.elements;
      for (var i = 0; i < elements.length; i++) {
        var element = elements[i];
        if (!element.name || NOT_TYPED[element.type] || !(element.name in values)) {
          continue;
        }
        var value = values[element.name];
        if (element.type === "checkbox" || element.type === "radio") {
          var checked = element.type === "checkbox" ? !!value : element.value === value;
          if (element.checked !== checked) {
            element.checked = checked;
            changed = true;
          }
        } else if (element.value !== value) {
          element.value = value;
          changed = true;
        }
      }
      if (changed) {
        form.dispatchEvent(new CustomEvent("autosave:restored"));
      }
      return changed;
    }

    // The names of the fields whose value in `values` differs from `base`. A copy kept
    // before `base` was remembered counts every field as changed, as it always did.
    function changedFields(values, base) {
      var names = [];
      for (var name in values) {
        if (Object.prototype.hasOwnProperty.call(values, name)) {
          if (!base || !(name in base) || !sameValues(values[name], base[name])) {
            names.push(name);
          }
        }
      }
      return names;
    }

    function onlyFields(values, names) {
      var picked = {};
      for (var i = 0; i < names.length; i++) {
        picked[names[i]] = values[names[i]];
      }
      return picked;
    }

    // Tells the next save which fields it puts back ("" for an ordinary save: all).
    function markChanged(names) {
      var field = changedName ? form.querySelector('[name="' + changedName + '"]') : null;
      if (field) {
        field.value = names.join(" ");
      }
    }

    function version() {
      var field = versionName ? form.querySelector('[name="' + versionName + '"]') : null;
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

    // What the server holds of this page's fields, as far as this page knows: the values
    // it was loaded with, then what each save stored.
    var base = formValues();

    // The copy remembers the version it was typed on, so it never silently replaces newer
    // work saved from another tab or device, and `base`, so that only the fields this
    // page changed come back.
    function keep() {
      try {
        window.localStorage.setItem(
          storageKey,
          JSON.stringify({ basedOn: version(), base: base, values: formValues() })
        );
      } catch (error) {
        // Private browsing or a full store: autosave still works while the session lasts.
      }
    }

    function forget() {
      try {
        window.localStorage.removeItem(storageKey);
      } catch (error) {
        // Nothing kept, nothing to forget.
      }
    }

    function saveNow() {
      if (window.htmx) {
        window.htmx.trigger(form, "change");
      }
    }

    // htmx (loaded with `defer`) sets up the form's triggers when the document is ready;
    // a restored copy is saved through it, so the save waits for the page to load.
    function saveOnceLoaded() {
      if (document.readyState === "complete") {
        saveNow();
      } else {
        window.addEventListener("load", saveNow);
      }
    }

    // -- a copy that did not reach the server comes back -------------------------------------

    function restoreKept() {
      var kept = readKept();
      if (!kept || !autosaving) {
        // Nothing kept, or a form that does not autosave (it counts only when submitted):
        // nothing comes back.
        forget();
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
      var changed = changedFields(kept.values, kept.base);
      if (kept.basedOn === version()) {
        if (applyValues(onlyFields(kept.values, changed))) {
          showStatus("restored");
          saveOnceLoaded();
        }
        return;
      }
      var notice = noticeId ? document.getElementById(noticeId) : null;
      if (!notice) {
        // Saved elsewhere since: the newer version stays, and the old copy goes (putting
        // it back would overwrite that newer work).
        forget();
        showStatus("superseded");
        return;
      }
      // Saved elsewhere since: putting the copy back would replace the newer version, so
      // the person chooses. Only the fields changed on the page the copy comes from come
      // back, and the save says which, so the server leaves every other field as the
      // other tab saved it.
      notice.hidden = false;
      notice.querySelector('[data-restore="apply"]').addEventListener("click", function () {
        applyValues(onlyFields(kept.values, changed));
        notice.hidden = true;
        showStatus("restored-on-request");
        markChanged(changed);
        saveNow();
      });
      notice.querySelector('[data-restore="discard"]').addEventListener("click", function () {
        forget();
        notice.hidden = true;
        showStatus("discarded");
      });
    }

    restoreKept();

    // -- autosave --------------------------------------------------------------------------

    // Every change is kept at once: closing the tab before the autosave leaves loses nothing.
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);

    // Leaving a text box by clicking "Save draft" or "Submit" starts an autosave just
    // before the form is sent. Sent at once, the form would carry the version from before
    // that autosave and be refused as coming from a stale tab; so it waits for the
    // autosave, then goes with the version the autosave got back. Once the whole form is
    // on its way, a delayed autosave firing would only race it, so it is dropped.
    var saving = false;
    var submitting = false;
    var waitingSubmitter = null;
    var sentValues = null;

    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (event.detail.elt !== form) {
        return;
      }
      if (submitting) {
        event.preventDefault();
        return;
      }
      saving = true;
      sentValues = formValues();
      // htmx has read the form: the list of fields put back goes with this save only.
      markChanged([]);
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

    form.addEventListener("submit", function (event) {
      if (saving) {
        event.preventDefault();
        waitingSubmitter = event.submitter || null;
        return;
      }
      submitting = true;
      keep();
    });

    // After a save: the server now holds what was sent, except the values it refused
    // (a field whose error message shows), which keep their earlier `base`.
    function rememberSaved(sent) {
      var next = {};
      for (var name in sent) {
        if (Object.prototype.hasOwnProperty.call(sent, name)) {
          var element = form.querySelector('[name="' + name + '"]');
          var error = element ? document.getElementById(
            (element.id || "").replace(/_\d+$/, "") + "-error"
          ) : null;
          var refused = error && error.textContent.trim() !== "";
          next[name] = refused && base && name in base ? base[name] : sent[name];
        }
      }
      base = next;
    }

    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (!status || event.detail.target !== status) {
        return;
      }
      var result = status.querySelector("[data-autosave-result]");
      if (!result) {
        return;
      }
      var saved = result.getAttribute("data-autosave-result") === "saved";
      if (saved && sentValues) {
        rememberSaved(sentValues);
      }
      // Forget the copy only if everything was saved and nothing changed while the save
      // was on its way. A value the server refused (an EIN with too few digits, say), a
      // conflict or a refusal leaves the copy, now based on the version the page holds,
      // so a reload brings it back rather than losing it.
      if (
        saved &&
        !result.hasAttribute("data-has-errors") &&
        sentValues &&
        sameValues(sentValues, formValues())
      ) {
        forget();
      } else {
        keep();
      }
      if (saved) {
        form.dispatchEvent(new CustomEvent("autosave:saved"));
      }
    });

    document.body.addEventListener("htmx:responseError", function (event) {
      if (event.detail.elt !== form) {
        return;
      }
      keep();
      var code = event.detail.xhr.status;
      if (code === 403 && message("forbidden")) {
        showStatus("forbidden");
      } else if (code === 401 || code === 403) {
        showStatus("signed-out");
      } else {
        showStatus("failed");
      }
    });

    document.body.addEventListener("htmx:sendError", function (event) {
      if (event.detail.elt === form) {
        keep();
        showStatus("offline");
      }
    });

    // A form that does not autosave (a submitted review: changes count only when submitted
    // again) asks before the page is left with changes not sent, so they are not lost
    // unnoticed.
    if (!autosaving) {
      var shown = formValues();
      window.addEventListener("beforeunload", function (event) {
        if (!submitting && !sameValues(shown, formValues())) {
          event.preventDefault();
          event.returnValue = "";
        }
      });
    }
  }

  // Started once the document is parsed, after the forms' own scripts have added their
  // listeners and before htmx (loaded with `defer`) sets up the forms' triggers.
  function startAll() {
    var forms = document.querySelectorAll("form[data-autosave-key]");
    for (var i = 0; i < forms.length; i++) {
      startAutosave(forms[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
