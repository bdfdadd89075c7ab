// Print one calculator's report (CSP: no inline handlers). The button names its card; the
// print stylesheet (calc.css) shows that card's inputs, sources and results alone.
document.addEventListener("click", function (ev) {
  var b = ev.target.closest ? ev.target.closest("[data-print]") : null;
  if (!b) return;
  var card = document.getElementById(b.getAttribute("data-print"));
  if (!card) return;
  card.classList.add("printing");
  document.body.classList.add("print-one");
  window.print();
});
window.addEventListener("afterprint", function () {
  document.body.classList.remove("print-one");
  document.querySelectorAll(".printing").forEach(function (c) { c.classList.remove("printing"); });
});
