// Argument maps: highlight a claim's neighbours on hover or focus, and filter the
// whole-base map by source, topic and verdict. Classic script (works from file://).
(function () {
  "use strict";

  function neighbours(edges) {
    var near = {};
    function link(a, b) { (near[a] = near[a] || {})[b] = true; }
    edges.forEach(function (e) { link(e.dataset.from, e.dataset.to); link(e.dataset.to, e.dataset.from); });
    return near;
  }

  function highlight(svg) {
    var nodes = Array.prototype.slice.call(svg.querySelectorAll(".node"));
    var edges = Array.prototype.slice.call(svg.querySelectorAll(".edge"));
    var near = neighbours(edges);
    function light(id) {
      svg.classList.add("focusing");
      nodes.forEach(function (n) { n.classList.toggle("near", n.dataset.id === id || !!(near[id] || {})[n.dataset.id]); });
      edges.forEach(function (e) { e.classList.toggle("near", e.dataset.from === id || e.dataset.to === id); });
    }
    function clear() { svg.classList.remove("focusing"); }
    nodes.forEach(function (n) {
      n.addEventListener("mouseenter", function () { light(n.dataset.id); });
      n.addEventListener("focus", function () { light(n.dataset.id); });
      n.addEventListener("mouseleave", clear);
      n.addEventListener("blur", clear);
    });
  }

  function filter(form, svg) {
    var output = form.querySelector("output");
    function matches(node) {
      var source = form.elements.source.value, tag = form.elements.tag.value, verdict = form.elements.verdict.value;
      return (!source || node.dataset.source === source) &&
        (!tag || node.dataset.tags.split(" ").indexOf(tag) >= 0) &&
        (!verdict || node.dataset.verdict === verdict);
    }
    function apply() {
      var shown = {}, count = 0, total = 0;
      svg.querySelectorAll(".node").forEach(function (n) {
        var ok = matches(n);
        total += 1;
        if (ok) { shown[n.dataset.id] = true; count += 1; }
        n.classList.toggle("hidden", !ok);
      });
      svg.querySelectorAll(".edge").forEach(function (e) {
        e.classList.toggle("hidden", !(shown[e.dataset.from] && shown[e.dataset.to]));
      });
      output.textContent = output.dataset.template.replace("{shown}", count).replace("{total}", total);
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  document.querySelectorAll("svg.argmap").forEach(highlight);
  var form = document.getElementById("map-filter"), map = document.getElementById("map");
  if (form && map) { filter(form, map); }
})();
