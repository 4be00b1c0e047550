/* resonanz web app: small progressive enhancements. Every page works without JavaScript. */
(function () {
  "use strict";

  var PLOT_CONFIG = { displaylogo: false, displayModeBar: false, responsive: true };

  function drawCharts(root) {
    if (typeof window.Plotly === "undefined") { return; }
    Array.prototype.forEach.call(root.querySelectorAll("[data-figure]"), function (el) {
      if (el.getAttribute("data-drawn")) { return; }
      var spec = document.getElementById(el.getAttribute("data-figure"));
      if (!spec) { return; }
      var figure = JSON.parse(spec.textContent);
      window.Plotly.newPlot(el, figure.data, figure.layout, PLOT_CONFIG);
      el.setAttribute("data-drawn", "1");
    });
  }

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function postForm(url, fields) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = url;
    fields.push(["csrfmiddlewaretoken", csrf()]);
    fields.forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  // Uploads (the import form) go by XMLHttpRequest: the page shows how much is uploaded and,
  // once the server imports, how many rows it has read (polled), then shows the answer.
  function showAnswer(xhr) {
    document.open();
    document.write(xhr.responseText);
    document.close();
    if (xhr.responseURL && xhr.responseURL !== window.location.href) {
      window.history.pushState(null, "", xhr.responseURL);
    }
  }

  function uploadWithProgress(form) {
    var url = form.getAttribute("data-progress");
    var target = form.querySelector("[data-progress-target]");
    var timer = null;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.upload.onprogress = function (ev) {
      if (ev.lengthComputable && target) {
        var pct = Math.round(100 * ev.loaded / ev.total);
        target.textContent = (target.getAttribute("data-upload-label") || "Upload") + ": " + pct + " %";
      }
    };
    xhr.upload.onload = function () {
      timer = window.setInterval(function () {
        window.fetch(url, { credentials: "same-origin", cache: "no-store" })
          .then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (html) { if (html.trim() && target) { target.innerHTML = html; } })
          .catch(function () { /* next tick */ });
      }, 1000);
    };
    xhr.onloadend = function () {
      if (timer) { window.clearInterval(timer); }
      if (xhr.status) { showAnswer(xhr); } else { form.submit(); }
    };
    xhr.send(new FormData(form));
  }

  function init() {
    document.documentElement.classList.add("js");
    // Selects that submit their form on change (their submit button is hidden with JS on).
    document.addEventListener("change", function (ev) {
      var el = ev.target;
      if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) { el.form.submit(); }
    });
    // Long-running forms (import, vetting): show a status line and stop double submits.
    document.addEventListener("submit", function (ev) {
      var form = ev.target;
      if (form.hasAttribute("data-busy")) {
        var status = form.querySelector(".busy");
        if (status) { status.hidden = false; }
        Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = true; });
      }
      if (form.hasAttribute("data-progress") && window.FormData && window.fetch) {
        ev.preventDefault();
        uploadWithProgress(form);
      }
      if (form.hasAttribute("data-shortlist-form")) {
        form.action = form.querySelector("[data-action-select]").value;
      }
    });
    // Add the ticked rows of the creators list to the chosen shortlist.
    document.addEventListener("click", function (ev) {
      var button = ev.target.closest ? ev.target.closest("[data-add-to-shortlist]") : null;
      if (!button) { return; }
      var target = document.querySelector("[data-shortlist-target]");
      var ticked = document.querySelectorAll("input[form=pick][name=a]:checked");
      if (!target || !ticked.length) { return; }
      var fields = Array.prototype.map.call(ticked, function (c) { return ["a", c.value]; });
      fields.push(["next", window.location.pathname + window.location.search]);
      postForm(target.value, fields);
    });
    drawCharts(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  window.addEventListener("load", function () { drawCharts(document); });
})();
