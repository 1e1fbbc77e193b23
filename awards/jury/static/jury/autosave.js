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
    function later() {
      clearTimeout(timer);
      timer = setTimeout(save, 600);
    }
    form.addEventListener("input", later);
    // A judge on a slow phone may type before this script has started: what they typed
    // then raised no event here, so it is saved now instead of waiting for the next key.
    if (edited(form)) { later(); }
  }
  function edited(form) {
    return Array.prototype.some.call(form.elements, function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        return field.checked !== field.defaultChecked;
      }
      if (field.tagName === "SELECT") {
        return Array.prototype.some.call(field.options, function (option) {
          return option.selected !== option.defaultSelected;
        });
      }
      return "defaultValue" in field && field.type !== "hidden" && field.value !== field.defaultValue;
    });
  }
  function startAll() { document.querySelectorAll("form[data-draft-url]").forEach(start); }
  // Deferred, the script normally runs before DOMContentLoaded; loaded late, it starts at once.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
