/*
 * The session warning (templates/accounts/_session_warning.html; WCAG 2.2.1).
 *
 * A session ends a fixed time after sign-in (accounts/authentication.py). The page knows
 * how many seconds its session had left when it was made; counting from there (not from
 * the computer's clock, which may be wrong), the dialog opens `data-warning-seconds`
 * before the end, says how many minutes are left, and offers "Stay signed in" (confirm
 * the password, which restarts the session's clock, and come back to this page) or "Not
 * now". At the end it opens again, if it was closed, saying the session has ended, with
 * a link to sign in again. Focus goes to the dialog's heading each time it opens, and
 * back where it was when it is closed.
 *
 * Loaded on every page from base.html; does nothing on a page without the dialog.
 */
(function () {
  "use strict";

  var dialog = document.getElementById("session-warning");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var secondsLeft = parseInt(dialog.getAttribute("data-seconds-left"), 10);
  var warningSeconds = parseInt(dialog.getAttribute("data-warning-seconds"), 10);
  if (isNaN(secondsLeft) || isNaN(warningSeconds)) {
    return;
  }
  var endsAt = Date.now() + secondsLeft * 1000;
  var ending = dialog.querySelector('[data-session-state="ending"]');
  var ended = dialog.querySelector('[data-session-state="ended"]');
  var minutesText = dialog.querySelector("[data-session-minutes]");
  var returnFocusTo = null;
  var stage = "working"; // then "warned", then "ended"

  function sayMinutesLeft() {
    var minutes = Math.ceil((endsAt - Date.now()) / 60000);
    minutesText.textContent = minutes <= 1 ? "less than a minute" : minutes + " minutes";
  }

  function open(state) {
    if (!dialog.open) {
      returnFocusTo = document.activeElement;
      dialog.showModal();
    }
    state.querySelector("h2").focus();
  }

  function end() {
    ending.hidden = true;
    ended.hidden = false;
    dialog.setAttribute("aria-labelledby", "session-ended-heading");
    dialog.setAttribute("aria-describedby", "session-ended-text");
    open(ended);
  }

  // Checked every second rather than by one long timer, which a computer put to sleep
  // would deliver late.
  function check() {
    var now = Date.now();
    if (now >= endsAt) {
      window.clearInterval(timer);
      stage = "ended";
      end();
    } else if (stage === "warned") {
      sayMinutesLeft();
    } else if (now >= endsAt - warningSeconds * 1000) {
      stage = "warned";
      sayMinutesLeft();
      open(ending);
    }
  }

  // Both links come back to this page, its query included.
  dialog.querySelectorAll("[data-session-return]").forEach(function (link) {
    var here = window.location.pathname + window.location.search;
    link.setAttribute("href", link.getAttribute("href") + "?next=" + encodeURIComponent(here));
  });

  dialog.addEventListener("click", function (event) {
    if (event.target.closest("[data-session-close]")) {
      dialog.close();
    }
  });
  dialog.addEventListener("close", function () {
    if (returnFocusTo && returnFocusTo.isConnected) {
      returnFocusTo.focus();
    }
    returnFocusTo = null;
  });

  var timer = window.setInterval(check, 1000);
  check();
})();
