/*
 * One rule shared by the forms that autosave with htmx (the nomination form, the review
 * form): a click on a submit button never races an autosave.
 *
 * Leaving a text box by clicking "Save draft" or "Submit" starts an autosave just
 * before the form is sent. Sent at once, the form would carry the version from before
 * that autosave and be refused as coming from a stale tab; so it waits for the autosave,
 * then goes with the version the autosave got back. Once the whole form is on its way, a
 * delayed autosave firing would only race it, so it is dropped.
 *
 * awardsGuardAutosave(form, {onSend, onSubmit}): onSend runs as each autosave leaves,
 * onSubmit as the form itself is sent. No inline scripts anywhere (CSP 'self' only).
 */
window.awardsGuardAutosave = function (form, hooks) {
  "use strict";

  var saving = false;
  var submitting = false;
  var waitingSubmitter = null;

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt !== form) {
      return;
    }
    if (submitting) {
      event.preventDefault();
      return;
    }
    saving = true;
    if (hooks.onSend) {
      hooks.onSend();
    }
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
    if (hooks.onSubmit) {
      hooks.onSubmit();
    }
  });
};
