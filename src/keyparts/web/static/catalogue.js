// The catalogue's filters start folded on a phone; an htmx swap keeps them as the user left them.
(function () {
  var open = !window.matchMedia("(max-width: 700px)").matches;
  function apply() {
    var d = document.querySelector("details.cat-filters");
    if (d) d.open = open;
  }
  document.addEventListener("DOMContentLoaded", apply);
  document.addEventListener("htmx:beforeSwap", function () {
    var d = document.querySelector("details.cat-filters");
    if (d) open = d.open;
  });
  document.addEventListener("htmx:afterSwap", apply);
})();
