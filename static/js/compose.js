// Asking faster (issue 22), on forms marked data-compose. Every part enhances a form that
// works without JavaScript:
// - a topic combobox (ARIA Authoring Practices "list autocomplete") over the checkbox list,
//   which stays the form's real fields;
// - Enter in a single-line field does not submit the form;
// - a draft kept in this browser tab's sessionStorage (this device only, never sent to the
//   server before the privacy scan), restored after a reload or a new login, cleared on
//   submit and on logout;
// - a Markdown toolbar (ARIA toolbar with arrow keys) above each textarea.
(function () {
  "use strict";

  var DRAFT_PREFIX = "kenme-concept:";

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function clearDrafts() {
    var store = storage();
    if (!store) { return; }
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf(DRAFT_PREFIX) === 0) { store.removeItem(key); }
    }
  }

  // Logging out ends every draft on this device.
  document.addEventListener("submit", function (event) {
    if (event.target.matches("form[data-logout]")) { clearDrafts(); }
  }, true);

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  // --- Enter in a single-line field -------------------------------------------------------
  function keepEnter(form) {
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key !== "Enter" || event.defaultPrevented) { return; }
      if (target.tagName === "INPUT" && !/^(submit|button|checkbox|radio)$/.test(target.type)) {
        event.preventDefault();
      }
    });
  }

  // --- Topic combobox ---------------------------------------------------------------------
  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function topicCombobox(picker, index) {
    var boxes = Array.prototype.slice.call(picker.querySelectorAll('input[type="checkbox"]'));
    if (!boxes.length) { return; }
    var max = 5;
    var id = "onderwerp-zoeker-" + index;
    var wrap = el("div", { "class": "combobox" });
    var label = el("label", { "for": id }, "Zoek een onderwerp");
    var hint = el("p", { "class": "hint", id: id + "-hint" },
      "Typ een deel van de naam; kies met pijltjes en Enter. Je kiest 1 tot 5 onderwerpen.");
    var input = el("input", {
      type: "text", id: id, role: "combobox", autocomplete: "off",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": id + "-lijst",
      "aria-describedby": id + "-hint"
    });
    var list = el("ul", { id: id + "-lijst", role: "listbox", "aria-label": "Onderwerpen", "class": "combobox-list", hidden: "" });
    var chosen = el("ul", { "class": "topic-chips chosen-topics", "aria-label": "Gekozen onderwerpen" });
    var status = el("p", { "class": "visually-hidden", role: "status" });
    var toggle = el("button", { type: "button", "class": "button-link", "aria-expanded": "false" }, "Alle onderwerpen als lijst tonen");
    var groups = Array.prototype.slice.call(picker.querySelectorAll(".topic-group, .checkbox-list"));
    var active = -1;
    var shown = [];

    function nameOf(box) {
      var lab = picker.querySelector('label[for="' + box.id + '"]');
      return lab ? lab.textContent.trim() : box.value;
    }

    function renderChosen() {
      chosen.textContent = "";
      boxes.filter(function (b) { return b.checked; }).forEach(function (box) {
        var li = el("li");
        var button = el("button", { type: "button", "class": "chip chip-remove" });
        button.appendChild(document.createTextNode(nameOf(box) + " "));
        button.appendChild(el("span", { "aria-hidden": "true" }, "×"));
        button.appendChild(el("span", { "class": "visually-hidden" }, " verwijderen"));
        button.addEventListener("click", function () {
          box.checked = false;
          box.dispatchEvent(new Event("change", { bubbles: true }));
          announce(nameOf(box) + " verwijderd.");
          input.focus();
        });
        li.appendChild(button);
        chosen.appendChild(li);
      });
    }

    function announce(text) { status.textContent = text; }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      var query = normalise(input.value.trim());
      list.textContent = "";
      shown = boxes.filter(function (box) { return !query || normalise(nameOf(box)).indexOf(query) !== -1; });
      shown.forEach(function (box, i) {
        var option = el("li", { role: "option", id: id + "-optie-" + i, "aria-selected": box.checked ? "true" : "false", "class": "combobox-option" }, nameOf(box));
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(i); });
        list.appendChild(option);
      });
      if (!shown.length) { list.appendChild(el("li", { "class": "combobox-empty", role: "presentation" }, "Geen onderwerp gevonden")); }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      announce(shown.length + (shown.length === 1 ? " onderwerp" : " onderwerpen") + " gevonden.");
      move(shown.length ? 0 : -1);
    }

    function move(to) {
      var options = list.querySelectorAll('[role="option"]');
      if (active >= 0 && options[active]) { options[active].classList.remove("is-active"); }
      active = to;
      if (active >= 0 && options[active]) {
        options[active].classList.add("is-active");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(i) {
      var box = shown[i];
      if (!box) { return; }
      var count = boxes.filter(function (b) { return b.checked; }).length;
      if (!box.checked && count >= max) {
        announce("Je hebt al " + max + " onderwerpen gekozen; haal er eerst een weg.");
        return;
      }
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
      announce(nameOf(box) + (box.checked ? " gekozen." : " weggehaald."));
      input.value = "";
      close();
      input.focus();
    }

    input.addEventListener("input", open);
    input.addEventListener("focus", function () { if (input.value) { open(); } });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      var count = shown.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { open(); } else if (count) { move((active + 1) % count); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) { open(); } else if (count) { move((active - 1 + count) % count); }
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (!list.hidden && active >= 0) { choose(active); }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); } else { input.value = ""; }
      }
    });
    picker.addEventListener("change", renderChosen);
    toggle.addEventListener("click", function () {
      var showing = toggle.getAttribute("aria-expanded") === "true";
      groups.forEach(function (group) { group.hidden = showing; });
      toggle.setAttribute("aria-expanded", showing ? "false" : "true");
      toggle.textContent = showing ? "Alle onderwerpen als lijst tonen" : "Lijst met onderwerpen verbergen";
    });

    wrap.appendChild(label);
    wrap.appendChild(hint);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(status);
    var legend = picker.querySelector("legend");
    var error = picker.querySelector(".error-message");
    var anchor = error || legend;
    anchor.parentNode.insertBefore(wrap, anchor.nextSibling);
    wrap.parentNode.insertBefore(chosen, wrap.nextSibling);
    chosen.parentNode.insertBefore(toggle, chosen.nextSibling);
    groups.forEach(function (group) { group.hidden = true; });
    picker.classList.add("is-enhanced");
    renderChosen();
  }

  // --- Draft in sessionStorage ------------------------------------------------------------
  function draft(form) {
    var store = storage();
    if (!store) { return; }
    var key = DRAFT_PREFIX + window.location.pathname;
    var fields = Array.prototype.slice.call(form.elements).filter(function (f) {
      return f.name && f.name !== "csrf_token" && !f.closest(".combobox") &&
        (f.tagName === "TEXTAREA" || /^(text|checkbox)$/.test(f.type));
    });
    function read() {
      var data = {};
      fields.forEach(function (f) {
        if (f.type === "checkbox") {
          if (f.checked) { (data[f.name] = data[f.name] || []).push(f.value); }
        } else if (f.value) {
          data[f.name] = f.value;
        }
      });
      return data;
    }
    // Untouched: every field as the server sent it (a blank form, or its template text).
    function pristine() {
      return fields.every(function (f) {
        return f.type === "checkbox" ? f.checked === f.defaultChecked : f.value === f.defaultValue;
      });
    }
    var saved = null;
    try { saved = JSON.parse(store.getItem(key) || "null"); } catch (e) { saved = null; }
    // What the server sent back (after an error, a privacy review or a preview) always wins.
    var answered = document.querySelector(".error-summary, #privacy-review, .preview");
    if (saved && !answered && pristine()) {
      fields.forEach(function (f) {
        var value = saved[f.name];
        if (value === undefined) { return; }
        if (f.type === "checkbox") { f.checked = value.indexOf(f.value) !== -1; } else { f.value = value; }
      });
      var note = el("div", { "class": "flash draft-note", role: "status" });
      note.appendChild(document.createTextNode("We hebben je concept van dit apparaat teruggezet. "));
      var discard = el("button", { type: "button", "class": "button-link" }, "Concept weggooien");
      discard.addEventListener("click", function () {
        store.removeItem(key);
        fields.forEach(function (f) { if (f.type === "checkbox") { f.checked = false; } else { f.value = ""; } });
        form.dispatchEvent(new Event("change", { bubbles: true }));
        note.textContent = "Concept weggegooid.";
      });
      note.appendChild(discard);
      form.parentNode.insertBefore(note, form);
    }
    var timer = null;
    function save() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        try {
          if (pristine()) { store.removeItem(key); } else { store.setItem(key, JSON.stringify(read())); }
        } catch (e) { /* storage full or blocked: the form still works */ }
      }, 300);
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function () { window.clearTimeout(timer); store.removeItem(key); });
  }

  // --- Markdown toolbar -------------------------------------------------------------------
  // The link button draws its chain as SVG: a 🔗 glyph shows as an empty box without an
  // emoji font (many work PCs). Paths in a 24-unit box, drawn with the text colour.
  var LINK_ICON = ["M10 14a4.5 4.5 0 0 0 6.4 0l3.2-3.2a4.5 4.5 0 0 0-6.4-6.4l-1.2 1.2",
    "M14 10a4.5 4.5 0 0 0-6.4 0l-3.2 3.2a4.5 4.5 0 0 0 6.4 6.4l1.2-1.2"];

  function svgIcon(paths) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "md-icon");
    paths.forEach(function (d) {
      var path = document.createElementNS(ns, "path");
      path.setAttribute("d", d);
      svg.appendChild(path);
    });
    return svg;
  }

  var TOOLS = [
    { label: "Vet", text: "B", before: "**", after: "**", sample: "vet" },
    { label: "Cursief", text: "I", before: "_", after: "_", sample: "cursief" },
    { label: "Kopje", text: "H", line: "## ", sample: "Kopje" },
    { label: "Opsomming", text: "•", line: "- ", sample: "punt" },
    { label: "Genummerde lijst", text: "1.", line: "1. ", sample: "punt" },
    { label: "Citaat", text: "“", line: "> ", sample: "citaat" },
    { label: "Link", icon: LINK_ICON, before: "[", after: "](https://)", sample: "linktekst" }
  ];

  function apply(textarea, tool) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var value = textarea.value;
    var selected = value.slice(start, end) || tool.sample;
    var insert;
    if (tool.line) {
      var lineStart = value.lastIndexOf("\n", start - 1) + 1;
      var lines = value.slice(lineStart, end || lineStart).split("\n");
      if (start === end) { lines = [value.slice(lineStart, start) || tool.sample]; }
      insert = lines.map(function (line) { return tool.line + line; }).join("\n");
      textarea.setRangeText(insert, lineStart, start === end && value.slice(lineStart, start) === "" ? start : Math.max(end, start), "select");
    } else {
      insert = tool.before + selected + tool.after;
      textarea.setRangeText(insert, start, end, "end");
      textarea.setSelectionRange(start + tool.before.length, start + tool.before.length + selected.length);
    }
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    textarea.focus();
  }

  function toolbar(textarea) {
    var bar = el("div", { role: "toolbar", "aria-label": "Opmaak (Markdown)", "aria-controls": textarea.id, "class": "md-toolbar" });
    TOOLS.forEach(function (tool, i) {
      var button = el("button", { type: "button", "class": "md-tool", "aria-label": tool.label, title: tool.label, tabindex: i === 0 ? "0" : "-1" }, tool.text);
      if (tool.icon) { button.appendChild(svgIcon(tool.icon)); }
      button.addEventListener("click", function () { apply(textarea, tool); });
      bar.appendChild(button);
    });
    bar.addEventListener("keydown", function (event) {
      var buttons = Array.prototype.slice.call(bar.querySelectorAll("button"));
      var at = buttons.indexOf(document.activeElement);
      var to = null;
      if (event.key === "ArrowRight") { to = (at + 1) % buttons.length; }
      if (event.key === "ArrowLeft") { to = (at - 1 + buttons.length) % buttons.length; }
      if (event.key === "Home") { to = 0; }
      if (event.key === "End") { to = buttons.length - 1; }
      if (to === null) { return; }
      event.preventDefault();
      buttons.forEach(function (b, i) { b.setAttribute("tabindex", i === to ? "0" : "-1"); });
      buttons[to].focus();
    });
    textarea.parentNode.insertBefore(bar, textarea);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-compose]").forEach(function (form, i) {
      keepEnter(form);
      form.querySelectorAll(".topic-picker, .topic-choices").forEach(function (picker) { topicCombobox(picker, i); });
      form.querySelectorAll("textarea[data-markdown]").forEach(toolbar);
      draft(form);
    });
  });
})();
