// Static search over the pagefind index. Classic script: it loads pagefind's module
// only when asked, and says plainly that search needs HTTP when opened from file://.
(function () {
  "use strict";
  var form = document.getElementById("search");
  if (!form) { return; }
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var input = form.elements.q;
  var lang = form.dataset.lang;
  var root = new URL("../", document.currentScript.src);  // this file is static/search.js
  var engine = null;

  input.value = new URLSearchParams(window.location.search).get("q") || "";
  if (window.location.protocol === "file:") {
    status.textContent = form.dataset.tFile;
    status.classList.add("notice");
    input.disabled = true;
    form.querySelector("button").disabled = true;
    return;
  }

  // The index comes in bundles: the main one (pagefind.js) and one per claims folder, listed
  // in shards.json beside it and merged into the main one before the first search.
  function load() {
    if (!engine) {
      var main = new URL(form.dataset.pagefind, window.location.href);
      // baseUrl "/" keeps hits relative to the site root, wherever the site is hosted.
      var options = { baseUrl: "/", excerptLength: 24 };
      engine = Promise.all([
        import(main.href),
        fetch(new URL("shards.json", main).href).then(function (r) { return r.ok ? r.json() : []; })
      ]).then(function (loaded) {
        var pagefind = loaded[0];
        return pagefind.options(options).then(function () {
          return Promise.all(loaded[1].map(function (shard) {
            return pagefind.mergeIndex(new URL(shard, main).pathname, options);
          }));
        }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  // Copy pagefind's excerpt (text with <mark> around hits) without trusting it as HTML.
  function excerpt(html) {
    var p = document.createElement("p");
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    p.className = "excerpt";
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function show(query, hits) {
    var template = hits.length ? form.dataset.tResults.replace("{n}", hits.length) : form.dataset.tNone;
    status.textContent = template.replace("{q}", query);
    hits.forEach(function (hit) {
      var path = hit.url.replace(/^\/+/, "");
      if (lang === "en") { path = path.replace(/^zh\//, ""); }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = new URL(path, root).href;
      link.textContent = (lang === "en" && hit.meta.en_title) || hit.meta.title;
      item.appendChild(link);
      item.appendChild(excerpt(hit.excerpt));
      list.appendChild(item);
    });
  }

  // Chinese is indexed in its search form, every character Simplified and written in letters
  // (render/search.py, cjk_term): "zzh" and four letters per character, its code point in base 26.
  // A query is put into the same form with the page's table (pairs of Traditional and Simplified
  // characters, made at build time from OpenCC's dictionaries), so 訓練 and 训练 ask the same; it
  // is asked for pair by pair and character by character (the index holds every character of a
  // claim's Chinese text and every adjacent pair), so words the segmenter would glue are found.
  var toSimplified = {};
  (function (pairs) {
    for (var i = 0; i + 1 < pairs.length; i += 2) { toSimplified[pairs[i]] = pairs[i + 1]; }
  })(Array.from(form.dataset.t2s || ""));
  var CJK = /[\u3400-\u9fff\uf900-\ufaff]+/g;
  function letters(ch) {
    var code = ch.charCodeAt(0), out = "";
    for (var i = 0; i < 4; i++) { out = String.fromCharCode(97 + code % 26) + out; code = Math.floor(code / 26); }
    return out;
  }
  function term(chars) { return "zzh" + Array.from(chars).map(letters).join(""); }
  function variants(query) {
    var normal = Array.from(query).map(function (ch) { return toSimplified[ch] || ch; }).join("");
    var pairs = normal.replace(CJK, function (run) {
      var chars = Array.from(run), out = [];
      if (chars.length === 1) { return " " + term(run) + " "; }
      for (var i = 0; i + 1 < chars.length; i++) { out.push(term(chars[i] + chars[i + 1])); }
      return " " + out.join(" ") + " ";
    });
    var singles = normal.replace(CJK, function (run) { return " " + Array.from(run).map(term).join(" ") + " "; });
    var asked = [pairs, singles].map(function (q) { return q.replace(/\s+/g, " ").trim(); });
    return asked[0] === asked[1] ? [asked[0]] : asked;
  }

  function find(pagefind, query) {
    return Promise.all(variants(query).map(function (q) { return pagefind.search(q); })).then(function (searches) {
      var seen = {}, results = [];
      searches.forEach(function (search) {
        search.results.forEach(function (r) { if (!seen[r.id]) { seen[r.id] = true; results.push(r); } });
      });
      return Promise.all(results.slice(0, 40).map(function (r) { return r.data(); }));
    });
  }

  function run(query) {
    list.textContent = "";
    status.classList.remove("notice");
    if (!query) { status.textContent = ""; return; }
    status.textContent = form.dataset.tLoading;
    load()
      .then(function (pagefind) { return find(pagefind, query); })
      .then(function (hits) { show(query, hits); })
      .catch(function () { status.textContent = form.dataset.tError; status.classList.add("notice"); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    window.history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    run(query);
  });
  run(input.value.trim());
})();
