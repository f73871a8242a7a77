// What the timeline page's script (timeline.js) and the embed's (embed.js) share, loaded
// before either as `window.siteFilters`: the filters an address names, whether an element
// matches them, the words a page hands over, and running once the page is read.
(function () {
  "use strict";

  // Each filter of the address, and the attribute of a card or line that it is matched
  // against (`data-kind`, `data-topics`...): ?kind=phone-call&topic=ukraine.
  var FILTERS = { kind: "kind", topic: "topics", participant: "people", place: "place" };

  function ready(run) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }

  // The filters the address chooses, by name.
  function wanted() {
    var params = new URLSearchParams(window.location.search);
    var chosen = {};
    Object.keys(FILTERS).forEach(function (name) {
      var value = params.get(name);
      if (value) chosen[name] = value;
    });
    return chosen;
  }

  // Whether an element's data attributes hold every chosen value (each a list of slugs).
  function matches(element, chosen) {
    return Object.keys(chosen).every(function (name) {
      var values = (element.getAttribute("data-" + FILTERS[name]) || "").split(" ");
      return values.indexOf(chosen[name]) !== -1;
    });
  }

  // The words the page hands over (`data-words`, within `root`): each message's text with
  // %(name)s where a value goes, and a count's text for each plural category of the
  // language, chosen by `values.num`. Gives say(name, values), the message worded.
  function readWords(root) {
    var block = root.querySelector("[data-words]");
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

  window.siteFilters = {
    FILTERS: FILTERS, ready: ready, wanted: wanted, matches: matches, readWords: readWords
  };
})();
