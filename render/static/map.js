// Argument maps: pan and zoom (with the vendored Panzoom), highlight a claim's neighbours on
// hover or focus, and filter a map by source, topic and verdict, zooming to what the filter
// keeps. Classic script (works from file://). Without JavaScript a map's frame scrolls.
(function () {
  "use strict";

  var MOVED = 5;        // pixels a pointer moves before a press counts as a drag, not a click
  var PAN_STEP = 60;    // pixels an arrow key pans

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

  // The box of a node in the drawing's own coordinates (one unit is one CSS pixel at zoom 1).
  function box(node) {
    var r = node.querySelector("rect");
    return { x: +r.getAttribute("x"), y: +r.getAttribute("y"), w: +r.getAttribute("width"), h: +r.getAttribute("height") };
  }

  function union(boxes) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    boxes.forEach(function (b) {
      x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.w); y1 = Math.max(y1, b.y + b.h);
    });
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }

  // A map frame: its drawing pans and zooms inside the viewport.
  function Viewer(frame) {
    var viewport = frame.querySelector(".map-viewport"), svg = viewport.querySelector("svg");
    var width = +svg.getAttribute("width"), height = +svg.getAttribute("height");
    var pz = window.Panzoom(svg, { origin: "0 0", canvas: true, minScale: 0.1, maxScale: 4, step: 0.25, cursor: "grab" });
    var self = this;
    frame.classList.add("panning");
    viewport.style.height = Math.ceil(Math.min(height + 2, Math.max(window.innerHeight * 0.7, 240))) + "px";

    // Show ``b`` (drawing coordinates) in the middle of the viewport at ``scale``.
    this.show = function (b, scale) {
      var W = viewport.clientWidth, H = viewport.clientHeight;
      pz.zoom(scale, { animate: false, force: true });
      pz.pan((W / scale - b.w) / 2 - b.x, (H / scale - b.h) / 2 - b.y, { animate: false, force: true });
    };
    // Fit ``b`` in the viewport, between ``least`` and 1.5 times its size.
    this.fit = function (b, least) {
      var W = viewport.clientWidth, H = viewport.clientHeight, pad = 24;
      var scale = Math.min((W - pad) / b.w, (H - pad) / b.h, 1.5);
      scale = Math.max(scale, least || 0.1);
      if (scale * b.w > W || scale * b.h > H) {   // too large at the least scale: show its top left
        pz.zoom(scale, { animate: false, force: true });
        pz.pan(pad / 2 / scale - b.x, pad / 2 / scale - b.y, { animate: false, force: true });
        return;
      }
      self.show(b, scale);
    };
    // The whole drawing as wide as the viewport (at least half size, at most full size), from its top.
    // Wider than that (a phone): start on the first question, or the first node, at the top.
    this.whole = function () {
      var W = viewport.clientWidth, H = viewport.clientHeight;
      var scale = Math.max(Math.min((W - 24) / width, 1), 0.5);
      if (scale * width > W) {
        var start = box(svg.querySelector(".node-question") || svg.querySelector(".node"));
        pz.zoom(scale, { animate: false, force: true });
        pz.pan((W / scale - start.w) / 2 - start.x, 12 / scale - start.y, { animate: false, force: true });
        return;
      }
      if (scale * height <= H) { self.show({ x: 0, y: 0, w: width, h: height }, scale); return; }
      pz.zoom(scale, { animate: false, force: true });
      pz.pan(Math.max((W / scale - width) / 2, 12 / scale), 12 / scale, { animate: false, force: true });
    };
    this.zoomBy = function (factor) {
      var r = viewport.getBoundingClientRect();
      pz.zoomToPoint(pz.getScale() * factor, { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 }, { animate: false });
    };
    // Bring a node into view when it gets the keyboard's focus.
    this.reveal = function (node) {
      var v = viewport.getBoundingClientRect(), n = node.getBoundingClientRect();
      if (n.left >= v.left && n.right <= v.right && n.top >= v.top && n.bottom <= v.bottom) { return; }
      var scale = pz.getScale(), b = box(node);
      self.show(b, Math.max(scale, 0.6));
    };

    var tools = frame.querySelector(".map-tools");
    tools.hidden = false;
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      if (button.dataset.zoom === "in") { self.zoomBy(1.25); }
      if (button.dataset.zoom === "out") { self.zoomBy(0.8); }
      if (button.dataset.zoom === "fit") { self.refit(); }
    });
    viewport.addEventListener("wheel", function (event) {
      if (event.ctrlKey || event.metaKey) { pz.zoomWithWheel(event); }
    }, { passive: false });
    viewport.addEventListener("keydown", function (event) {
      var pan = pz.getPan(), step = PAN_STEP / pz.getScale();
      var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (event.key === "+" || event.key === "=") { self.zoomBy(1.25); }
      else if (event.key === "-" || event.key === "_") { self.zoomBy(0.8); }
      else if (event.key === "0") { self.refit(); }
      else if (moves[event.key] && event.target === viewport) {
        pz.pan(pan.x + moves[event.key][0], pan.y + moves[event.key][1], { animate: false });
      } else { return; }
      event.preventDefault();
    });
    viewport.addEventListener("focusin", function (event) {
      var node = event.target.closest(".node");
      if (node) { self.reveal(node); }
    });
    // A drag that ends over a node does not open it.
    var start = null;
    viewport.addEventListener("pointerdown", function (event) { start = [event.clientX, event.clientY]; }, true);
    viewport.addEventListener("click", function (event) {
      if (start && Math.abs(event.clientX - start[0]) + Math.abs(event.clientY - start[1]) > MOVED) {
        event.preventDefault();
        event.stopPropagation();
      }
    }, true);

    this.svg = svg;
    this.refit = function () { self.whole(); };
  }

  function filter(form, viewer) {
    var svg = viewer.svg, output = form.querySelector("output");
    var claims = Array.prototype.slice.call(svg.querySelectorAll(".node-claim"));
    function matches(node) {
      var source = form.elements.source.value, tag = form.elements.tag.value, verdict = form.elements.verdict.value;
      return (!source || node.dataset.source === source) &&
        (!tag || node.dataset.tags.split(" ").indexOf(tag) >= 0) &&
        (!verdict || node.dataset.verdict === verdict);
    }
    function apply(zoom) {
      var shown = {}, kept = [];
      svg.querySelectorAll(".node").forEach(function (n) {
        var ok = n.dataset.kind !== "claim" || matches(n);
        if (ok) { shown[n.dataset.id] = true; }
        if (ok && n.dataset.kind === "claim") { kept.push(n); }
        n.classList.toggle("hidden", !ok);
      });
      svg.querySelectorAll(".edge").forEach(function (e) {
        e.classList.toggle("hidden", !(shown[e.dataset.from] && shown[e.dataset.to]));
      });
      output.textContent = output.dataset.template.replace("{shown}", kept.length).replace("{total}", claims.length);
      var filtered = kept.length < claims.length;
      viewer.refit = filtered ? function () { viewer.fit(union(kept.map(box)), 0.1); } : viewer.whole;
      if (zoom) { viewer.refit(); }
    }
    form.hidden = false;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply(false);
  }

  document.querySelectorAll("svg.argmap").forEach(highlight);
  document.querySelectorAll(".map-frame").forEach(function (frame) {
    if (!window.Panzoom) { return; }
    var viewer = new Viewer(frame), current = frame.querySelector(".node.current");
    var form = document.getElementById("map-filter");
    if (form && frame.dataset.map === "map") { filter(form, viewer); }
    // After Panzoom's own first move to its start (it makes it in a timeout of its own).
    setTimeout(function () {
      if (current) { viewer.show(box(current), 1); } else { viewer.whole(); }
      frame.dataset.ready = "true";
    });
  });
})();
