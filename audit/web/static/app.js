// Shows and hides questions as answers change. The server decides (the same rules as on
// submit); without this script the server re-shows the page with any new questions.
(function () {
  "use strict";
  var form = document.getElementById("questions");
  if (!form || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-visible-url");
  var live = document.getElementById("live");
  var shownInput = form.querySelector("input[name=shown]");
  var pending = null;
  var sent = 0;  // answers can arrive out of order on a slow connection: only the newest one counts

  function exclusive(target) {
    // A "none of these" choice clears the others, and the other way round.
    if (target.type !== "checkbox" || !target.checked) { return; }
    var boxes = form.querySelectorAll("input[type=checkbox][name='" + target.name + "']");
    boxes.forEach(function (box) {
      if (box === target) { return; }
      if (target.hasAttribute("data-exclusive") || box.hasAttribute("data-exclusive")) { box.checked = false; }
    });
  }

  function refresh() {
    var request = ++sent;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || request !== sent) { return; }  // out of date: a newer answer is on its way
        var ids = [], added = 0, removed = 0;
        Object.keys(data.visible).forEach(function (id) {
          var box = form.querySelector("[data-question='" + id + "']");
          if (!box) { return; }
          var show = data.visible[id];
          if (show && box.hidden) { added++; }
          if (!show && !box.hidden) { removed++; }
          box.hidden = !show;
          if (show) { ids.push(id); }
        });
        shownInput.value = ids.join(" ");
        if (live && (added || removed)) {
          var say = function (attr, n) { return n ? form.getAttribute(attr).replace("{n}", n) + " " : ""; };
          live.textContent = say("data-added", added) + say("data-removed", removed);
        }
      })
      .catch(function () { /* the server still checks on submit */ });
  }

  // A choice shows its follow-up questions at once, before keyboard focus moves on; typed
  // numbers and text after a short pause in typing, while the field still has focus.
  form.addEventListener("change", function (event) {
    exclusive(event.target);
    if (pending) { clearTimeout(pending); pending = null; }
    refresh();
  });
  form.addEventListener("input", function (event) {
    var t = event.target;
    if (t.tagName !== "TEXTAREA" && t.type !== "text") { return; }
    if (pending) { clearTimeout(pending); }
    pending = setTimeout(refresh, 250);
  });
})();

// The copy button of the resume link (without JavaScript the field can be selected and copied).
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById("copy-status");
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () {
        if (status) { status.textContent = button.getAttribute("data-copied"); }
        button.textContent = button.getAttribute("data-copied");
      };
      var text = field.value || field.textContent.trim();
      var selectIt = function () {  // the fallback copies the selection
        var range = document.createRange();
        range.selectNodeContents(field);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        return document.execCommand("copy");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { if (selectIt()) { done(); } });
      } else if (selectIt()) { done(); }
    });
  });
})();

// The PDF progress page asks every second whether the report is ready, without reloading itself:
// a reload every second sent keyboard focus and screen readers back to the top of the page. Not
// yet: the queue line is brought up to date. Ready: the download starts (the page stays). Failed
// or gone: the page that says so. Without this script the page reloads itself (<noscript>).
(function () {
  "use strict";
  var status = document.querySelector("[data-poll]");
  if (!status || !window.fetch || !window.DOMParser) { return; }
  var url = status.getAttribute("data-poll");
  function ask() {
    var stop = window.AbortController ? new AbortController() : null;
    fetch(url, { credentials: "same-origin", cache: "no-store", signal: stop ? stop.signal : undefined })
      .then(function (r) {
        if (r.status === 202) {
          return r.text().then(function (html) {
            var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-queue]");
            var shown = document.querySelector("[data-queue]");
            if (fresh && shown && shown.textContent !== fresh.textContent) {
              shown.textContent = fresh.textContent;
              shown.hidden = fresh.hidden;
            }
            setTimeout(ask, 1000);
          });
        }
        if (stop) { stop.abort(); }  // not the PDF's bytes here: the browser downloads it below
        if (r.ok) { window.location.href = url; } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(ask, 1000); });
  }
  setTimeout(ask, 1000);
})();
