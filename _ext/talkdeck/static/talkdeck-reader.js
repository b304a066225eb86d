/* talkdeck: the reader's tools on every page that has a card or a time (reader.py writes the
 * markup; talkdeck-mytalks.js, on the My talks page only, builds on what this file shares as
 * window.talkdeck). No account, no server, no request to any other host; DOM APIs only, text
 * always set as text.
 *
 * - "Add to my talks": the toggle buttons written hidden on every card are shown; pressing one
 *   saves or forgets the talk's id in localStorage (per site: the key names the site's root).
 * - Times: each <time class="tdk-time"> with an offset (its start in `datetime`, its end in
 *   `data-tdk-end`) is written again in the reader's time zone at the press of a button, and
 *   back; the choice is remembered. */
(function () {
  "use strict";

  var script = document.currentScript;
  // the site's root: this file is <root>/_static/talkdeck-reader.js
  var ROOT = script ? new URL("../", script.src) : new URL("./", location.href);
  var SAVED_KEY = "talkdeck:my-talks:" + ROOT.pathname;
  var ZONE_KEY = "talkdeck:times:" + ROOT.pathname;
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var LABEL = "Add to my talks";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

  // --- storage: a list of talk ids; in memory only where the browser refuses storage ---------

  var memory = {};

  function read(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
    }
  }

  function write(key, value) {
    try {
      if (value === null) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, value);
      }
    } catch (error) {
      memory[key] = value;
    }
  }

  function savedIds() {
    var found;
    try {
      found = JSON.parse(read(SAVED_KEY) || "[]");
    } catch (error) {
      found = [];
    }
    return Array.isArray(found) ? found.filter(function (id) { return typeof id === "string" && ID.test(id); }) : [];
  }

  function setSaved(ids) {
    write(SAVED_KEY, JSON.stringify(ids));
  }

  function isSaved(id) {
    return savedIds().indexOf(id) !== -1;
  }

  // --- announcements -------------------------------------------------------------------------

  var live = null;

  function announce(message) {
    if (!live) {
      live = document.createElement("p");
      live.className = "tdk-visually-hidden tdk-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    // emptied first, so the same words twice are announced twice
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  function talksWord(count) {
    return count + (count === 1 ? " talk" : " talks");
  }

  // --- Add to my talks -----------------------------------------------------------------------

  function saveButton(id) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "tdk-save";
    button.setAttribute("data-tdk-talk", id);
    button.textContent = LABEL;
    return button;
  }

  function refreshButtons() {
    var saved = savedIds();
    Array.prototype.forEach.call(document.querySelectorAll("button.tdk-save[data-tdk-talk]"), function (button) {
      var id = button.getAttribute("data-tdk-talk");
      button.setAttribute("aria-pressed", saved.indexOf(id) !== -1 ? "true" : "false");
      button.hidden = false;
    });
  }

  function toggle(button) {
    var id = button.getAttribute("data-tdk-talk");
    if (!ID.test(id || "")) {
      return;
    }
    var saved = savedIds();
    var at = saved.indexOf(id);
    if (at === -1) {
      saved.push(id);
    } else {
      saved.splice(at, 1);
    }
    setSaved(saved);
    refreshButtons();
    announce((at === -1 ? "Added to my talks. " : "Removed from my talks. ") + talksWord(saved.length) + " saved.");
    changed();
  }

  var listeners = [];

  function changed() {
    listeners.forEach(function (listener) { listener(); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("button.tdk-save") : null;
    if (button) {
      toggle(button);
    }
  });
  // another tab saved or forgot a talk
  window.addEventListener("storage", function (event) {
    if (event.key === SAVED_KEY) {
      refreshButtons();
      changed();
    }
  });

  // --- times ---------------------------------------------------------------------------------

  function readerZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function parts(date, zone) {
    var found = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "numeric", day: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(date).forEach(function (part) { found[part.type] = part.value; });
    return found;
  }

  function zoneName(date, zone) {
    // the short name where a locale has one (EDT in en-US, CEST and BST in en-GB), else GMT+2
    var names = ["en-US", "en-GB"].map(function (locale) {
      var found = "";
      new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "short" }).formatToParts(date)
        .forEach(function (part) { if (part.type === "timeZoneName") { found = part.value; } });
      return found;
    });
    return names.filter(function (name) { return name && !/^(GMT|UTC)[+-]/.test(name); })[0] || names[0];
  }

  function clock(p) {
    return p.hour + ":" + p.minute;
  }

  /* "Wednesday 26 October 2022, 14:30–15:05 EDT", as dates.format_window writes it. */
  function formatWindow(start, end, zone) {
    var p = parts(start, zone);
    var day = new Date(Date.UTC(+p.year, +p.month - 1, +p.day)).getUTCDay();
    var text = DAYS[(day + 6) % 7] + " " + (+p.day) + " " + MONTHS[+p.month - 1] + " " + p.year + ", " + clock(p);
    if (end && end.getTime() !== start.getTime()) {
      text += "\u2013" + clock(parts(end, zone));
    }
    return text + " " + zoneName(start, zone);
  }

  function moment(value) {
    // only a start with an offset (or Z) is a moment; a local time without a zone is not
    if (!value || !/(?:[+-]\d\d:\d\d|Z)$/.test(value)) {
      return null;
    }
    var date = new Date(value);
    return isNaN(date.getTime()) ? null : date;
  }

  /* A talk known by its day only ("2022-10-25"): "Tuesday 25 October 2022", as
   * dates.format_weekday writes it; no zone, so the switch leaves it as it is. */
  function dayText(value) {
    var m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(value || "");
    if (!m) {
      return "";
    }
    var day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay();
    return DAYS[(day + 6) % 7] + " " + (+m[3]) + " " + MONTHS[+m[2] - 1] + " " + m[1];
  }

  /* A start without a time zone, as the card shows it: its local day and time, no zone. */
  function localText(value) {
    var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(value || "");
    if (!m) {
      return "";
    }
    var day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay();
    return DAYS[(day + 6) % 7] + " " + (+m[3]) + " " + MONTHS[+m[2] - 1] + " " + m[1] + ", " + m[4] + ":" + m[5];
  }

  var original = new WeakMap();

  function zoneTimes() {
    return Array.prototype.filter.call(document.querySelectorAll("time.tdk-time[datetime]"), function (time) {
      return moment(time.getAttribute("datetime")) !== null;
    });
  }

  function showTimes(inReaders) {
    var zone = readerZone();
    zoneTimes().forEach(function (time) {
      if (!original.has(time)) {
        original.set(time, { text: time.textContent, title: time.getAttribute("title") });
      }
      var kept = original.get(time);
      if (inReaders && zone) {
        var end = moment(time.getAttribute("data-tdk-end"));
        time.textContent = formatWindow(moment(time.getAttribute("datetime")), end, zone);
        time.setAttribute("title", kept.text);  // the event's own time, on hover
      } else {
        time.textContent = kept.text;
        if (kept.title === null) {
          time.removeAttribute("title");
        } else {
          time.setAttribute("title", kept.title);
        }
      }
    });
  }

  function readersTimes() {
    return read(ZONE_KEY) === "reader" && readerZone() !== "";
  }

  var zoneSwitch = null;

  function setUpZones() {
    var zone = readerZone();
    if (!zone || !zoneTimes().length) {
      return;
    }
    if (!zoneSwitch) {
      zoneSwitch = document.createElement("button");
      zoneSwitch.type = "button";
      zoneSwitch.className = "tdk-zone-switch";
      zoneSwitch.textContent = "Show times in my time zone (" + zone.replace(/_/g, " ") + ")";
      zoneSwitch.addEventListener("click", function () {
        var now = zoneSwitch.getAttribute("aria-pressed") !== "true";
        write(ZONE_KEY, now ? "reader" : null);
        zoneSwitch.setAttribute("aria-pressed", now ? "true" : "false");
        showTimes(now);
        announce(now ? "Times shown in your time zone, " + zone.replace(/_/g, " ") + "." : "Times shown in each event\u2019s time zone.");
      });
      var holder = document.createElement("p");
      holder.className = "tdk-zone";
      holder.appendChild(zoneSwitch);
      var main = document.querySelector("[role=main], main") || document.body;
      var heading = main.querySelector("h1");
      if (heading && heading.parentNode) {
        heading.parentNode.insertBefore(holder, heading.nextSibling);
      } else {
        main.insertBefore(holder, main.firstChild);
      }
    }
    zoneSwitch.setAttribute("aria-pressed", readersTimes() ? "true" : "false");
    showTimes(readersTimes());
  }

  // --- start ---------------------------------------------------------------------------------

  // what talkdeck-mytalks.js builds on
  window.talkdeck = {
    root: ROOT,
    id: ID,
    savedIds: savedIds,
    setSaved: setSaved,
    onChange: function (listener) { listeners.push(listener); },
    refreshButtons: refreshButtons,
    saveButton: saveButton,
    announce: announce,
    talksWord: talksWord,
    moment: moment,
    formatWindow: formatWindow,
    localText: localText,
    dayText: dayText,
    keepText: function (time, text) { original.set(time, { text: text, title: null }); },
    setUpZones: setUpZones
  };

  function start() {
    refreshButtons();
    setUpZones();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
