/* Studio settings form of the Latarnia blocks: validated again on the server. */
function LatarniaStudio(runtime, element, init) {
  "use strict";
  var L = window.LatarniaCommon;
  var gettext = L.translator(init.i18n);
  var form = L.root(element, ".latarnia-studio__form");
  var error = form.querySelector("[data-error]");

  function values() {
    var result = {};
    init.fields.forEach(function (name) {
      var input = form.elements[name];
      if (input.type === "checkbox") { result[name] = input.checked; }
      else if (input.getAttribute("data-kind")) {
        result[name] = input.value.trim() === "" ? input.value : Number(input.value);
      } else { result[name] = input.value; }
    });
    return result;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    error.hidden = true;
    runtime.notify("save", {state: "start", message: gettext("Saving")});
    L.post(runtime.handlerUrl(element, "studio_submit"), {values: values()}).then(function (response) {
      if (response.ok) {
        runtime.notify("save", {state: "end"});
        return;
      }
      var reason = (response.data && response.data.error) || L.failure(gettext, response.status);
      error.textContent = reason;
      error.hidden = false;
      runtime.notify("error", {title: gettext("The settings were not saved"), message: reason});
    });
  });
  form.querySelector("[data-action='cancel']").addEventListener("click", function () {
    runtime.notify("cancel", {});
  });
}
