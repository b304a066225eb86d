/* talkdeck: click-to-load video. Until the reader activates a facade link (click, or Enter
 * on the focused link), the page makes no request to the video host. The player replaces the
 * link; it is built with DOM APIs only, and only from the two privacy-enhanced player origins. */
(function () {
  "use strict";
  var PLAYERS = ["https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/"];

  function allowed(url) {
    return typeof url === "string" && PLAYERS.some(function (prefix) {
      return url.indexOf(prefix) === 0;
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var link = target && target.closest ? target.closest("a.tdk-video-facade[data-embed]") : null;
    // a modified click (new tab, new window) follows the link as usual
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    var src = link.getAttribute("data-embed");
    if (!allowed(src)) {
      return;
    }
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.className = "tdk-video-frame";
    frame.src = src;
    frame.title = link.getAttribute("data-title") || "Video";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    link.replaceWith(frame);
    frame.focus();
  });
})();
