/* Generation progress of a report: polls the report's JSON status while a generation runs and
   updates the stage, the percent and the bar; reloads the page once it is over, so the new
   version (or the reason of a failure) shows. Without JavaScript the page shows the state on
   reload. No inline script: the URL comes from data-progress-url. */
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box || box.getAttribute("data-pending") !== "1" || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-progress-url");
  var stage = box.querySelector("[data-progress-stage]");
  var percent = box.querySelector("[data-progress-percent]");
  var bar = box.querySelector("[data-progress-bar]");
  var delay = 1500;

  function show(state) {
    if (stage && state.stage_label) {
      stage.textContent = state.stage_label;
    }
    if (percent) {
      percent.textContent = String(state.percent);
    }
    if (bar) {
      bar.value = state.percent;
      bar.textContent = state.percent + "%";
    }
  }

  function poll() {
    window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.pending) {
          window.setTimeout(poll, delay);
        } else {
          box.setAttribute("data-pending", "0");
          window.location.reload();
        }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
