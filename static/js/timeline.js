// The timeline page's filters and search. The page works without this file: every event is
// listed (or, on a timeline split into periods, every period), and the topic and kind pages
// are linked. With it, the filters' state lives in the address (?kind=phone-call&topic=ukraine),
// so a filtered view can be shared and the back button works. Its words are the page's, which
// the timeline template hands over from render/words.py: they follow the site's language.
(function () {
  "use strict";

  var FILTERS = { kind: "kind", topic: "topics", participant: "people", place: "place" };

  function ready(run) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }

  function wanted() {
    var params = new URLSearchParams(window.location.search);
    var chosen = {};
    Object.keys(FILTERS).forEach(function (name) {
      var value = params.get(name);
      if (value) chosen[name] = value;
    });
    return chosen;
  }

  function matches(card, chosen) {
    return Object.keys(chosen).every(function (name) {
      var values = (card.getAttribute("data-" + FILTERS[name]) || "").split(" ");
      return values.indexOf(chosen[name]) !== -1;
    });
  }

  // The words the page hands over (`data-words`): each message's text with %(name)s where a
  // value goes, and a count's text for each plural category of the language. Gives
  // say(name, values), the message worded with those values.
  function readWords(section) {
    var block = section.querySelector("[data-words]");
    var words = block ? JSON.parse(block.textContent) : {};
    var rules;
    try {
      rules = new Intl.PluralRules(words.language);
    } catch (error) {
      rules = new Intl.PluralRules();
    }
    return function say(name, values) {
      var text = words[name] || "";
      if (typeof text === "object") {
        text = text[rules.select(values.num)] || text.other || text[Object.keys(text)[0]];
      }
      return text.replace(/%\((\w+)\)s/g, function (whole, key) {
        return String(values[key]);
      });
    };
  }

  function applyFilters(root, form, say) {
    var chosen = wanted();
    var cards = root.querySelectorAll(".event-card[data-kind]");
    var shown = 0;
    cards.forEach(function (card) {
      var visible = matches(card, chosen);
      card.parentElement.hidden = !visible;
      if (visible) shown += 1;
    });
    root.querySelectorAll("section.year").forEach(function (year) {
      year.hidden = !year.querySelector(".chronology > li:not([hidden])");
    });
    var filtering = Object.keys(chosen).length > 0;
    root.classList.toggle("filtered", filtering);
    var count = root.querySelector("[data-count]");
    count.textContent = filtering
      ? say("shown_of", { shown: shown, num: cards.length })
      : say("shown", { num: cards.length });
    root.querySelector("[data-no-match]").hidden = shown > 0;
    Object.keys(FILTERS).forEach(function (name) {
      form.elements[name].value = chosen[name] || "";
    });
  }

  function addressFor(form) {
    var params = new URLSearchParams();
    Object.keys(FILTERS).forEach(function (name) {
      if (form.elements[name].value) params.set(name, form.elements[name].value);
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function setUpFilters(root, form, say) {
    form.addEventListener("change", function () {
      window.history.pushState(null, "", addressFor(form));
      applyFilters(root, form, say);
    });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      window.history.pushState(null, "", window.location.pathname);
      applyFilters(root, form, say);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    window.addEventListener("popstate", function () {
      applyFilters(root, form, say);
    });
    applyFilters(root, form, say);
  }

  // A text's words, as the search compares them: in one Unicode form (NFKC, so that a
  // full-width Ａ is A), in lower case in any script, ё as е (Russian often writes one for the
  // other), split at whatever is not a letter or digit. Each word of a query is found
  // anywhere in an event's words, within a longer one too: so Chinese, written without
  // spaces, is found by any run of its characters ("拉夫罗夫" in "王毅同拉夫罗夫举行会谈").
  function words(text) {
    return text.normalize("NFKC").toLowerCase().replace(/ё/g, "\u0435")
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The pages of a result's people, place and forum: [name, address] pairs from the index.
  function pageLinks(links) {
    var line = element("span", "search-links");
    links.forEach(function (link, index) {
      if (index) line.appendChild(document.createTextNode(" · "));
      var anchor = element("a", "", link[0]);
      anchor.href = link[1];
      line.appendChild(anchor);
    });
    return line;
  }

  function showResults(box, records, query, say) {
    box.textContent = "";
    var terms = words(query);
    if (!terms.length) return;
    var found = records.filter(function (record) {
      return terms.every(function (term) {
        return record.haystack.indexOf(term) !== -1;
      });
    });
    box.appendChild(element("p", "search-count", found.length
      ? say("found", { num: found.length })
      : say("not_found", { query: query })));
    if (!found.length) return;
    var list = element("ul", "search-list");
    found.slice(0, 20).forEach(function (record) {
      var item = element("li");
      var link = element("a", "", record.title);
      link.href = record.url;
      item.appendChild(link);
      var details = [record.date, record.kind, record.place].filter(Boolean).join(" · ");
      item.appendChild(element("span", "search-details", details));
      if (record.links) item.appendChild(pageLinks(record.links));
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function setUpSearch(section, say) {
    var form = section.querySelector("[data-search]");
    var input = form.querySelector("input");
    var box = section.querySelector("[data-search-results]");
    var records = null;
    function load() {
      if (records) return Promise.resolve(records);
      return fetch(section.getAttribute("data-index"))
        .then(function (response) { return response.json(); })
        .then(function (data) {
          records = data.map(function (record) {
            record.haystack = words([record.title, record.summary, record.place, record.kind,
              record.date, record.text].join(" ")).join(" ");
            return record;
          });
          return records;
        });
    }
    input.addEventListener("focus", load, { once: true });
    input.addEventListener("input", function () {
      load().then(function (loaded) { showResults(box, loaded, input.value, say); });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      load().then(function (loaded) { showResults(box, loaded, input.value, say); });
    });
  }

  // Search works on every page with the search box; filters only where there are cards to
  // filter (not on the overview of a timeline split into periods).
  ready(function () {
    var section = document.getElementById("find");
    if (!section) return;
    section.hidden = false;
    var say = readWords(section);
    var root = document.getElementById("timeline");
    var filters = section.querySelector("[data-filters]");
    if (root && filters) setUpFilters(root, filters, say);
    setUpSearch(section, say);
  });
})();
