// Question pages: votes update in place, similar questions and a live preview while asking.
// Every feature here also works without JavaScript (forms post and the page reloads).
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function postJson(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken()
      },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  function debounce(fn, delay) {
    var timer = null;
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, delay);
    };
  }

  // Votes: send the clicked button's value, then show the new score and pressed state.
  function updateVotes(form, score, myVote) {
    form.querySelector("[data-score]").textContent = String(score);
    form.querySelectorAll("button[data-vote-value]").forEach(function (button) {
      var value = Number(button.getAttribute("data-vote-value"));
      var pressed = value === myVote;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.value = pressed ? "0" : String(value);
    });
    var status = form.querySelector("[data-vote-status]");
    if (status) {
      status.textContent = (myVote ? "Je stem is opgeslagen." : "Je stem is ingetrokken.") +
        " Score: " + score + ".";
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!form.matches("form[data-vote]") || !button || !window.fetch) { return; }
    event.preventDefault();
    var data = new FormData(form);
    data.append("value", button.value);
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      body: data
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (result.ok) {
        updateVotes(form, result.body.score, result.body.my_vote);
      } else {
        var status = form.querySelector("[data-vote-status]");
        if (status) { status.textContent = result.body.error.message; }
      }
    }).catch(function () {
      // Fall back to the ordinary form post.
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "value";
      hidden.value = button.value;
      form.appendChild(hidden);
      form.submit();
    });
  });

  // Similar questions while typing a title (POST, so draft titles stay out of access logs).
  function watchTitle(input) {
    var results = document.querySelector("[data-similar-results]");
    if (!results || !window.fetch) { return; }
    var url = input.getAttribute("data-similar-url");
    input.addEventListener("input", debounce(function () {
      var title = input.value.trim();
      if (title.length < 10) { results.textContent = ""; return; }
      postJson(url, { title: title }).then(function (data) {
        results.textContent = "";
        if (!data.questions.length) { return; }
        var intro = document.createElement("p");
        intro.textContent = "Misschien is je vraag al gesteld:";
        results.appendChild(intro);
        var list = document.createElement("ul");
        data.questions.forEach(function (question) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = question.url;
          link.target = "_blank";
          link.rel = "noopener";
          link.textContent = question.title;
          var note = document.createElement("span");
          note.className = "visually-hidden";
          note.textContent = " (opent in een nieuw tabblad)";
          link.appendChild(note);
          item.appendChild(link);
          list.appendChild(item);
        });
        results.appendChild(list);
      }).catch(function () { results.textContent = ""; });
    }, 500));
  }

  // Live preview of the Markdown (rendered and sanitised by the server, as when posting).
  function watchBody(textarea) {
    var box = document.querySelector("[data-live-preview]");
    var body = document.querySelector("[data-live-preview-body]");
    if (!box || !body || !window.fetch) { return; }
    var url = textarea.getAttribute("data-preview-url");
    var update = debounce(function () {
      postJson(url, { text: textarea.value }).then(function (data) {
        body.innerHTML = data.html;  // sanitised server-side by kenme.rendering
        box.hidden = false;
      }).catch(function () { /* the Preview button still works */ });
    }, 700);
    textarea.addEventListener("input", update);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-similar-url]").forEach(function (input) {
      if (input.getAttribute("data-similar-url")) { watchTitle(input); }
    });
    document.querySelectorAll("textarea[data-preview-url]").forEach(watchBody);
  });
})();
