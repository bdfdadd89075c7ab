/* keyparts pages: what every htmx request does, the phone menu and searchable long lists.
 *
 * - While a request runs, the form (or element) that sent it is aria-busy and its buttons are
 *   disabled; the button pressed shows a spinner (app.css .kp-busy).
 * - An error (HTTP >= 400, an error box answered with X-Keyparts-Error, no connection) is shown
 *   in place: in the result area the form targets (innerHTML), or in a box just after the form
 *   when the form adds rows (afterbegin/beforeend) or replaces itself; a JSON error's detail is
 *   shown as text (a form marked data-error-here always uses the box after it, so that an error
 *   does not replace a list). The box is cleared by the next success.
 * - After a successful create (a form that adds rows, or one marked data-reset) the form is
 *   cleared.
 * - Lists longer than 12 options get a filter field above them (data-filter="off" opts out).
 * No inline script (the Content-Security-Policy has script-src 'self').
 */
(function () {
  "use strict";
  var body = document.body;
  function msg(name) { return (body && body.dataset["msg" + name]) || ""; }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function boxHtml(text) {
    return '<div class="error" role="alert"><strong>' + esc(msg("Error")) + "</strong> " + esc(text) + "</div>";
  }

  function origin(elt) {
    return (elt.tagName === "FORM" ? elt : elt.closest("form")) || elt;
  }

  function swapStyle(elt) {
    var s = elt.closest("[hx-swap]");
    return ((s && s.getAttribute("hx-swap")) || "innerHTML").split(" ")[0];
  }

  function slot(elt, create) {
    var o = origin(elt);
    var next = o.nextElementSibling;
    if (next && next.classList.contains("form-error")) return next;
    if (!create) return null;
    var d = document.createElement("div");
    d.className = "form-error";
    d.setAttribute("aria-live", "assertive");
    o.insertAdjacentElement("afterend", d);
    return d;
  }

  function clearSlot(elt) {
    var s = slot(elt, false);
    if (s) s.innerHTML = "";
  }

  function errorHtml(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("text/html") >= 0 && /class="error"/.test(xhr.responseText)) return xhr.responseText;
    if (type.indexOf("json") >= 0) {
      try { return boxHtml(JSON.parse(xhr.responseText).detail); } catch (e) { /* not JSON after all */ }
    }
    return boxHtml(msg("Failed").replace("{status}", xhr.status));
  }

  function isError(xhr) {
    return xhr.status >= 400 || xhr.status === 0 || !!xhr.getResponseHeader("X-Keyparts-Error");
  }

  var busy = new WeakMap();

  document.addEventListener("htmx:beforeRequest", function (ev) {
    var elt = ev.detail.elt, o = origin(elt);
    var buttons = Array.prototype.slice.call(o.querySelectorAll("button, input[type=submit]"));
    if (elt.matches("button, input[type=submit]") && buttons.indexOf(elt) < 0) buttons.push(elt);
    var pressed = (ev.detail.requestConfig && ev.detail.requestConfig.triggeringEvent &&
                   ev.detail.requestConfig.triggeringEvent.submitter) ||
                  (elt.matches("button") ? elt : o.querySelector("button[type=submit], input[type=submit]"));
    var was = buttons.filter(function (b) { return !b.disabled; });
    was.forEach(function (b) { b.disabled = true; });
    if (pressed) pressed.classList.add("kp-busy");
    o.setAttribute("aria-busy", "true");
    busy.set(elt, {buttons: was, pressed: pressed, origin: o});
  });

  document.addEventListener("htmx:afterRequest", function (ev) {
    var elt = ev.detail.elt, b = busy.get(elt);
    if (b) {
      b.buttons.forEach(function (x) { x.disabled = false; });
      if (b.pressed) b.pressed.classList.remove("kp-busy");
      b.origin.removeAttribute("aria-busy");
      busy.delete(elt);
    }
    var xhr = ev.detail.xhr;
    if (!xhr || isError(xhr)) return;
    clearSlot(elt);
    var o = origin(elt), style = swapStyle(elt);
    if (o.tagName === "FORM" && document.contains(o) &&
        (o.hasAttribute("data-reset") || style === "afterbegin" || style === "beforeend")) o.reset();
  });

  document.addEventListener("htmx:beforeSwap", function (ev) {
    var d = ev.detail, xhr = d.xhr;
    if (!isError(xhr)) return;
    var html = errorHtml(xhr), elt = d.requestConfig ? d.requestConfig.elt : d.elt;
    var style = swapStyle(elt), target = d.target;
    d.isError = false;  // shown in place here: htmx need not report (and console-log) it
    if (style === "innerHTML" && target && !target.contains(origin(elt)) && !origin(elt).hasAttribute("data-error-here")) {
      d.shouldSwap = true;
      d.serverResponse = html;
      clearSlot(elt);
    } else {
      d.shouldSwap = false;
      slot(elt, true).innerHTML = html;
    }
  });

  function networkError(ev) { slot(ev.detail.elt, true).innerHTML = boxHtml(msg("Network")); }
  document.addEventListener("htmx:sendError", networkError);
  document.addEventListener("htmx:timeout", networkError);

  // ---------------------------------------------------------------- phone menu
  document.addEventListener("click", function (ev) {
    var t = ev.target.closest && ev.target.closest(".menu-toggle");
    if (!t) return;
    var open = t.getAttribute("aria-expanded") !== "true";
    t.setAttribute("aria-expanded", open ? "true" : "false");
  });

  // ---------------------------------------------------------------- searchable long lists
  var LONG = 12;

  function enhance(root) {
    var lists = (root.querySelectorAll ? root.querySelectorAll("select") : []);
    Array.prototype.forEach.call(lists, function (sel) {
      if (sel.options.length <= LONG || sel.dataset.filter === "off" || sel.dataset.filterReady) return;
      sel.dataset.filterReady = "1";
      var f = document.createElement("input");
      f.type = "search";
      f.className = "select-filter";
      f.placeholder = msg("Filter");
      f.setAttribute("aria-label", msg("Filter") + (sel.name ? " (" + sel.name + ")" : ""));
      f.setAttribute("autocomplete", "off");
      f.addEventListener("input", function () {
        var q = f.value.trim().toLowerCase();
        Array.prototype.forEach.call(sel.options, function (o) {
          o.hidden = !!q && !o.selected && (o.text + " " + o.value).toLowerCase().indexOf(q) < 0;
        });
      });
      f.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
      sel.insertAdjacentElement("beforebegin", f);
    });
  }

  function start() {
    body = document.body;
    if (window.htmx) window.htmx.onLoad(enhance); else enhance(document);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
