/* latarnia_scenario: send the learner's choice, show its consequence and what comes next. */
function LatarniaScenario(runtime, element, init) {
  "use strict";
  var L = window.LatarniaCommon;
  var gettext = L.translator(init.i18n);
  var block = L.root(element, ".latarnia-scenario");
  var body = block.querySelector("[data-body]");
  var live = block.querySelector("[data-live]");
  var busy = false;

  function showError(text, target) {
    var error = body.querySelector("[data-error]");
    error.textContent = text;
    error.hidden = false;
    L.announce(live, text);
    (target || error).focus();
  }

  function send(handler, payload, restarting) {
    if (busy) { return; }
    busy = true;
    block.setAttribute("aria-busy", "true");
    L.post(runtime.handlerUrl(element, handler), payload).then(function (response) {
      busy = false;
      block.removeAttribute("aria-busy");
      if (!response.ok || !response.data || typeof response.data.html !== "string") {
        showError(L.failure(gettext, response.status, response.data));
        return;
      }
      body.innerHTML = response.data.html;
      var consequence = body.querySelector("[data-consequence]");
      var target = restarting ? body.querySelector("input, button") : consequence;
      L.announce(live, restarting ? gettext("The scenario starts again.") : L.textOf(consequence));
      if (target) { target.focus(); }
    });
  }

  block.addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var chosen = form.querySelector("input:checked");
    if (!chosen) {
      showError(gettext("Choose one of the answers first."), form.querySelector("input"));
      return;
    }
    send("choose", {step: form.getAttribute("data-step"), choice: chosen.value}, false);
  });
  block.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action='restart']");
    if (button) { send("restart", {}, true); }
  });
}
