// Live privacy check while typing: shows what the server scan finds, debounced.
// Progressive enhancement only: the check when posting stays the one that counts.
(function () {
  "use strict";
  var DELAY = 800;
  var MAX_LENGTH = 50000;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function render(region, findings) {
    region.textContent = "";
    if (!findings.length) { return; }
    var intro = document.createElement("p");
    intro.className = "privacy-live-intro";
    intro.textContent = "Let op, mogelijk persoonsgegevens van een klant gevonden:";
    region.appendChild(intro);
    var list = document.createElement("ul");
    findings.forEach(function (finding) {
      var item = document.createElement("li");
      item.className = "privacy-" + finding.severity;
      var what = document.createElement("strong");
      what.textContent = finding.label + ": “" + finding.text + "”";
      item.appendChild(what);
      item.appendChild(document.createTextNode(
        (finding.severity === "hard" ? " (moet weg) — " : " (controleer) — ") +
        finding.suggestion.replace(/\*/g, "")
      ));
      list.appendChild(item);
    });
    region.appendChild(list);
  }

  function watch(form) {
    var region = form.querySelector("[data-privacy-live]");
    var inputs = form.querySelectorAll("[data-privacy-field]");
    if (!region || !inputs.length || !window.fetch) { return; }
    var timer = null;
    var lastShown = "";
    var pending = null;

    function check() {
      var fields = {};
      var total = 0;
      inputs.forEach(function (input) {
        fields[input.getAttribute("data-privacy-field")] = input.value;
        total += input.value.length;
      });
      if (total > MAX_LENGTH) { return; }
      if (pending) { pending.abort(); }
      pending = new AbortController();
      fetch(region.getAttribute("data-privacy-url"), {
        method: "POST",
        credentials: "same-origin",
        signal: pending.signal,
        headers: {
          "Accept": "application/json",
          "Content-Type": "application/json",
          "X-CSRFToken": csrfToken()
        },
        body: JSON.stringify({ fields: fields })
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (!data) { return; }
        var signature = JSON.stringify(data.findings.map(function (f) { return [f.key, f.text]; }));
        if (signature === lastShown) { return; }
        lastShown = signature;
        render(region, data.findings);
      }).catch(function () { /* offline or aborted: the server check still runs on posting */ });
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(check, DELAY);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-privacy-form]").forEach(watch);
  });
})();
