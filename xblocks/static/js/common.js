/* Latarnia blocks: what the quiz, scenario and lesson scripts share. Vanilla JS, no framework. */
window.LatarniaCommon = window.LatarniaCommon || (function () {
  "use strict";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* POST a JSON object; resolves to {ok, status, data}, never rejects. The runtime (Open edX, the
     workbench) configures jQuery with its CSRF header, so jQuery is used where it is present. */
  function post(url, body) {
    var $ = window.jQuery;
    var json = JSON.stringify(body);
    if ($ && $.ajax) {
      return new Promise(function (resolve) {
        $.ajax({type: "POST", url: url, data: json, contentType: "application/json; charset=utf-8",
                dataType: "json"})
          .done(function (data) { resolve({ok: true, status: 200, data: data}); })
          .fail(function (xhr) { resolve({ok: false, status: xhr.status, data: xhr.responseJSON}); });
      });
    }
    return fetch(url, {method: "POST", credentials: "same-origin", body: json,
                       headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()}})
      .then(function (response) {
        return response.json().catch(function () { return null; }).then(function (data) {
          return {ok: response.ok, status: response.status, data: data};
        });
      }, function () { return {ok: false, status: 0, data: null}; });
  }

  /* Set a live region's text so that screen readers announce it even when it repeats. */
  function announce(live, text) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 60);
  }

  function textOf(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  /* The block's own root: Open edX passes a DOM element, older runtimes a jQuery object. */
  function root(element, selector) {
    var node = element && element.jquery ? element[0] : element;
    return node.querySelector(selector);
  }

  /* A translator over the catalogue the block sends (English needs none). */
  function translator(catalogue) {
    return function (text, values) {
      var result = (catalogue && catalogue[text]) || text;
      Object.keys(values || {}).forEach(function (key) {
        result = result.split("%(" + key + ")s").join(String(values[key]));
      });
      return result;
    };
  }

  /* A learner-facing message for a refused or failed request. */
  function failure(gettext, status, data) {
    if (status === 409 && data && data.duplicate) {
      /* Another click, tab or retried request got there first: nothing is lost. */
      return gettext("This was already sent. Reload the page to see the result.");
    }
    if (status === 409 || status === 403) {
      return gettext("This can no longer be changed. Reload the page to see where you are.");
    }
    if (status === 400) {
      return gettext("Your answer could not be read. Reload the page and try again.");
    }
    return gettext("Your answer was not sent. Check your connection and try again.");
  }

  return {post: post, announce: announce, textOf: textOf, root: root, translator: translator,
          failure: failure};
}());
