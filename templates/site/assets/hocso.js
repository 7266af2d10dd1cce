/* Học Số: presenter mode, text size, "I did it" ticks, second language and platform choice.
 *
 * Progressive enhancement: without this script a lesson is a plain numbered list that works
 * on its own. Everything is remembered on this device only (localStorage): no accounts, no
 * server, no analytics. Works with Material's instant navigation through its document$.
 */
(function () {
  "use strict";

  var SIZES = [1, 1.15, 1.3, 1.5];
  // A step picture is made smaller to fit the screen only down to this width; below it, the
  // words inside the picture get too small to read, and the step scrolls instead.
  var MIN_PICTURE_WIDTH = 240;
  var active = null; // the controller of the lesson on screen, if any

  var store = {
    get: function (key) {
      try { return window.localStorage.getItem("hocso:" + key); } catch (e) { return null; }
    },
    set: function (key, value) {
      try {
        if (value === null) { window.localStorage.removeItem("hocso:" + key); }
        else { window.localStorage.setItem("hocso:" + key, value); }
      } catch (e) { /* private mode or full storage: the page still works */ }
    }
  };

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function sizeIndex() {
    var index = parseInt(store.get("text-size") || "0", 10);
    return isNaN(index) ? 0 : Math.max(0, Math.min(SIZES.length - 1, index));
  }

  function applyTextSize() {
    document.documentElement.style.setProperty("--hs-scale", String(SIZES[sizeIndex()]));
  }

  function setupCatalogue() {
    all(document, ".hs-card[data-lesson]").forEach(function (card) {
      var mark = card.querySelector(".hs-card__done");
      if (mark) { mark.hidden = store.get("done:" + card.getAttribute("data-lesson")) !== "1"; }
    });
  }

  function Lesson(root) {
    var self = this;
    var id = root.getAttribute("data-lesson");
    var strings = {counter: root.getAttribute("data-counter"),
                   text_size_status: root.getAttribute("data-size-status"),
                   next: root.getAttribute("data-next"),
                   finish: root.getAttribute("data-finish"),
                   next_lesson: root.getAttribute("data-next-lesson-label"),
                   done: root.getAttribute("data-done")};
    var steps = all(root, ".hs-step");
    var done = root.querySelector(".hs-done");
    var slides = steps.concat([done]);
    var top = root.querySelector("[data-role=top]");
    var counter = root.querySelector("[data-role=counter]");
    var bar = root.querySelector("[data-role=bar]");
    var stage = root.querySelector("[data-role=stage]");
    var more = root.querySelector("[data-action=more]");
    var hint = root.querySelector("[data-role=swipe-hint]");
    var nextButton = root.querySelector("[data-action=next]");
    // The done screen's way on, if the catalogue has a lesson after this one.
    var nextLesson = root.querySelector("[data-next-lesson]");
    var toolbar = root.querySelector(".hs-toolbar");
    var current = 0;
    var presenting = false;

    toolbar.hidden = false;
    all(root, ".hs-step .hs-tick").forEach(function (button) { button.hidden = false; });
    var safety = document.querySelector(".hs-safety ul");
    if (safety) { root.querySelector("[data-role=done-safety]").appendChild(safety.cloneNode(true)); }

    /* ---- Ticks ---------------------------------------------------------------------------- */
    function ticked() {
      var raw = store.get("ticks:" + id);
      return raw ? raw.split(",") : [];
    }
    function showTicks() {
      var marks = ticked();
      all(root, "[data-tick]").forEach(function (button) {
        var key = button.getAttribute("data-tick");
        var on = key === "lesson" ? store.get("done:" + id) === "1" : marks.indexOf(key) >= 0;
        button.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
    function toggleTick(key) {
      if (key === "lesson") {
        store.set("done:" + id, store.get("done:" + id) === "1" ? null : "1");
      } else {
        var marks = ticked();
        var at = marks.indexOf(key);
        if (at >= 0) { marks.splice(at, 1); } else { marks.push(key); }
        store.set("ticks:" + id, marks.length ? marks.join(",") : null);
      }
      showTicks();
    }

    /* ---- Text size, second language, platform ------------------------------------------- */
    function showSize() {
      var index = sizeIndex();
      applyTextSize();
      root.querySelector("[data-role=size-status]").textContent =
        format(strings.text_size_status, {number: index + 1, total: SIZES.length});
      root.querySelector("[data-action=smaller]").disabled = index === 0;
      root.querySelector("[data-action=larger]").disabled = index === SIZES.length - 1;
    }
    function resize(delta) {
      store.set("text-size", String(Math.max(0, Math.min(SIZES.length - 1, sizeIndex() + delta))));
      showSize();
      fit();
    }
    function showLanguages() {
      var on = store.get("both-languages") === "1";
      all(root, ".hs-other").forEach(function (block) { block.hidden = !on; });
      var button = root.querySelector("[data-action=both-languages]");
      if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
    }
    function showPlatform() {
      var platform = store.get("platform") || "";
      all(root, ".hs-variant").forEach(function (block) {
        block.hidden = platform !== "" && block.getAttribute("data-platform") !== platform;
      });
      all(root, "[data-platform-choice]").forEach(function (button) {
        var on = button.getAttribute("data-platform-choice") === platform;
        button.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }

    /* ---- Presenter mode ------------------------------------------------------------------- */
    /* Whether more of the step is below the bottom of the stage. */
    function updateMore() {
      more.hidden = !presenting ||
        stage.scrollHeight - stage.scrollTop - stage.clientHeight <= 4;
    }

    /* Make the step's pictures as large as lets the whole step fit in the stage. If that would
       make them narrower than MIN_PICTURE_WIDTH, fit at least the step up to its last picture
       (the tick and the notes can scroll into view); never go below that width: then the stage
       scrolls, and updateMore says so. */
    function fit() {
      if (!presenting) { return; }
      more.hidden = true;
      var pictures = all(slides[current], ".hs-step__picture img").filter(function (img) {
        return img.offsetParent !== null;
      });
      pictures.forEach(function (img) { img.style.width = ""; });
      if (pictures.length) {
        var column = pictures[0].parentNode.clientWidth;
        var floor = Math.min(MIN_PICTURE_WIDTH, column);
        var heights = 0;   // the pictures' heights now
        var perWidth = 0;  // their total height for each pixel of width
        pictures.forEach(function (img) {
          heights += img.getBoundingClientRect().height;
          perWidth += (img.getAttribute("height") / img.getAttribute("width")) || 1;
        });
        var room = stage.clientHeight - 2;
        var lastFigure = pictures[pictures.length - 1].parentNode;
        var upToPictures = lastFigure.getBoundingClientRect().bottom -
          stage.getBoundingClientRect().top + stage.scrollTop;
        var whole = Math.floor((room - (stage.scrollHeight - heights)) / perWidth);
        var width = whole >= floor ? whole
          : Math.max(floor, Math.floor((room - (upToPictures - heights)) / perWidth));
        pictures.forEach(function (img) { img.style.width = Math.min(column, width) + "px"; });
      }
      updateMore();
    }
    self.fit = fit;

    // A step's own address: its id, which survives inserting, removing and reordering steps.
    function hashOf(index) { return index < steps.length ? "#" + steps[index].id : "#done"; }

    function show(index, push) {
      var from = current;
      current = Math.max(0, Math.min(slides.length - 1, index));
      if (current !== from) { hint.hidden = true; }  // the volunteer has found their way
      slides.forEach(function (slide, at) { slide.classList.toggle("is-current", at === current); });
      done.hidden = current !== steps.length;
      counter.textContent = current < steps.length
        ? format(strings.counter, {number: current + 1, total: steps.length}) : strings.done;
      root.querySelector("[data-action=back]").disabled = current === 0;
      // On the done screen Next leads on to the next lesson, still presenting.
      nextButton.hidden = current === steps.length && !nextLesson;
      nextButton.textContent = current === steps.length ? strings.next_lesson
        : current === steps.length - 1 ? strings.finish : strings.next;
      if (push && window.location.hash !== hashOf(current)) {
        window.history.pushState({hocso: current}, "", hashOf(current));
      }
      window.scrollTo(0, 0);
      stage.scrollTop = 0;
      fit();
      // A volunteer pressing Next with Enter keeps their place on the button; otherwise the
      // step's heading takes focus, so a screen reader starts reading there.
      var pressed = document.activeElement;
      if (!(pressed && bar.contains(pressed) && !pressed.hidden && !pressed.disabled)) {
        slides[current].querySelector("[tabindex='-1']").focus({preventScroll: true});
      }
    }

    function nextLessonPresenting() {
      store.set("presenting", nextLesson.getAttribute("data-next-lesson"));
      window.location.href = nextLesson.getAttribute("href") + "#" +
        nextLesson.getAttribute("data-next-first");
    }

    /* "More below" brings the first part of the step that is cut off to the top of the stage,
       so a picture is seen whole rather than halved. */
    function scrollOn() {
      var bottom = stage.getBoundingClientRect().bottom;
      var top = stage.getBoundingClientRect().top;
      var parts = all(slides[current], ":scope > *").filter(function (el) {
        return el.offsetParent !== null;
      });
      var cut = parts.filter(function (el) {
        var box = el.getBoundingClientRect();
        return box.bottom > bottom + 1 && box.top > top + 8;
      })[0];
      var by = cut ? cut.getBoundingClientRect().top - top - 8 : 0;
      if (by < 40) { by = Math.round(stage.clientHeight * 0.6); }
      stage.scrollBy({top: by, behavior: "smooth"});
    }

    /* Swiping is explained once on each device, the first time presenter mode opens there. */
    function offerSwipeHint() {
      var touch = "ontouchstart" in window || navigator.maxTouchPoints > 0;
      if (!touch || store.get("swipe-hint") === "1") { return; }
      store.set("swipe-hint", "1");
      hint.hidden = false;
    }

    function enter(index, push) {
      var opening = !presenting;
      presenting = true;
      store.set("presenting", id);
      document.body.classList.add("hs-presenting");
      document.documentElement.classList.add("hs-presenting-root");
      top.hidden = false;
      bar.hidden = false;
      if (opening) { offerSwipeHint(); }
      show(index, push);
    }

    function exit() {
      presenting = false;
      store.set("presenting", null);
      document.body.classList.remove("hs-presenting");
      document.documentElement.classList.remove("hs-presenting-root");
      top.hidden = true;
      bar.hidden = true;
      done.hidden = true;
      more.hidden = true;
      hint.hidden = true;
      all(root, ".hs-step__picture img").forEach(function (img) { img.style.width = ""; });
      slides.forEach(function (slide) { slide.classList.remove("is-current"); });
      var step = steps[Math.min(current, steps.length - 1)];
      step.scrollIntoView();
      root.querySelector("[data-action=present]").focus({preventScroll: true});
    }

    function highlight(index) {
      current = index;  // "Present" then starts where the link pointed
      steps.forEach(function (step, at) { step.classList.toggle("hs-step--target", at === index); });
      steps[index].scrollIntoView();
      steps[index].querySelector(".hs-step__title").focus({preventScroll: true});
    }

    /* Show what the address names: a step, or the done screen. */
    function follow(push) {
      var hash = window.location.hash;
      var index = hash === "#done" ? steps.length : -1;
      var named = null;
      try { named = hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null; }
      catch (e) { named = null; }  // a malformed address
      // An old address of a step now in another lesson: go there, keeping history clean.
      var moved = named && named.classList.contains("hs-moved")
        ? named.querySelector("[data-moved-to]") : null;
      if (moved) {
        if (presenting || store.get("presenting") === id) {
          store.set("presenting", moved.getAttribute("data-moved-to"));
        }
        window.location.replace(moved.href);
        return;
      }
      var step = named ? named.closest(".hs-step") : null;
      if (step) {
        index = steps.indexOf(step);
        // An old address (a printed number, an old id) is shown as the step's own.
        if (named !== step) { window.history.replaceState(window.history.state, "", "#" + step.id); }
      }
      if (index < 0 || index > steps.length) {
        if (presenting) { exit(); }
        return;
      }
      if (presenting || store.get("presenting") === id) { enter(index, push); }
      else if (index < steps.length) { highlight(index); }
    }

    root.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target) { return; }
      var action = target.getAttribute("data-action");
      if (action === "present") { enter(current, true); }
      else if (action === "next") {
        if (current === steps.length) { nextLessonPresenting(); } else { show(current + 1, true); }
      }
      else if (action === "back") { show(current - 1, true); }
      else if (action === "exit") { exit(); }
      else if (action === "more") { scrollOn(); }
      else if (action === "smaller") { resize(-1); }
      else if (action === "larger") { resize(1); }
      else if (action === "both-languages") {
        store.set("both-languages", store.get("both-languages") === "1" ? null : "1");
        showLanguages();
        fit();
      } else if (target.hasAttribute("data-tick")) { toggleTick(target.getAttribute("data-tick")); }
      else if (target.hasAttribute("data-platform-choice")) {
        store.set("platform", target.getAttribute("data-platform-choice") || null);
        showPlatform();
        fit();
      }
    });

    stage.addEventListener("scroll", updateMore, {passive: true});
    // Opening the volunteer notes makes the step longer: say so if it now runs below.
    root.addEventListener("toggle", updateMore, true);
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(fit); }

    var start = null;
    root.addEventListener("pointerdown", function (event) {
      start = presenting ? {x: event.clientX, y: event.clientY} : null;
    });
    root.addEventListener("pointercancel", function () { start = null; });
    root.addEventListener("pointerup", function (event) {
      if (!start) { return; }
      var dx = event.clientX - start.x;
      var dy = event.clientY - start.y;
      start = null;
      if (Math.abs(dx) > 60 && Math.abs(dx) > 1.5 * Math.abs(dy)) {
        show(current + (dx < 0 ? 1 : -1), true);
      }
    });

    self.key = function (event) {
      if (!presenting || event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (event.key === "ArrowRight" || event.key === "PageDown") { show(current + 1, true); }
      else if (event.key === "ArrowLeft" || event.key === "PageUp") { show(current - 1, true); }
      else if (event.key === "Escape") { exit(); }
      else { return; }
      event.preventDefault();
    };
    self.follow = follow;

    showTicks();
    showSize();
    showLanguages();
    showPlatform();
    follow(false);
  }

  /* The side menu is a CSS checkbox (#__drawer) opened and closed by labels, which a keyboard
     cannot reach. With this script each visible label holds a real button (Tab finds it,
     Enter and Space press it, it says whether the menu is open); clicks on it toggle the menu
     here, since a label ignores clicks on a button inside it. */
  function setupDrawer() {
    var toggle = document.getElementById("__drawer");
    if (!toggle) { return; }
    var buttons = all(document, ".hs-header__menu, .hs-drawer__close").map(function (label) {
      var button = label.querySelector(".hs-drawer-button");
      if (button) { return button; }
      button = document.createElement("button");
      button.type = "button";
      button.className = "hs-drawer-button";
      while (label.firstChild) { button.appendChild(label.firstChild); }
      label.appendChild(button);
      return button;
    });
    function sync() {
      buttons.forEach(function (button) {
        button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
      });
    }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        toggle.checked = !toggle.checked;
        toggle.dispatchEvent(new Event("change"));
        // Focus follows the menu: into it when it opens, back to "Mục lục" when it closes.
        var other = buttons.filter(function (b) { return b !== button && b.offsetParent; })[0];
        if (other) { other.focus({preventScroll: true}); }
      });
    });
    toggle.addEventListener("change", sync);
    sync();
  }

  function init() {
    applyTextSize();
    setupCatalogue();
    setupDrawer();
    var root = document.querySelector(".hs-lesson[data-lesson]");
    active = root ? new Lesson(root) : null;
  }

  document.addEventListener("keydown", function (event) { if (active) { active.key(event); } });
  window.addEventListener("popstate", function () { if (active) { active.follow(false); } });
  window.addEventListener("hashchange", function () { if (active) { active.follow(false); } });
  window.addEventListener("resize", function () { if (active) { active.fit(); } });

  if (typeof window.document$ !== "undefined") { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
