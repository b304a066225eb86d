/* talkdeck: click-to-load video, chapters and transcript time stamps. Until the reader
 * activates a facade link (click, or Enter on the focused link), the page makes no request to
 * the video host: a chapter or time stamp clicked before that only says where the player will
 * start. Once the player is loaded, a chapter moves it there (YouTube and PeerTube: a new
 * `start`; Vimeo: `#t=`); the site's own <video> player is moved with `currentTime`. The player
 * is built with DOM APIs only, and only from the privacy-enhanced player addresses. */
(function () {
  "use strict";
  var PLAYERS = ["https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/"];
  var PEERTUBE = /^https:\/\/[a-z0-9.-]+\/videos\/embed\/[A-Za-z0-9-]+\?/;

  function allowed(url, kind) {
    if (typeof url !== "string") {
      return false;
    }
    if (kind === "peertube") {
      return PEERTUBE.test(url);
    }
    return PLAYERS.some(function (prefix) {
      return url.indexOf(prefix) === 0;
    });
  }

  function at(src, kind, seconds) {
    var url = new URL(src);
    if (kind === "vimeo") {
      url.hash = "t=" + seconds + "s";
    } else {
      url.searchParams.set("start", String(seconds));
    }
    return url.toString();
  }

  function clock(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  function load(link) {
    var kind = link.getAttribute("data-tdk-player");
    var src = link.getAttribute("data-embed");
    if (!allowed(src, kind)) {
      return null;
    }
    var start = parseInt(link.getAttribute("data-tdk-start") || "0", 10);
    var frame = document.createElement("iframe");
    frame.className = "tdk-video-frame";
    frame.id = link.id;
    frame.setAttribute("data-tdk-player", kind);
    frame.setAttribute("data-embed", src);
    frame.src = start > 0 ? at(src, kind, start) : src;
    frame.title = link.getAttribute("data-title") || "Video";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    link.replaceWith(frame);
    frame.focus();
    return frame;
  }

  function seek(link) {
    var target = document.getElementById(link.getAttribute("data-tdk-target") || "");
    var seconds = parseInt(link.getAttribute("data-tdk-seek") || "", 10);
    if (!target || !(seconds >= 0)) {
      return false;
    }
    if (target.tagName === "VIDEO") {
      target.currentTime = seconds;
      var playing = target.play();
      if (playing && playing.catch) {
        playing.catch(function () {});
      }
      return true;
    }
    var kind = target.getAttribute("data-tdk-player");
    var src = target.getAttribute("data-embed");
    if (!allowed(src, kind)) {
      return false;
    }
    if (target.tagName === "IFRAME") {
      target.src = at(src, kind, seconds);
      return true;
    }
    // the facade: no request yet; remember where to start, and say so on the facade
    target.setAttribute("data-tdk-start", String(seconds));
    var label = target.querySelector(".tdk-video-label");
    if (label) {
      label.textContent = "Watch from " + clock(seconds);
    }
    target.focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    var origin = event.target;
    if (!origin || !origin.closest || event.defaultPrevented || event.button !== 0 ||
        event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;  // a modified click (new tab, new window) follows the link as usual
    }
    var stamp = origin.closest("a[data-tdk-seek]");
    if (stamp) {
      if (seek(stamp)) {
        event.preventDefault();
      }
      return;
    }
    var link = origin.closest("a.tdk-video-facade[data-embed]");
    if (link && load(link)) {
      event.preventDefault();
    }
  });
})();
