/* talkdeck: the search page (search.py writes its markup, exports/pagefind.py the index).
 *
 * Pagefind's pagefind.js (in the site's pagefind/ folder, found from the page's
 * data-tdk-bundle; a large site's other index shards from data-tdk-shards) runs each query in the browser and fetches only the index chunks, filter
 * chunks and result fragments that query needs. This script reads the query and the chosen
 * facet values from the address (?q=...&topic=...: what the theme's search box sends, and what
 * a shared link carries), searches as the reader types, lists the results ten at a time, and
 * offers each facet's values with their counts as checkboxes: any value within a facet, all
 * facets together; a facet's counts are those of the other facets' choices, so choosing a
 * value never hides the others. The status line is a live region ("12 results for ...").
 * Result URLs are made relative to the site's root, so the site works under any path (Read the
 * Docs' /en/latest/). Text from the index goes into the page as text nodes only.
 *
 * A page whose name is exactly the query comes first among the first ten: a speaker's, topic's,
 * project's or organisation's own page, then any other page of that title. Pagefind scores a
 * long page lower, and a busy speaker's page is long (a line per talk), so "Tariq Hansen" would
 * otherwise come after a short page for "Tariq Q. Hansen". A person's other names (their
 * profile's aliases, the page's `aliases` meta, "; " between them) count as their name. The
 * first ten results' fragments are fetched to be shown anyway, so this costs no request. */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var SHOWN_VALUES = 8;
  var DEBOUNCE_MS = 250;

  var root = document.getElementById("tdk-search");
  if (!root) {
    return;
  }
  var form = root.querySelector(".tdk-search-form");
  var input = form.querySelector("input[name=q]");
  var status = root.querySelector(".tdk-search-status");
  var list = root.querySelector(".tdk-search-results");
  var more = root.querySelector(".tdk-search-more");
  var clear = root.querySelector(".tdk-search-clear");
  var fieldsets = Array.prototype.slice.call(root.querySelectorAll("fieldset[data-tdk-facet]"));
  var facets = fieldsets.map(function (fieldset) {
    return fieldset.getAttribute("data-tdk-facet");
  });
  var bundle = new URL(root.getAttribute("data-tdk-bundle"), document.baseURI);
  // the bundle is the pagefind/ folder at the site's root: results are addressed from there
  var siteRoot = new URL("..", bundle).pathname;

  var chosen = {}; // facet -> values chosen, in the order chosen
  var expanded = {}; // facet -> whether all its values show
  var results = []; // the current search's results
  var counted = {}; // facet -> value -> number of results, as last shown
  var shown = 0;
  var generation = 0; // the latest search; the answers of older ones are dropped
  var pagefind = null;

  function load() {
    if (!pagefind) {
      var options = {
        baseUrl: siteRoot,
        excerptLength: 24,
        highlightParam: "highlight",
        ranking: JSON.parse(root.getAttribute("data-tdk-ranking") || "{}"),
      };
      // a large site's index comes in shards (search.py, SHARD_PAGES): the first is loaded by
      // pagefind.js, the others merged into it with the same options, so one query reaches all
      var shards = JSON.parse(root.getAttribute("data-tdk-shards") || "[]").map(function (path) {
        return new URL(path, document.baseURI).pathname;
      });
      pagefind = import(bundle.href).then(function (module) {
        return shards
          .reduce(function (ready, shard) {
            return ready.then(function () {
              return module.mergeIndex(shard, options);
            });
          }, module.options(options))
          .then(function () {
            return module;
          });
      });
    }
    return pagefind;
  }

  function say(text) {
    status.textContent = text;
  }

  function quoted(term) {
    return "\u201c" + term + "\u201d";
  }

  function count(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function selection(without) {
    var filters = {};
    facets.forEach(function (facet) {
      if (facet !== without && chosen[facet] && chosen[facet].length) {
        filters[facet] = { any: chosen[facet].slice() };
      }
    });
    return filters;
  }

  function anyChosen() {
    return facets.some(function (facet) {
      return chosen[facet] && chosen[facet].length > 0;
    });
  }

  // --- the address ---------------------------------------------------------------------------

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    chosen = {};
    facets.forEach(function (facet) {
      var values = params.getAll(facet).filter(Boolean);
      if (values.length) {
        chosen[facet] = values;
      }
    });
  }

  function writeAddress() {
    var params = new URLSearchParams();
    var term = input.value.trim();
    if (term) {
      params.set("q", term);
    }
    facets.forEach(function (facet) {
      (chosen[facet] || []).forEach(function (value) {
        params.append(facet, value);
      });
    });
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", address);
  }

  // --- results -------------------------------------------------------------------------------

  // a result's fragment fetched once, however often it is asked for
  function once(result) {
    var data = null;
    return {
      data: function () {
        data = data || result.data();
        return data;
      },
    };
  }

  function normal(text) {
    return (text || "")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  // the first ten results, an exact name first (see the top of this file); the rest as found
  function exactFirst(term, found) {
    var wanted = normal(term);
    if (!wanted) {
      return Promise.resolve(found);
    }
    var head = found.slice(0, PAGE_SIZE);
    return Promise.all(
      head.map(function (result) {
        return result.data();
      })
    ).then(function (data) {
      function rank(i) {
        var meta = data[i].meta || {};
        var names = [meta.entity].concat((meta.aliases || "").split(";"));
        if (
          meta.entity &&
          names.some(function (name) {
            return normal(name) === wanted;
          })
        ) {
          return 0;
        }
        return normal(meta.name || meta.title) === wanted ? 1 : 2;
      }
      var order = head.map(function (_, i) {
        return i;
      });
      order.sort(function (a, b) {
        return rank(a) - rank(b) || a - b;
      });
      return order
        .map(function (i) {
          return head[i];
        })
        .concat(found.slice(PAGE_SIZE));
    });
  }

  // Pagefind's excerpt is text with <mark> around the words found; keep exactly that, as nodes
  function excerptNodes(excerpt) {
    var parsed = new DOMParser().parseFromString("<p>" + excerpt + "</p>", "text/html").body;
    var out = document.createDocumentFragment();
    Array.prototype.forEach.call(parsed.firstChild ? parsed.firstChild.childNodes : [], function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "tdk-search-result";
    var kinds = (data.filters && data.filters.type) || [];
    if (kinds.length) {
      var kind = document.createElement("p");
      kind.className = "tdk-search-kind";
      kind.textContent = kinds[0];
      item.appendChild(kind);
    }
    var heading = document.createElement("h2");
    heading.className = "tdk-search-title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && (data.meta.name || data.meta.title)) || data.raw_url || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var facts = [];
    ["event", "year"].forEach(function (facet) {
      if (data.filters && data.filters[facet] && kinds[0] !== "Event") {
        facts.push(data.filters[facet].join(", "));
      }
    });
    if (facts.length) {
      var about = document.createElement("p");
      about.className = "tdk-search-about";
      about.textContent = facts.join(" \u00b7 ");
      item.appendChild(about);
    }
    if (data.excerpt) {
      var excerpt = document.createElement("p");
      excerpt.className = "tdk-search-excerpt";
      excerpt.appendChild(excerptNodes(data.excerpt));
      item.appendChild(excerpt);
    }
    return item;
  }

  function showMore(run, focusFirst) {
    var next = results.slice(shown, shown + PAGE_SIZE);
    return Promise.all(
      next.map(function (result) {
        return result.data();
      })
    ).then(function (found) {
      if (run !== generation) {
        return;
      }
      var first = null;
      found.forEach(function (data) {
        var item = resultItem(data);
        first = first || item;
        list.appendChild(item);
      });
      shown += found.length;
      more.hidden = shown >= results.length;
      if (focusFirst && first) {
        first.querySelector("a").focus();
      }
    });
  }

  // --- facets --------------------------------------------------------------------------------

  function valueItem(facet, value, number) {
    var item = document.createElement("li");
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.value = value;
    box.checked = (chosen[facet] || []).indexOf(value) !== -1;
    box.addEventListener("change", function () {
      var values = (chosen[facet] || []).filter(function (v) {
        return v !== value;
      });
      if (box.checked) {
        values.push(value);
      }
      chosen[facet] = values;
      search();
    });
    var name = document.createElement("span");
    name.textContent = value;
    var tally = document.createElement("span");
    tally.className = "tdk-search-count";
    tally.textContent = " (" + number + ")";
    label.appendChild(box);
    label.appendChild(name);
    label.appendChild(tally);
    item.appendChild(label);
    return item;
  }

  function drawFacet(fieldset, counts) {
    var facet = fieldset.getAttribute("data-tdk-facet");
    var values = (chosen[facet] || []).slice();
    Object.keys(counts || {})
      .filter(function (value) {
        return counts[value] > 0 && values.indexOf(value) === -1;
      })
      .sort(function (a, b) {
        return counts[b] - counts[a] || (facet === "year" ? b.localeCompare(a) : a.localeCompare(b));
      })
      .forEach(function (value) {
        values.push(value);
      });
    var listed = fieldset.querySelector(".tdk-search-values");
    var toggle = fieldset.querySelector(".tdk-search-all");
    listed.textContent = "";
    var limit = expanded[facet] ? values.length : Math.max(SHOWN_VALUES, (chosen[facet] || []).length);
    values.slice(0, limit).forEach(function (value) {
      listed.appendChild(valueItem(facet, value, (counts && counts[value]) || 0));
    });
    // a facet with a single value narrows nothing, unless it is chosen
    fieldset.hidden = values.length === 0 || (values.length === 1 && !(chosen[facet] || []).length);
    if (values.length > SHOWN_VALUES) {
      if (!toggle) {
        toggle = document.createElement("button");
        toggle.type = "button";
        toggle.className = "tdk-search-all";
        toggle.addEventListener("click", function () {
          expanded[facet] = !expanded[facet];
          drawFacet(fieldset, counted[facet]);
        });
        fieldset.appendChild(toggle);
      }
      toggle.setAttribute("aria-expanded", expanded[facet] ? "true" : "false");
      toggle.textContent = expanded[facet] ? "Show fewer" : "Show all " + values.length;
    } else if (toggle) {
      toggle.remove();
    }
  }

  function drawFacets(term, main) {
    // each facet counts with the other facets' choices, so its own values stay offered
    var others = facets.filter(function (facet) {
      return chosen[facet] && chosen[facet].length;
    });
    return load()
      .then(function (module) {
        return Promise.all(
          others.map(function (facet) {
            return module.search(term, { filters: selection(facet) });
          })
        );
      })
      .then(function (answers) {
        var counts = {};
        facets.forEach(function (facet) {
          counts[facet] = (main.filters || {})[facet];
        });
        others.forEach(function (facet, i) {
          counts[facet] = (answers[i] && answers[i].filters ? answers[i].filters : {})[facet];
        });
        return counts;
      });
  }

  // --- searching -----------------------------------------------------------------------------

  function describe(term, total) {
    var narrowed = anyChosen() ? ", narrowed by your choices" : "";
    if (total === 0) {
      return term
        ? "No results for " + quoted(term) + narrowed + ". Try fewer or other words" + (narrowed ? ", or clear the filters." : ".")
        : "No pages match your choices.";
    }
    return count(total, "result", "results") + (term ? " for " + quoted(term) : "") + narrowed + ".";
  }

  function redrawFacets(counts) {
    counted = counts;
    // the boxes are drawn anew: the one that had the focus gets it back
    var focused = document.activeElement;
    var again = focused && focused.type === "checkbox" && root.contains(focused) ? focused : null;
    var where = again ? again.closest("fieldset").getAttribute("data-tdk-facet") : null;
    fieldsets.forEach(function (fieldset) {
      drawFacet(fieldset, counts[fieldset.getAttribute("data-tdk-facet")]);
    });
    if (again) {
      var boxes = root.querySelectorAll('fieldset[data-tdk-facet="' + where + '"] input[type=checkbox]');
      Array.prototype.forEach.call(boxes, function (box) {
        if (box.value === again.value) {
          box.focus();
        }
      });
    }
  }

  // Results first, then the facets: their counts need every filter chunk, which the first
  // query of a page fetches (once) after its results show.
  function search() {
    var run = ++generation;
    var term = input.value.trim();
    writeAddress();
    clear.hidden = !anyChosen();
    if (!term && !anyChosen()) {
      list.textContent = "";
      more.hidden = true;
      fieldsets.forEach(function (fieldset) {
        fieldset.hidden = true;
      });
      say("Type a name, a topic or words from a title.");
      return Promise.resolve();
    }
    var query = term || null; // no words: every page the chosen facets allow
    var module = null;
    return load()
      .then(function (loaded) {
        module = loaded;
        return module.search(query, { filters: selection(null) });
      })
      .then(function (main) {
        return run === generation ? exactFirst(term, main.results.map(once)) : null;
      })
      .then(function (found) {
        if (found === null || run !== generation) {
          return null;
        }
        results = found;
        shown = 0;
        list.textContent = "";
        say(describe(term, results.length));
        return showMore(run, false)
          .then(function () {
            return module.filters();
          })
          .then(function () {
            return module.search(query, { filters: selection(null) });
          })
          .then(function (counting) {
            return run === generation ? drawFacets(query, counting) : null;
          })
          .then(function (counts) {
            if (counts && run === generation) {
              redrawFacets(counts);
            }
          });
      })
      .catch(function () {
        if (run === generation) {
          say(
            "The search index could not be loaded. Search works when the site is served by a web " +
              "server, not opened as files; every page can also be reached from the navigation."
          );
        }
      });
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      search();
    }, DEBOUNCE_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search();
  });
  more.addEventListener("click", function () {
    showMore(generation, true);
  });
  clear.addEventListener("click", function () {
    chosen = {};
    search().then(function () {
      input.focus();
    });
  });

  var note = root.parentNode.querySelector(".tdk-search-nojs");
  if (note) {
    note.hidden = true;
  }
  root.hidden = false;
  readAddress();
  search();
})();
