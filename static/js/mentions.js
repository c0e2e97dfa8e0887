// @mention type-ahead on textareas marked data-mentions="<names URL>" (issue 19). Without
// this file a mention is typed as plain text ("@Ilse de Vries") and works the same.
//
// The textarea stays a textarea (a textbox with aria-autocomplete="list"); while the caret
// is in an "@name" of two characters or more, a listbox of matching members' names opens
// under it. Arrow keys move through it (aria-activedescendant), Enter or Tab puts the name
// in the text, Escape closes it; other keys type as usual. A status line tells screen
// readers how many names were found. Names come from GET <names URL>?begin=… (login
// required, rate-limited, names only).
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var MAX_CHARS = 80;
  var MAX_WORDS = 5;
  var DELAY_MS = 150;
  // What may come right before an "@" that starts a mention (kenme/mentions.py).
  var OPENERS = "([{<\"'“‘«*_~>";
  // A name the plain form carries whole; others are written as @[Naam].
  var PLAIN_NAME = /^[\p{L}\p{N}][\p{L}\p{N}'’.\-]*(?: [\p{L}\p{N}'’][\p{L}\p{N}'’.\-]*)*$/u;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  // The "@name" being typed just before the caret: {start, query}, or null.
  function mentionAt(text, caret) {
    var at = text.lastIndexOf("@", caret - 1);
    if (at === -1 || caret - at - 1 > MAX_CHARS) { return null; }
    if (at > 0 && !/\s/.test(text[at - 1]) && OPENERS.indexOf(text[at - 1]) === -1) { return null; }
    var query = text.slice(at + 1, caret);
    if (query.charAt(0) === "[") { query = query.slice(1); }
    if (/[\n\]@]/.test(query) || /^\s/.test(query) || query.split(" ").length > MAX_WORDS) { return null; }
    return { start: at, query: query };
  }

  function typeahead(textarea, index) {
    var url = textarea.getAttribute("data-mentions");
    var id = "namen-" + index;
    var list = el("ul", { id: id, role: "listbox", "aria-label": "Collega's om te noemen", "class": "combobox-list mention-list", hidden: "" });
    var status = el("p", { "class": "visually-hidden", role: "status", "aria-live": "polite" });
    var hint = el("p", { "class": "visually-hidden", id: id + "-uitleg" },
      "Typ @ en het begin van een naam om een collega te noemen; kies met pijltjes en Enter.");
    var names = [];
    var active = -1;
    var mention = null;
    var timer = null;
    var asked = 0;
    var quiet = false; // the input event of our own insertion looks nothing up
    var fruitless = []; // prefixes that found nobody: longer ones will not either

    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", id);
    var described = textarea.getAttribute("aria-describedby");
    textarea.setAttribute("aria-describedby", (described ? described + " " : "") + hint.id);

    function isOpen() { return !list.hidden; }

    function close() {
      list.hidden = true;
      list.textContent = "";
      textarea.removeAttribute("aria-activedescendant");
      names = [];
      active = -1;
    }

    function move(to) {
      var options = list.querySelectorAll('[role="option"]');
      if (active >= 0 && options[active]) {
        options[active].classList.remove("is-active");
        options[active].setAttribute("aria-selected", "false");
      }
      active = to;
      if (active >= 0 && options[active]) {
        options[active].classList.add("is-active");
        options[active].setAttribute("aria-selected", "true");
        textarea.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        textarea.removeAttribute("aria-activedescendant");
      }
    }

    function show(found) {
      list.textContent = "";
      names = found;
      if (!names.length) { close(); return; }
      names.forEach(function (name, i) {
        var option = el("li", { role: "option", id: id + "-" + i, "aria-selected": "false", "class": "combobox-option" }, name);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(i); });
        list.appendChild(option);
      });
      list.hidden = false;
      status.textContent = names.length + (names.length === 1 ? " collega" : " collega's") +
        " gevonden; kies met pijltjes en Enter.";
      move(0);
    }

    function choose(i) {
      var name = names[i];
      if (!name || !mention) { return; }
      var written = PLAIN_NAME.test(name) && name.split(" ").length <= MAX_WORDS ? "@" + name : "@[" + name + "]";
      var end = textarea.selectionStart;
      textarea.setRangeText(written + " ", mention.start, end, "end");
      close();
      quiet = true;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      quiet = false;
      status.textContent = name + " genoemd.";
      textarea.focus();
    }

    function lookup() {
      if (quiet) { return; }
      mention = mentionAt(textarea.value, textarea.selectionStart);
      window.clearTimeout(timer);
      if (!mention || mention.query.trim().length < MIN_CHARS) { close(); return; }
      var query = mention.query;
      var key = query.toLowerCase();
      if (fruitless.some(function (prefix) { return key.indexOf(prefix) === 0; })) { close(); return; }
      timer = window.setTimeout(function () {
        var ticket = ++asked;
        fetch(url + "?begin=" + encodeURIComponent(query), {
          credentials: "same-origin", headers: { Accept: "application/json" }
        }).then(function (response) {
          return response.ok ? response.json() : null; // (429: too many look-ups for now)
        }).then(function (data) {
          if (!data) { close(); return; }
          var found = data.names || [];
          if (!found.length && fruitless.length < 50) { fruitless.push(key); }
          if (ticket === asked && mention && mention.query === query) { show(found); }
        }).catch(function () { close(); });
      }, DELAY_MS);
    }

    textarea.addEventListener("input", lookup);
    textarea.addEventListener("blur", function () { window.setTimeout(close, 0); });
    textarea.addEventListener("keydown", function (event) {
      if (!isOpen()) { return; }
      var count = names.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        move((active + 1) % count);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        move((active - 1 + count) % count);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0 && !event.shiftKey) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });

    var wrap = el("div", { "class": "mention-typeahead" });
    textarea.parentNode.insertBefore(wrap, textarea.nextSibling);
    wrap.appendChild(list);
    wrap.appendChild(status);
    wrap.appendChild(hint);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.fetch) { return; }
    document.querySelectorAll("textarea[data-mentions]").forEach(typeahead);
  });
})();
