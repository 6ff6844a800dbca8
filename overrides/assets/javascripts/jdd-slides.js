/*
 * JDD slides in the browser: keys that step through one JDD's slides,
 * presentation mode, presenter notes and a presenter window, scaling each
 * 1280 x 720 slide to its frame, and fitting slide content into the frame.
 *
 * Material's instant navigation replaces the page content without reloading
 * the script. So keys are bound once, on the window, and read the current
 * page's deck when pressed. Per-page work runs on every emission of
 * Material's document$ observable.
 *
 * window.jddSlides is the interface for tools that print the slides:
 * whenRendered() resolves once fonts and diagrams are drawn, fitAll() fits
 * every slide of the page and returns what it measured.
 */
(function () {
  "use strict";

  // Loaded twice (a page that includes it again): the first copy already handles everything.
  if (window.jddSlides) {
    return;
  }

  var SLIDE_WIDTH = 1280;
  // Content that does not fit is shrunk, but never below this factor: 18px text stays at
  // 12.6px or more, which prints at 9.5 pt. Anything longer is cut off and reported.
  var MIN_FIT_ZOOM = 0.7;
  var FIT_STEPS = 8;

  var PRESENTING_KEY = "jdd-presenting";
  var NOTES_KEY = "jdd-notes-open";
  var PAIR_KEY = "jdd-presenter-pair";
  var FOLLOW_KEY = "jdd-follow";
  var PRESENTER_PREFIX = "jdd-presenter-";

  var root = document.documentElement;
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("jdd-slides") : null;
  var resizeObserver = "ResizeObserver" in window ? new ResizeObserver(onResize) : null;
  var lastFit = [];

  /* Helpers ---------------------------------------------------------------- */

  function currentDeck() {
    return document.querySelector("[data-jdd-deck]");
  }

  // jdd-labels.js, which the plugin writes from mkdocs.yml, sets them.
  function labels() {
    return window.jddLabels || {};
  }

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function session(key, value) {
    // Storage can be disabled (private modes, file:// in some browsers); the slides still work.
    try {
      if (value === undefined) {
        return window.sessionStorage.getItem(key);
      }
      if (value === null) {
        window.sessionStorage.removeItem(key);
      } else {
        window.sessionStorage.setItem(key, value);
      }
    } catch (error) {
      return null;
    }
    return null;
  }

  /* Scaling each frame ------------------------------------------------------ */

  function scaleViewport(viewport) {
    var width = viewport.clientWidth;
    if (width > 0) {
      viewport.style.setProperty("--jdd-slide-scale", String(width / SLIDE_WIDTH));
    }
  }

  function onResize(entries) {
    entries.forEach(function (entry) {
      scaleViewport(entry.target);
    });
  }

  function observeViewports() {
    if (resizeObserver) {
      resizeObserver.disconnect();
    }
    document.querySelectorAll("[data-jdd-viewport]").forEach(function (viewport) {
      scaleViewport(viewport);
      if (resizeObserver) {
        resizeObserver.observe(viewport);
      }
    });
  }

  /* Fitting content into the frame ------------------------------------------ */

  // How far the body's content exceeds the room it has, as a fraction of that room
  // (0.3 is 30% too much), vertically or sideways, whichever is more.
  function overflowOf(body) {
    var style = window.getComputedStyle(body);
    var paddingY = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    var paddingX = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    var roomY = body.clientHeight - paddingY;
    var roomX = body.clientWidth - paddingX;
    if (roomY <= 0 || roomX <= 0) {
      return 0;
    }
    var vertical = (body.scrollHeight - body.clientHeight - 1) / roomY;
    var horizontal = (body.scrollWidth - body.clientWidth - 1) / roomX;
    // Tables and code scroll sideways inside their own box, which print cuts off.
    body.querySelectorAll(".md-typeset__scrollwrap, pre > code").forEach(function (box) {
      if (box.clientWidth > 0 && box.scrollWidth > box.clientWidth + 1) {
        horizontal = Math.max(horizontal, (box.scrollWidth - box.clientWidth) / box.clientWidth);
      }
    });
    return Math.max(0, vertical, horizontal);
  }

  function fitSlide(slide) {
    var body = slide.querySelector("[data-jdd-slide-body]");
    var content = slide.querySelector("[data-jdd-slide-content]");
    if (!body || !content) {
      return null;
    }
    content.style.zoom = "";
    var overflow = overflowOf(body);
    var zoom = 1;
    if (overflow > 0) {
      content.style.zoom = String(MIN_FIT_ZOOM);
      if (overflowOf(body) > 0) {
        zoom = MIN_FIT_ZOOM;
      } else {
        // The largest zoom at which the content fits, by bisection: zoom also changes the
        // width the text wraps in, so the height does not scale with it linearly.
        var low = MIN_FIT_ZOOM;
        var high = 1;
        for (var step = 0; step < FIT_STEPS; step++) {
          var middle = (low + high) / 2;
          content.style.zoom = String(middle);
          if (overflowOf(body) > 0) {
            high = middle;
          } else {
            low = middle;
          }
        }
        zoom = low;
      }
      content.style.zoom = String(zoom);
    }
    var clipped = overflowOf(body) > 0;
    var percent = Math.ceil(overflow * 100);
    if (overflow > 0) {
      slide.setAttribute("data-jdd-overflow", String(percent));
    } else {
      slide.removeAttribute("data-jdd-overflow");
    }
    return {
      index: Number(slide.getAttribute("data-jdd-slide")),
      source: slide.getAttribute("data-jdd-source") || "",
      generated: slide.getAttribute("data-jdd-generated") || "",
      overflow: overflow > 0 ? percent : 0,
      zoom: Math.round(zoom * 1000) / 1000,
      clipped: clipped
    };
  }

  function showFitWarning(results) {
    var warning = document.querySelector("[data-jdd-fit-warning]");
    if (!warning) {
      return;
    }
    var text = labels();
    var template = results.length > 1 ? text.overflow_slide : text.overflow;
    var lines = results.filter(function (result) {
      return result && result.overflow > 0;
    }).map(function (result) {
      return format(template, { index: result.index, percent: result.overflow });
    });
    warning.textContent = lines.join(" ");
    warning.hidden = lines.length === 0;
  }

  function fitAll() {
    var results = [];
    document.querySelectorAll("[data-jdd-slide]").forEach(function (slide) {
      var result = fitSlide(slide);
      if (result) {
        results.push(result);
      }
    });
    lastFit = results;
    showFitWarning(results);
    return results;
  }

  // Resolves once web fonts are loaded and, where the diagram script provides the promise,
  // every diagram of the page is drawn: layout measured before that is not final. The value
  // is what window.jddDiagramsReady resolved with ({ total, failed, ... }), or null.
  function whenRendered() {
    var fonts = document.fonts ? document.fonts.ready : Promise.resolve();
    var diagrams = window.jddDiagramsReady && typeof window.jddDiagramsReady.then === "function"
      ? window.jddDiagramsReady : Promise.resolve(null);
    return Promise.all([fonts, diagrams]).then(function (results) {
      return results[1] || null;
    });
  }

  /* Moving between slides ----------------------------------------------------- */

  // Following the toolbar's link lets Material's instant navigation load the slide, or the
  // browser when instant navigation is off.
  function go(deck, where) {
    var link = deck.querySelector('a[data-jdd-go="' + where + '"]');
    if (link) {
      link.click();
    }
  }

  function navigateTo(path) {
    session(FOLLOW_KEY, path);
    var link = document.createElement("a");
    link.href = path;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  /* Presentation mode -------------------------------------------------------- */

  function presenting() {
    return root.classList.contains("jdd-presenting");
  }

  function enterPresentation() {
    root.classList.add("jdd-presenting");
    session(PRESENTING_KEY, "1");
    if (document.fullscreenEnabled && !document.fullscreenElement && root.requestFullscreen) {
      root.requestFullscreen().catch(function () {
        // Full screen is not allowed here; the slide still fills the window.
      });
    }
    observeViewports();
  }

  function leavePresentation() {
    root.classList.remove("jdd-presenting");
    session(PRESENTING_KEY, null);
    if (document.fullscreenElement && document.exitFullscreen) {
      document.exitFullscreen().catch(function () {});
    }
    observeViewports();
  }

  document.addEventListener("fullscreenchange", function () {
    // The browser leaves full screen on Escape without passing the key to the page.
    if (!document.fullscreenElement && presenting()) {
      leavePresentation();
    }
  });

  /* Presenter notes and the presenter window ----------------------------------- */

  function presenterPair() {
    return window.name.indexOf(PRESENTER_PREFIX) === 0 ? window.name.slice(PRESENTER_PREFIX.length) : null;
  }

  function notesOpen() {
    return root.classList.contains("jdd-notes-open");
  }

  function applyNotes() {
    var show = notesOpen() || presenterPair() !== null;
    var notes = document.querySelector("[data-jdd-notes]");
    if (notes) {
      notes.hidden = !show;
    }
    document.querySelectorAll('[data-jdd-action="notes"]').forEach(function (button) {
      button.setAttribute("aria-pressed", show ? "true" : "false");
    });
  }

  function setNotesOpen(open) {
    root.classList.toggle("jdd-notes-open", open);
    session(NOTES_KEY, open ? "1" : null);
    applyNotes();
    observeViewports();
  }

  function openPresenterWindow() {
    var pair = session(PAIR_KEY);
    if (!pair) {
      pair = Math.random().toString(36).slice(2, 10);
      session(PAIR_KEY, pair);
    }
    var popup = window.open(location.href, PRESENTER_PREFIX + pair, "popup,width=1200,height=760");
    if (popup) {
      popup.focus();
    }
  }

  // The presenter window and the window that opened it share a pair id, and each follows the
  // other's slide changes. Other windows and tabs ignore the messages.
  function pairId() {
    return presenterPair() || session(PAIR_KEY);
  }

  function announce() {
    var pair = pairId();
    var following = session(FOLLOW_KEY);
    session(FOLLOW_KEY, null);
    if (!channel || !pair || !currentDeck() || following === location.pathname) {
      return;
    }
    channel.postMessage({ type: "slide", pair: pair, path: location.pathname });
  }

  if (channel) {
    channel.onmessage = function (event) {
      var data = event.data || {};
      if (data.type !== "slide" || data.pair !== pairId() || typeof data.path !== "string") {
        return;
      }
      // Only a path on this site: one slash, never a scheme or another host.
      if (data.path.charAt(0) !== "/" || data.path.charAt(1) === "/" || data.path === location.pathname) {
        return;
      }
      if (currentDeck()) {
        navigateTo(data.path);
      }
    };
  }

  /* Keys and buttons ---------------------------------------------------------- */

  function searchOpen() {
    var toggle = document.getElementById("__search");
    return Boolean(toggle && toggle.checked);
  }

  // Keys typed into a form field go to the field. Arrows and space on a radio button or a
  // checkbox go to it too, because Material's content tabs are radio buttons.
  function typingIn(element, key) {
    if (!element || element === document.body || element === root) {
      return false;
    }
    if (element.isContentEditable) {
      return true;
    }
    var tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") {
      return true;
    }
    if (tag === "INPUT") {
      var type = String(element.type || "").toLowerCase();
      if (type === "radio" || type === "checkbox") {
        return /^Arrow/.test(key) || key === " ";
      }
      return true;
    }
    return false;
  }

  // Space activates a focused button, link or summary instead of turning the slide.
  function activatable(element) {
    if (!element || !element.tagName) {
      return false;
    }
    var tag = element.tagName;
    return tag === "BUTTON" || tag === "SUMMARY" || tag === "LABEL" ||
      (tag === "A" && element.hasAttribute("href")) || element.getAttribute("role") === "button";
  }

  function actionForKey(event) {
    switch (event.key) {
      case "ArrowRight":
      case "PageDown":
        return "next";
      case "ArrowLeft":
      case "PageUp":
        return "previous";
      case " ":
        return activatable(document.activeElement) ? null : (event.shiftKey ? "previous" : "next");
      case "Home":
        return "first";
      case "End":
        return "last";
      case "p":
      case "P":
        return "present";
      case "n":
      case "N":
        return "notes";
      case "Escape":
        return presenting() || notesOpen() ? "escape" : null;
      default:
        return null;
    }
  }

  function run(action, deck) {
    switch (action) {
      case "next":
      case "previous":
      case "first":
      case "last":
        go(deck, action);
        break;
      case "present":
        if (presenting()) {
          leavePresentation();
        } else {
          enterPresentation();
        }
        break;
      case "notes":
        setNotesOpen(!notesOpen());
        break;
      case "presenter":
        openPresenterWindow();
        break;
      case "escape":
        if (presenting()) {
          leavePresentation();
        } else {
          setNotesOpen(false);
        }
        break;
    }
  }

  // Bound once, in the capture phase, so that on a slide P and N are not also Material's
  // shortcuts for the previous and next page of the whole site.
  window.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) {
      return;
    }
    var deck = currentDeck();
    if (!deck || searchOpen() || typingIn(event.target, event.key)) {
      return;
    }
    var action = actionForKey(event);
    if (!action) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    run(action, deck);
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-jdd-action]") : null;
    if (!button) {
      return;
    }
    var action = button.getAttribute("data-jdd-action");
    if (action === "print") {
      window.print();
      return;
    }
    var deck = currentDeck();
    if (deck) {
      event.preventDefault();
      run(action, deck);
      button.blur();
    }
  });

  // Opening a details block or switching a content tab changes how much a slide holds.
  document.addEventListener("toggle", function (event) {
    if (event.target instanceof Element && event.target.closest("[data-jdd-slide]")) {
      fitAll();
    }
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.closest("[data-jdd-slide]")) {
      fitAll();
    }
  });

  window.addEventListener("load", fitAll);
  window.addEventListener("beforeprint", fitAll);
  if (window.matchMedia) {
    window.matchMedia("print").addEventListener("change", function () {
      fitAll();
    });
  }

  /* Every page ----------------------------------------------------------------- */

  /* The toolbar's buttons that need this script ------------------------------ */

  function toolbarButton(action, icon, text, title) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "jdd-slide-toolbar__action";
    button.setAttribute("data-jdd-action", action);
    button.title = title || "";
    var mark = document.createElement("span");
    mark.className = "jdd-icon jdd-icon--" + icon;
    mark.setAttribute("aria-hidden", "true");
    var label = document.createElement("span");
    label.textContent = text || "";
    button.appendChild(mark);
    button.appendChild(label);
    return button;
  }

  // Presenting and the presenter notes work only with this script, so the page's HTML does
  // not offer them; they go after the toolbar's spacer. The notes buttons come only with
  // notes, which a customer build leaves out.
  function addToolbarButtons(deck) {
    var spacer = deck.querySelector(".jdd-slide-toolbar__spacer");
    if (!spacer || deck.querySelector('[data-jdd-action="present"]')) {
      return;
    }
    var text = labels();
    var buttons = [toolbarButton("present", "presentation-play", text.present, text.present_title)];
    if (deck.querySelector("[data-jdd-notes]")) {
      var notes = toolbarButton("notes", "note-text-outline", text.notes, text.notes_title);
      notes.setAttribute("aria-pressed", "false");
      buttons.push(notes, toolbarButton("presenter", "monitor-multiple", text.presenter_view,
                                        text.presenter_view_title));
    }
    var after = spacer;
    buttons.forEach(function (button) {
      after.insertAdjacentElement("afterend", button);
      after = button;
    });
  }

  function setup() {
    var deck = currentDeck();
    if (deck) {
      addToolbarButtons(deck);
    }
    root.classList.toggle("jdd-presenter", presenterPair() !== null && deck !== null);
    if (!deck && presenting()) {
      // A link out of the deck leaves presentation mode.
      leavePresentation();
    }
    if (deck && session(PRESENTING_KEY) && !presenting()) {
      // After a full page load (instant navigation off) presentation mode continues, without
      // full screen, which the browser allows only on a key press or a click.
      root.classList.add("jdd-presenting");
    }
    root.classList.toggle("jdd-notes-open", session(NOTES_KEY) === "1");
    applyNotes();
    observeViewports();
    fitAll();
    whenRendered().then(fitAll, fitAll);
    announce();
  }

  window.jddSlides = {
    fitAll: fitAll,
    whenRendered: whenRendered,
    lastFit: function () {
      return lastFit.slice();
    }
  };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
