/*
 * Mermaid diagrams of a JDD site, and the promise `window.jddDiagramsReady`.
 *
 * When the build had a browser, every diagram is already inline SVG and this
 * script only resolves the promise. Otherwise each diagram arrives as its
 * source (`.jdd-diagram--client`). The script then loads the site's own copy
 * of mermaid (mermaid.min.js, in the folder of this script) and draws the
 * diagram in each theme variant the build names (one today). It runs for every page Material
 * shows, including pages reached by instant navigation (`document$`).
 *
 * `window.jddDiagramsReady` always refers to the current page. It resolves,
 * never rejects, once every diagram of the page is drawn or has been replaced
 * by a notice, with { total, drawnAtBuild, drawnHere, failed }.
 */
(function () {
  "use strict";

  var LABELS = {
    pending: "Drawing the diagram…",
    libraryFailed: "This diagram could not be drawn because the site's diagram library did not load. " +
      "Reload the page; if this persists, tell the site's maintainers. The diagram's source is below.",
    drawFailed: "This diagram could not be drawn: ",
    source: "Diagram source"
  };

  var scriptUrl = document.currentScript ? document.currentScript.src : window.location.href;
  var libraryUrl = new URL("mermaid.min.js", scriptUrl).href;
  var library = null;
  var drawings = new WeakMap();
  var counter = 0;

  function loadLibrary() {
    if (library === null) {
      library = new Promise(function (resolve, reject) {
        if (window.mermaid && typeof window.mermaid.render === "function") {
          resolve(window.mermaid);
          return;
        }
        var tag = document.createElement("script");
        tag.src = libraryUrl;
        tag.onload = function () {
          if (window.mermaid && typeof window.mermaid.render === "function") {
            resolve(window.mermaid);
          } else {
            reject(new Error(libraryUrl + " did not define mermaid"));
          }
        };
        tag.onerror = function () {
          reject(new Error(libraryUrl + " could not be loaded"));
        };
        document.head.appendChild(tag);
      });
    }
    return library;
  }

  function showNotice(element, text) {
    var notice = document.createElement("p");
    notice.className = "jdd-diagram__notice";
    notice.setAttribute("role", "alert");
    notice.textContent = text;

    var details = document.createElement("details");
    details.className = "jdd-diagram__details";
    var summary = document.createElement("summary");
    summary.textContent = LABELS.source;
    var pre = document.createElement("pre");
    var code = document.createElement("code");
    code.textContent = element.getAttribute("data-jdd-source") || "";
    pre.appendChild(code);
    details.appendChild(summary);
    details.appendChild(pre);

    element.replaceChildren(notice, details);
    element.classList.remove("jdd-diagram--pending");
    element.classList.add("jdd-diagram--failed");
  }

  function renderVariants(mermaid, source, settings) {
    var variants = Object.keys(settings.variants);
    var svgs = [];
    // One render at a time: mermaid.initialize sets the theme for the next render.
    return variants.reduce(function (previous, variant) {
      return previous.then(function () {
        counter += 1;
        mermaid.initialize(Object.assign({}, settings.mermaid, { theme: settings.variants[variant] }));
        return mermaid.render("jdd-client-" + counter, source).then(function (result) {
          svgs.push({ variant: variant, svg: result.svg });
        });
      });
    }, Promise.resolve()).then(function () {
      return svgs;
    });
  }

  function draw(element) {
    if (drawings.has(element)) {
      return drawings.get(element);
    }
    element.classList.add("jdd-diagram--pending");
    element.setAttribute("data-jdd-pending-label", LABELS.pending);
    var source = element.getAttribute("data-jdd-source") || "";
    var settings = JSON.parse(element.getAttribute("data-jdd-settings") || "{}");

    var drawing = loadLibrary().then(function (mermaid) {
      return renderVariants(mermaid, source, settings).then(function (svgs) {
        var holder = document.createElement("div");
        holder.innerHTML = svgs.map(function (item) { return item.svg; }).join("");
        var elements = holder.querySelectorAll(":scope > svg");
        svgs.forEach(function (item, index) {
          elements[index].classList.add("jdd-diagram__svg", "jdd-diagram__svg--" + item.variant);
        });
        element.replaceChildren.apply(element, Array.prototype.slice.call(elements));
        element.classList.remove("jdd-diagram--pending");
        element.classList.add("jdd-diagram--drawn");
        return true;
      }, function (error) {
        showNotice(element, LABELS.drawFailed + ((error && error.message) || String(error)));
        return false;
      });
    }, function () {
      showNotice(element, LABELS.libraryFailed);
      return false;
    });
    drawings.set(element, drawing);
    return drawing;
  }

  function drawPage() {
    var all = document.querySelectorAll(".jdd-diagram");
    var waiting = Array.prototype.slice.call(document.querySelectorAll(".jdd-diagram--client"));
    return Promise.all(waiting.map(draw)).then(function (results) {
      var failed = results.filter(function (ok) { return !ok; }).length;
      return {
        total: all.length,
        drawnAtBuild: all.length - waiting.length,
        drawnHere: results.length - failed,
        failed: failed
      };
    });
  }

  function refresh() {
    window.jddDiagramsReady = drawPage();
  }

  refresh();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(refresh);
  }
})();
