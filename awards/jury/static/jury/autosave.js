// Saves a judge's draft while they type (progressive enhancement: without JS the 保存草稿
// button does the same). Served from 'self', so it passes the site's CSP (script-src 'self').
(function () {
  "use strict";
  function start(form) {
    var url = form.getAttribute("data-draft-url");
    var status = form.querySelector(".draft-status");
    var timer = null;
    function say(text) { if (status) { status.textContent = text; } }
    function save() {
      say(form.getAttribute("data-saving"));
      fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin",
                   headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.json().then(function (body) {
          say(response.ok ? form.getAttribute("data-saved") : (body.error || form.getAttribute("data-failed")));
        }); })
        .catch(function () { say(form.getAttribute("data-failed")); });
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 600);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-draft-url]").forEach(start);
  });
})();
