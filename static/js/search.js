// Search as you type on /zoeken: fetch the results fragment and swap it in.
// Without this file the form simply submits; with it, results follow the typing.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-live-search]");
    var input = form && form.querySelector("input[name=q]");
    var target = document.getElementById("zoekresultaten");
    var status = document.getElementById("zoekstatus");
    if (!form || !input || !target || !window.fetch || !window.URLSearchParams) { return; }
    var timer = null;
    var latest = 0;

    function announce(fragment) {
      var summary = target.querySelector("[data-count]");
      if (!status) { return; }
      if (!summary) { status.textContent = ""; return; }
      var count = parseInt(summary.getAttribute("data-count"), 10) || 0;
      status.textContent = count === 0 ? "Geen resultaten" :
        (count === 1 ? "1 resultaat" : count + " resultaten");
    }

    function run() {
      var params = new URLSearchParams(new FormData(form));
      var query = params.toString();
      var request = ++latest;
      params.set("fragment", "1");
      fetch(form.action + "?" + params.toString(), {
        headers: { "Accept": "text/html" }, credentials: "same-origin"
      }).then(function (response) {
        return response.ok || response.status === 503 ? response.text() : null;
      }).then(function (html) {
        if (html === null || request !== latest) { return; }
        target.innerHTML = html;  // server-rendered and escaped, like the full page
        announce();
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", form.action + (query ? "?" + query : ""));
        }
      }).catch(function () { /* the form still works by submitting */ });
    }

    input.addEventListener("input", function () {
      var value = input.value.trim();
      if (value.length === 1) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 250);
    });
  });
})();
