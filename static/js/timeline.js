// The timeline page's filters and search, which the time axis, the map, the years' buttons
// and the gaps between events follow. The page works without this file: every event is
// listed (or, on a timeline split into periods, every period), and the topic and kind pages
// are linked. With it, the filters' state lives in the address (?kind=phone-call&topic=ukraine),
// so a filtered view can be shared and the back button works. Its words are the page's, which
// the timeline template hands over from render/words.py: they follow the site's language.
(function () {
  "use strict";

  var shared = window.siteFilters;  // static/js/filters.js, loaded before this file
  var FILTERS = shared.FILTERS, ready = shared.ready, wanted = shared.wanted;
  var matches = shared.matches, readWords = shared.readWords;
  var UNSHOWN = "unshown";  // the class that hides a link of the axis or map (SVG has no `hidden`)

  // The query in the address (`?q=`), as the search box shows it.
  function wantedQuery() {
    return new URLSearchParams(window.location.search).get("q") || "";
  }

  // `found`: the addresses of the events the query finds, or null when there is no query.
  // A card is shown when it matches every chosen filter and, with a query, is found by it:
  // the search and the filters narrow one list, the timeline itself.
  function applyFilters(root, form, say, found) {
    var chosen = wanted();
    var cards = root.querySelectorAll(".event-card[data-kind]");
    var shown = 0;
    cards.forEach(function (card) {
      var link = card.querySelector(".event-title a");
      var visible = matches(card, chosen) &&
        (!found || (link !== null && found.has(link.getAttribute("href"))));
      card.parentElement.hidden = !visible;
      if (visible) shown += 1;
    });
    root.querySelectorAll("section.year").forEach(function (year) {
      year.hidden = !year.querySelector(".chronology > li:not([hidden])");
    });
    var filtering = Object.keys(chosen).length > 0 || found !== null;
    root.classList.toggle("filtered", filtering);
    var count = root.querySelector("[data-count]");
    count.textContent = filtering
      ? say("shown_of", { shown: shown, num: cards.length })
      : say("shown", { num: cards.length });
    root.querySelector("[data-no-match]").hidden = shown > 0;
    followShown(root, filtering, say);
    showChosen(form, chosen);
  }

  // The filters' controls as the address says (a browser may have restored others).
  function showChosen(form, chosen) {
    if (!form) return;
    Object.keys(FILTERS).forEach(function (name) {
      form.elements[name].value = chosen[name] || "";
    });
  }

  // The rest of the page follows the cards shown: the time axis, the map, the years' buttons
  // and the "4 weeks later" between two events. Each card's address, day and place (its
  // `li` hidden or not) says what is left.
  function followShown(root, filtering, say) {
    var listed = new Set(), shown = new Set(), places = new Set(), days = [];
    var before = false;  // whether the card before is shown (not known for the first)
    root.querySelectorAll(".event-card[data-kind]").forEach(function (card) {
      var item = card.parentElement, link = card.querySelector(".event-title a");
      // A date before the year 1, which a <time> cannot hold, is a <span class="date">.
      var time = card.querySelector("time, .date"), address = link ? link.getAttribute("href") : "";
      listed.add(address);
      if (!item.hidden) {
        shown.add(address);
        places.add(card.dataset.place);
      }
      var day = time ? time.dateTime || time.dataset.date : "";
      days.push({ day: day, id: card.id, shown: !item.hidden });
      // "4 weeks later": since the event before, so shown only where that one is shown too.
      var gap = item.firstElementChild;
      if (gap !== card) gap.hidden = filtering && !before;
      before = !item.hidden;
    });
    followAxis(listed, shown, days, say);
    document.querySelectorAll(".places svg a[data-place]").forEach(function (marker) {
      marker.classList.toggle(UNSHOWN, !places.has(marker.dataset.place));
    });
    document.querySelectorAll(".places-list li").forEach(function (item) {
      var link = item.firstElementChild;
      if (item.dataset.place) item.hidden = !places.has(item.dataset.place);
      else if (link && listed.has(link.getAttribute("href"))) {
        item.hidden = !shown.has(link.getAttribute("href"));
      }
    });
    root.querySelectorAll(".year-nav a").forEach(function (link) {
      var heading = document.getElementById(link.getAttribute("href").slice(1));
      var year = heading && heading.closest("section.year");
      if (year) link.parentElement.hidden = year.hidden;
    });
  }

  // Two dates as event files write them ("2024-04-08T10:00+03:00", "-0044-03-15"): by their
  // years as numbers, then by the rest as text. As text alone, 100 BC would come after 44 BC.
  function compareDays(a, b) {
    var x = /^(-?\d+)(.*)$/.exec(a), y = /^(-?\d+)(.*)$/.exec(b);
    if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
    var years = Number(x[1]) - Number(y[1]);
    if (years) return years;
    return x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0;
  }

  // A mark of one event is shown with its card. A cluster or bar (its first and last days in
  // `data-from` and `data-to`) is hidden when none of its events is shown, else counted
  // again: a bar made shorter, a cluster smaller with the number shown, its name and tooltip
  // (its <title>) saying how many of how many, its link to the first shown.
  function followAxis(listed, shown, days, say) {
    document.querySelectorAll(".axis svg a").forEach(function (mark) {
      if (!mark.dataset.from) {
        var address = mark.getAttribute("href");
        if (listed.has(address)) mark.classList.toggle(UNSHOWN, !shown.has(address));
        return;
      }
      var title = mark.firstElementChild, total = 0, count = 0, first = null, firstShown = null;
      days.forEach(function (entry) {
        if (!entry.day || compareDays(entry.day, mark.dataset.from) < 0 ||
            compareDays(entry.day, mark.dataset.to) > 0) return;
        total += 1;
        if (first === null) first = entry.id;
        if (!entry.shown) return;
        count += 1;
        if (firstShown === null) firstShown = entry.id;
      });
      if (mark.dataset.title === undefined) {
        mark.dataset.title = title.textContent;
        mark.dataset.href = mark.getAttribute("href");
      }
      var all = count === total;
      mark.classList.toggle(UNSHOWN, count === 0);
      title.textContent = mark.dataset.title +
        (all ? "" : "\n" + say("shown_of", { shown: count, num: total }));
      mark.setAttribute("href", !all && firstShown && mark.dataset.href === "#" + first
        ? "#" + firstShown : mark.dataset.href);
      var bar = mark.querySelector(".axis-bar");
      if (bar) {
        var top = bar.y.baseVal, tall = bar.height.baseVal;
        if (bar.dataset.height === undefined) {
          bar.dataset.height = tall.value;
          bar.dataset.base = top.value + tall.value;
        }
        tall.value = all ? Number(bar.dataset.height)
          : Math.max(2, Math.round(10 * bar.dataset.height * count / total) / 10);
        top.value = bar.dataset.base - tall.value;
      }
      var circle = mark.querySelector("circle"), number = mark.querySelector(".axis-count");
      if (circle && number) {
        // As render/overview.py sizes a cluster: it grows with log2 of its events.
        circle.r.baseVal.value = count < 2 ? 6 : Math.min(11, 7 + Math.log2(count));
        number.textContent = count < 1000 ? count : "999+";
      }
    });
  }

  // The address of the view: the filters chosen in `form` (if any) and the query.
  function addressFor(form, query) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (form) {
      Object.keys(FILTERS).forEach(function (name) {
        if (form.elements[name].value) params.set(name, form.elements[name].value);
      });
    }
    var search = params.toString();
    return window.location.pathname + (search ? "?" + search : "");
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

  // The records the query finds: those holding each of its words.
  function found(records, query) {
    var terms = words(query);
    return records.filter(function (record) {
      return terms.every(function (term) {
        return record.haystack.indexOf(term) !== -1;
      });
    });
  }

  // Where the page has no cards (the overview of a timeline split into periods), what the
  // query finds is listed: every match, each with its page's link.
  function showResults(box, records, query, say) {
    box.textContent = "";
    if (!query) return;
    box.appendChild(element("p", "search-count", records.length
      ? say("found", { num: records.length })
      : say("not_found", { query: query })));
    if (!records.length) return;
    var list = element("ul", "search-list");
    records.forEach(function (record) {
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

  // The search index, fetched once, when first needed.
  function searchIndex(address) {
    var records = null;
    return function load() {
      if (records) return Promise.resolve(records);
      return fetch(address)
        .then(function (response) { return response.json(); })
        .then(function (data) {
          records = data.map(function (record) {
            record.haystack = words([record.title, record.summary, record.place, record.kind,
              record.date, record.text].join(" ")).join(" ");
            return record;
          });
          return records;
        });
    };
  }

  // The page's view, from its address: the filters, the query, and what they find. Typing
  // keeps the query in the address (`?q=`) without a step of history per letter; choosing a
  // filter, or clearing them all, is a step the back button undoes.
  function setUpView(section, root, filters, say) {
    var form = section.querySelector("[data-search]");
    var input = form.querySelector("input");
    var box = section.querySelector("[data-search-results]");
    var load = searchIndex(section.getAttribute("data-index"));
    var latest = null;
    var asServed = true;  // every event shown, as the page came: nothing to hide yet
    function show() {
      var query = wantedQuery().trim();
      var chosen = wanted();
      latest = query;
      if (!query) {
        // A first view with no filter leaves the page as it came, without a pass over every
        // card and mark: on a long timeline, most of the script's time before it can be used.
        if (asServed && Object.keys(chosen).length === 0) showChosen(filters, chosen);
        else if (root) applyFilters(root, filters, say, null);
        asServed = false;
        showResults(box, [], "", say);
        return;
      }
      asServed = false;
      load().then(function (records) {
        if (query !== latest) return;  // typed on since: the later query shows
        var matches = found(records, query);
        if (root) {
          var addresses = new Set(matches.map(function (record) { return record.url; }));
          applyFilters(root, filters, say, addresses);
        } else {
          showResults(box, matches, query, say);
        }
      });
    }
    input.value = wantedQuery();
    input.addEventListener("focus", function () { load(); }, { once: true });
    input.addEventListener("input", function () {
      window.history.replaceState(null, "", addressFor(filters, input.value.trim()));
      show();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show();
    });
    if (filters) {
      filters.addEventListener("change", function () {
        window.history.pushState(null, "", addressFor(filters, input.value.trim()));
        show();
      });
      filters.addEventListener("reset", function (event) {
        event.preventDefault();
        input.value = "";
        window.history.pushState(null, "", window.location.pathname);
        show();
      });
      filters.addEventListener("submit", function (event) {
        event.preventDefault();
      });
    }
    window.addEventListener("popstate", function () {
      input.value = wantedQuery();
      show();
    });
    show();
  }

  // Search works on every page with the search box; filters only where there are cards to
  // filter (not on the overview of a timeline split into periods).
  ready(function () {
    var tools = document.querySelector("details.tools");  // beside the timeline: open it
    if (tools && window.matchMedia("(min-width: 64rem)").matches) tools.open = true;
    var section = document.getElementById("find");
    if (!section) return;
    section.hidden = false;
    var say = readWords(section);
    var root = document.getElementById("timeline");
    var filters = section.querySelector("[data-filters]");
    setUpView(section, root && filters ? root : null, filters, say);
  });
})();
