/* talkdeck: the My talks page ({my-talks}, reader.py), on top of talkdeck-reader.js (loaded
 * before this file, it shares window.talkdeck). The saved talks from talks.json in programme
 * order (events by their first day, then each event's programme); a share link (#talks=id,id)
 * that opens the same list elsewhere and offers to save it; the timed talks as one iCalendar
 * file (RFC 5545) made here. No request to any other host; text always set as text. */
(function () {
  "use strict";

  var td = window.talkdeck;
  if (!td) {
    return;
  }
  var ID = td.id;
  var ROOT = td.root;
  var moment = td.moment;
  var talksWord = td.talksWord;
  var savedIds = td.savedIds;
  var announce = td.announce;
  var mine = null;

  function sharedIds() {
    var match = /(?:^#|&)talks=([^&]*)/.exec(location.hash);
    if (!match) {
      return null;
    }
    var seen = {};
    return decodeURIComponent(match[1]).split(",").filter(function (id) {
      var keep = ID.test(id) && !seen[id];
      seen[id] = true;
      return keep;
    });
  }

  /* Programme order, as the site's grids sort by default: events by their first day (events
   * without dates after), then by id; each event's talks in its programme. */
  function programme(data) {
    var events = (data.events || []).slice().sort(function (a, b) {
      if (!a.start !== !b.start) {
        return a.start ? -1 : 1;
      }
      return (a.start || "").localeCompare(b.start || "") || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    var order = {};
    var next = 0;
    events.forEach(function (event) {
      (event.talks || []).forEach(function (id) {
        if (!(id in order)) {
          order[id] = next++;
        }
      });
    });
    return order;
  }

  function eventsById(data) {
    var found = {};
    (data.events || []).forEach(function (event) { found[event.id] = event; });
    return found;
  }

  function pageUrl(talk) {
    return talk.absolute_url || new URL(talk.url, ROOT).href;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function listItem(talk, event) {
    var item = element("li", "tdk-mytalks-item");
    var title = element("p", "tdk-mytalks-title");
    var link = element("a", "", talk.title);
    link.href = pageUrl(talk);
    title.appendChild(link);
    item.appendChild(title);
    var about = (talk.speakers || []).map(function (s) { return s.name; }).filter(Boolean).join(", ");
    var label = event ? (event.short_name || event.name) : talk.event;
    if (about || label) {
      item.appendChild(element("p", "tdk-mytalks-meta", [about, label].filter(Boolean).join(" \u00b7 ")));
    }
    var start = moment(talk.start);
    var day = !talk.start && talk.date ? td.dayText(talk.date) : "";
    if (talk.start || day || talk.room) {
      var when = element("p", "tdk-mytalks-when");
      if (day) {
        // known by its day only: the day, as its card shows it; no time to switch
        var date = element("time", "tdk-time tdk-day", day);
        date.setAttribute("datetime", talk.date);
        when.appendChild(date);
      } else if (talk.start) {
        var end = start && talk.duration ? moment(talk.end) : null;
        var time = element("time", "tdk-time");
        time.setAttribute("datetime", talk.start);
        if (end) {
          time.setAttribute("data-tdk-end", talk.end);
        }
        var text = start ? td.formatWindow(start, end, talk.timezone || "UTC") : td.localText(talk.start);
        time.textContent = text;
        td.keepText(time, text);
        when.appendChild(time);
      }
      if (talk.room) {
        when.appendChild(document.createTextNode((talk.start || day ? " \u00b7 " : "") + talk.room));
      }
      item.appendChild(when);
    }
    item.appendChild(td.saveButton(talk.id));
    return item;
  }

  function MyTalks(box) {
    this.box = box;
    this.data = null;
    this.list = box.querySelector(".tdk-mytalks-list");
    this.status = box.querySelector(".tdk-mytalks-status");
    this.empty = box.querySelector(".tdk-mytalks-empty");
    this.actions = box.querySelector(".tdk-mytalks-actions");
    this.shared = box.querySelector(".tdk-mytalks-shared");
  }

  MyTalks.prototype.load = function () {
    var self = this;
    var url = new URL(this.box.getAttribute("data-tdk-data") || "talks.json", location.href);
    if (url.origin !== location.origin && location.protocol !== "file:") {
      return;  // never another host
    }
    fetch(url.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    }).then(function (data) {
      self.data = data;
      self.talks = {};
      (data.talks || []).forEach(function (talk) { self.talks[talk.id] = talk; });
      self.order = programme(data);
      self.events = eventsById(data);
      self.wire();
      self.render();
    }).catch(function () {
      self.status.textContent = "The list of talks could not be loaded; reload the page to try again.";
    });
  };

  MyTalks.prototype.ordered = function (ids) {
    var self = this;
    return ids.filter(function (id) { return self.talks[id]; }).sort(function (a, b) {
      var x = a in self.order ? self.order[a] : Infinity;
      var y = b in self.order ? self.order[b] : Infinity;
      return x - y || (a < b ? -1 : a > b ? 1 : 0);
    }).map(function (id) { return self.talks[id]; });
  };

  MyTalks.prototype.shown = function () {
    var shared = sharedIds();
    return this.ordered(shared === null ? savedIds() : shared);
  };

  MyTalks.prototype.render = function () {
    var self = this;
    var shared = sharedIds();
    var talks = this.shown();
    while (this.list.firstChild) {
      this.list.removeChild(this.list.firstChild);
    }
    talks.forEach(function (talk) {
      self.list.appendChild(listItem(talk, self.events[talk.event]));
    });
    this.empty.hidden = talks.length > 0 || shared !== null;
    this.actions.hidden = talks.length === 0;
    var share = this.box.querySelector(".tdk-mytalks-share");
    share.href = "#talks=" + talks.map(function (t) { return t.id; }).join(",");
    var timed = talks.filter(function (t) { return t.calendar && moment(t.start); });
    var download = this.box.querySelector(".tdk-mytalks-ics");
    download.hidden = timed.length === 0;
    download.textContent = "Download " + (timed.length === 1 ? "the timed talk" : "the " + timed.length + " timed talks") + " as a calendar (.ics)";
    this.shared.hidden = shared === null;
    if (shared !== null) {
      var missing = shared.length - talks.length;
      this.box.querySelector(".tdk-mytalks-shared-text").textContent =
        "This link shares " + talksWord(talks.length) + (missing > 0 ? " (" + missing + " not on this site)" : "") +
        ". Save them to keep them in your own list.";
    }
    td.refreshButtons();
    td.setUpZones();
    this.status.textContent = shared !== null ? "" : talksWord(talks.length) + " saved.";
  };

  MyTalks.prototype.changed = function () {
    // a list the reader is looking at stays as it is while they press its buttons
    if (!this.data) {
      return;
    }
    var shown = Array.prototype.map.call(this.list.querySelectorAll("button.tdk-save"), function (b) {
      return b.getAttribute("data-tdk-talk");
    });
    var saved = sharedIds() === null ? savedIds() : shown;
    if (shown.length === 0 || saved.some(function (id) { return shown.indexOf(id) === -1; })) {
      this.render();
    } else {
      this.status.textContent = sharedIds() === null ? talksWord(savedIds().length) + " saved." : "";
    }
  };

  MyTalks.prototype.wire = function () {
    var self = this;
    this.box.querySelector(".tdk-mytalks-keep").addEventListener("click", function () {
      var saved = savedIds();
      var added = 0;
      self.shown().forEach(function (talk) {
        if (saved.indexOf(talk.id) === -1) {
          saved.push(talk.id);
          added += 1;
        }
      });
      td.setSaved(saved);
      self.showOwn();
      announce(talksWord(added) + " added to my talks. " + talksWord(saved.length) + " saved.");
    });
    this.box.querySelector(".tdk-mytalks-own").addEventListener("click", function () {
      self.showOwn();
      announce("Showing my talks: " + talksWord(savedIds().length) + ".");
    });
    this.box.querySelector(".tdk-mytalks-copy").addEventListener("click", function () {
      var link = self.box.querySelector(".tdk-mytalks-share").href;
      var done = function () { self.status.textContent = "Link copied."; };
      var failed = function () {
        self.status.textContent = "Copying is not allowed here: copy the \u201cLink to this list\u201d link instead.";
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(link).then(done, failed);
      } else {
        failed();
      }
    });
    this.box.querySelector(".tdk-mytalks-ics").addEventListener("click", function () {
      self.download();
    });
    window.addEventListener("hashchange", function () { self.render(); });
  };

  MyTalks.prototype.showOwn = function () {
    history.replaceState(null, "", location.pathname + location.search);
    this.render();
    // the buttons that were pressed are gone: the list, which now shows the reader's own, takes the focus
    this.list.setAttribute("tabindex", "-1");
    this.list.focus();
  };

  // --- the calendar file (RFC 5545) ------------------------------------------------------------

  function icsText(value) {
    return String(value).replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "").replace(/\r\n?/g, "\n")
      .replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
  }

  function icsTime(date) {
    return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  }

  /* A content line folded at 75 octets, never inside a UTF-8 sequence; CRLF-terminated. */
  function fold(line) {
    var encoder = new TextEncoder();
    var out = [];
    var current = "";
    var size = 0;
    var limit = 75;
    Array.from(line).forEach(function (ch) {
      var bytes = encoder.encode(ch).length;
      if (size + bytes > limit) {
        out.push(current);
        current = " ";
        size = 1;
      }
      current += ch;
      size += bytes;
    });
    out.push(current);
    return out.join("\r\n") + "\r\n";
  }

  function place(event) {
    return event ? [event.city, event.region, event.country].filter(Boolean).join(", ") : "";
  }

  MyTalks.prototype.calendar = function (talks) {
    var self = this;
    var stamp = icsTime(new Date());
    var name = (this.box.getAttribute("data-tdk-name") || "Talks") + ": my talks";
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//talkdeck//my talks//EN", "CALSCALE:GREGORIAN",
      "NAME:" + icsText(name), "X-WR-CALNAME:" + icsText(name)];
    talks.forEach(function (talk) {
      var start = moment(talk.start);
      var end = talk.duration ? moment(talk.end) : null;
      var event = self.events[talk.event];
      var speakers = (talk.speakers || []).filter(function (s) { return s.name; }).map(function (s) {
        return s.affiliation ? s.name + " (" + s.affiliation + ")" : s.name;
      }).join(", ");
      var description = [talk.summary, speakers ? "Speakers: " + speakers : ""].filter(Boolean).join("\n\n");
      var location_ = [talk.room, place(event)].filter(Boolean).join(", ");
      lines.push("BEGIN:VEVENT", "UID:" + icsText(talk.calendar_uid), "DTSTAMP:" + stamp, "DTSTART:" + icsTime(start));
      if (end && end.getTime() !== start.getTime()) {
        lines.push("DTEND:" + icsTime(end));
      }
      lines.push("SUMMARY:" + icsText(talk.title));
      if (description) {
        lines.push("DESCRIPTION:" + icsText(description));
      }
      if (location_) {
        lines.push("LOCATION:" + icsText(location_));
      }
      lines.push("URL:" + pageUrl(talk));
      var topics = (talk.topics || []).map(function (t) { return icsText(t.name); });
      if (topics.length) {
        lines.push("CATEGORIES:" + topics.join(","));
      }
      lines.push("END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("");
  };

  MyTalks.prototype.download = function () {
    var timed = this.shown().filter(function (t) { return t.calendar && t.calendar_uid && moment(t.start); });
    if (!timed.length) {
      return;
    }
    var blob = new Blob([this.calendar(timed)], { type: "text/calendar;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "my-talks.ics";
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 1000);
    this.status.textContent = "Calendar with " + talksWord(timed.length) + " downloaded.";
  };

  function start() {
    var box = document.querySelector(".tdk-mytalks[data-tdk-data]");
    if (box) {
      mine = new MyTalks(box);
      td.onChange(function () { mine.changed(); });
      mine.load();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
