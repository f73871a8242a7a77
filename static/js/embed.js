// The embed page (/embed/): the timeline's events, a line each, made to sit in an iframe in
// another site's page. The page works without this file: every event is listed. With it:
//
// - The address's filters narrow the list, as on the timeline page and with its names and
//   values: ?kind=phone-call&topic=ukraine&participant=wang-yi&place=moscow-russia, matched
//   against each line's data-kind, data-topics, data-people and data-place.
// - In a frame, the page tells the page around it how tall it is, so that the frame can be
//   as tall as the list: it posts {type: "site-builder:height", height: N} (N in CSS pixels,
//   a whole number) to window.parent on load, after filtering, and whenever its height
//   changes (a ResizeObserver: the frame made narrower or wider, fonts loaded). The message
//   holds nothing else, so it goes to any origin ("*"). The README shows the host's side.
// - Not in a frame, it shows the HTML to paste into a story: the frame (for this address,
//   filters included) and the few lines that size it. oembed.json gives the same frame.
(function () {
  "use strict";

  var shared = window.siteFilters;  // static/js/filters.js, loaded before this file
  var ready = shared.ready, wanted = shared.wanted, matches = shared.matches;
  var HEIGHT_MESSAGE = "site-builder:height";
  // What the host page runs: a frame's message resizes that frame alone (its window is the
  // message's source), whatever else the page holds.
  var LISTENER = [
    "<script>",
    "window.addEventListener(\"message\", function (event) {",
    "  var data = event.data;",
    "  if (!data || data.type !== \"" + HEIGHT_MESSAGE + "\" || typeof data.height !== \"number\") return;",
    "  var frames = document.getElementsByTagName(\"iframe\");",
    "  for (var i = 0; i < frames.length; i++) {",
    "    if (frames[i].contentWindow === event.source) frames[i].style.height = Math.ceil(data.height) + \"px\";",
    "  }",
    "});",
    "</script>"
  ].join("\n");

  function framed() {
    return window.parent !== window;
  }

  // The chosen filters as an address's query: "" or "?kind=phone-call".
  function query(chosen) {
    var params = new URLSearchParams();
    Object.keys(chosen).forEach(function (name) {
      params.set(name, chosen[name]);
    });
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function applyFilters(root, chosen) {
    var lines = root.querySelectorAll(".embed-event");
    if (!lines.length || !Object.keys(chosen).length) return;
    var shown = 0;
    lines.forEach(function (line) {
      line.hidden = !matches(line, chosen);
      if (!line.hidden) shown += 1;
    });
    var count = root.querySelector("[data-count]");
    count.textContent = shared.readWords(root)("shown_of", { shown: shown, num: lines.length });
    count.hidden = false;
    root.querySelector("[data-no-match]").hidden = shown > 0;
    // The full timeline, filtered alike where it has filters (not when split into periods).
    var full = document.querySelector("a[data-with-filters]");
    if (full) full.setAttribute("href", full.getAttribute("href") + query(chosen));
  }

  function attribute(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/"/g, "&quot;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;");
  }

  // The HTML to paste: the frame, as oembed.json gives it, and the listener.
  function showSnippet(chosen) {
    var section = document.querySelector("[data-embed-code]");
    if (!section) return;
    var src = section.getAttribute("data-src") + query(chosen);
    var frame =
      '<iframe src="' + attribute(src) + '" title="' + attribute(section.getAttribute("data-title")) +
      '" width="640" height="600" loading="lazy" style="width: 100%; border: 0;"></iframe>';
    var box = section.querySelector("[data-snippet]");
    box.value = frame + "\n" + LISTENER + "\n";
    box.addEventListener("focus", function () {
      box.select();
    });
    section.hidden = false;
  }

  // Posts the page's height to the page that frames it, each time it changes.
  function reportHeight() {
    var last = -1;
    function post() {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: HEIGHT_MESSAGE, height: height }, "*");
    }
    post();
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(post).observe(document.documentElement);
    } else {
      window.addEventListener("resize", post);
    }
    window.addEventListener("load", post);
  }

  ready(function () {
    var root = document.getElementById("embed");
    if (!root) return;
    var chosen = wanted();
    applyFilters(root, chosen);
    if (framed()) reportHeight();
    else showSnippet(chosen);
  });
})();
