/* latarnia_quiz: collect the answers, send them, show what the server returns. */
function LatarniaQuiz(runtime, element, init) {
  "use strict";
  var L = window.LatarniaCommon;
  var gettext = L.translator(init.i18n);
  var block = L.root(element, ".latarnia-quiz");
  var body = block.querySelector("[data-body]");
  var live = block.querySelector("[data-live]");
  var busy = false;
  var urls = {submit: runtime.handlerUrl(element, "submit"), reset: runtime.handlerUrl(element, "reset")};

  function each(nodes, fn) { Array.prototype.forEach.call(nodes, fn); }

  function answerOf(fieldset) {
    var type = fieldset.getAttribute("data-type");
    if (type === "multiple") {
      return Array.prototype.map.call(fieldset.querySelectorAll("input:checked"),
                                      function (input) { return input.value; });
    }
    if (type === "ordering") {
      return Array.prototype.map.call(fieldset.querySelectorAll("[data-token]"),
                                      function (item) { return item.getAttribute("data-token"); });
    }
    if (type === "matching") {
      var matches = {};
      each(fieldset.querySelectorAll("select"), function (select) {
        matches[select.getAttribute("data-pair")] = select.value;
      });
      return matches;
    }
    var checked = fieldset.querySelector("input:checked");
    return checked ? checked.value : null;
  }

  /* The first control of the first question left without an answer, if any. */
  function unanswered(answers) {
    var missing = null;
    each(body.querySelectorAll("[data-question]"), function (fieldset) {
      var answer = answers[fieldset.getAttribute("data-question")];
      if (missing) { return; }
      if (answer === null) {
        missing = fieldset.querySelector("input");
      } else if (fieldset.getAttribute("data-type") === "matching") {
        each(fieldset.querySelectorAll("select"), function (select) {
          if (!missing && !select.value) { missing = select; }
        });
      }
    });
    return missing;
  }

  function showError(text, focusTarget) {
    var error = body.querySelector("[data-error]");
    error.textContent = text;
    error.hidden = false;
    L.announce(live, text);
    (focusTarget || error).focus();
  }

  function send(url, payload) {
    if (busy) { return; }
    busy = true;
    block.setAttribute("aria-busy", "true");
    L.post(url, payload).then(function (response) {
      busy = false;
      block.removeAttribute("aria-busy");
      if (!response.ok || !response.data || typeof response.data.html !== "string") {
        showError(L.failure(gettext, response.status, response.data));
        return;
      }
      body.innerHTML = response.data.html;
      var summary = body.querySelector("[data-summary]");
      var target = summary || body.querySelector("input, select, button");
      L.announce(live, summary ? L.textOf(summary) : gettext("Your answers are cleared. Start again."));
      if (target) { target.focus(); }
    });
  }

  function submit(event) {
    event.preventDefault();
    var form = body.querySelector("form");
    var answers = {};
    each(form.querySelectorAll("[data-question]"), function (fieldset) {
      answers[fieldset.getAttribute("data-question")] = answerOf(fieldset);
    });
    var missing = unanswered(answers);
    if (missing) {
      var number = missing.closest("[data-question]").getAttribute("data-number");
      showError(gettext("Answer every question first: question %(number)s has no answer yet.",
                        {number: number}), missing);
      return;
    }
    send(urls.submit, {attempt: parseInt(form.getAttribute("data-attempt"), 10), answers: answers});
  }

  function refresh(list) {
    var items = list.children;
    each(items, function (item, index) {
      item.querySelector("[data-move='-1']").disabled = index === 0;
      item.querySelector("[data-move='1']").disabled = index === items.length - 1;
    });
  }

  function move(button) {
    var item = button.closest("li");
    var list = item.parentNode;
    var step = parseInt(button.getAttribute("data-move"), 10);
    var other = step < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (!other) { return; }
    list.insertBefore(step < 0 ? item : other, step < 0 ? other : item);
    refresh(list);
    var position = Array.prototype.indexOf.call(list.children, item) + 1;
    (button.disabled ? item.querySelector("button:not([disabled])") : button).focus();
    L.announce(live, gettext("%(item)s: now in position %(position)s of %(count)s.", {
      item: L.textOf(item.querySelector(".latarnia-ordering__text")),
      position: position, count: list.children.length}));
  }

  block.addEventListener("submit", submit);
  block.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || busy) { return; }
    if (button.hasAttribute("data-move")) { move(button); }
    if (button.getAttribute("data-action") === "reset") { send(urls.reset, {}); }
  });
}
