/* Session-expiry warning (issue 9, "keeping work safe"). Progressive enhancement only: without
   JavaScript the server's timed-out page explains what happened and returns the person after
   signing in. Two minutes before the session ends, the hidden warning is shown, focus moves to it
   and screen readers announce it (role="alertdialog"). "Stay signed in" posts to the extend view
   without leaving the page, so nothing typed is lost. */
(function () {
  "use strict";
  var box = document.getElementById("portal-session-warning");
  if (!box || !window.fetch) { return; }
  var secondsLeft = parseInt(box.getAttribute("data-seconds-left"), 10);
  var warnBefore = parseInt(box.getAttribute("data-warn-before"), 10) || 120;
  if (!(secondsLeft > 0)) { return; }
  var form = box.querySelector("form");
  var countdown = box.querySelector("[data-countdown]");
  var deadline, warnTimer, endTimer, tick;

  function show() {
    box.hidden = false;
    box.focus();
    tick = window.setInterval(function () {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      if (countdown) { countdown.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2); }
    }, 1000);
  }

  function ended() {
    window.location.assign(box.getAttribute("data-ended-url") + "?next=" +
      encodeURIComponent(window.location.pathname + window.location.search));
  }

  function schedule(seconds) {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    window.clearInterval(tick);
    deadline = Date.now() + seconds * 1000;
    warnTimer = window.setTimeout(show, Math.max(0, (seconds - warnBefore) * 1000));
    endTimer = window.setTimeout(ended, seconds * 1000);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("extend failed"); }
      return response.json();
    }).then(function (data) {
      box.hidden = true;
      schedule(data.seconds_left);
    }).catch(function () { form.submit(); });
  });

  schedule(secondsLeft);
}());
