/* Học Số: presenter mode, text size, "I did it" ticks, second language and platform choice.
 *
 * Progressive enhancement: without this script a lesson is a plain numbered list that works
 * on its own. Everything is remembered on this device only (localStorage): no accounts, no
 * server, no analytics. Works with Material's instant navigation through its document$.
 */
(function () {
  "use strict";

  var SIZES = [1, 1.15, 1.3, 1.5];
  var STEP_HASH = /^#step-(\d+)$/;
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
                   text_size_status: root.getAttribute("data-size-status")};
    var steps = all(root, ".hs-step");
    var done = root.querySelector(".hs-done");
    var slides = steps.concat([done]);
    var top = root.querySelector("[data-role=top]");
    var counter = root.querySelector("[data-role=counter]");
    var bar = root.querySelector("[data-role=bar]");
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
    function hashOf(index) { return index < steps.length ? "#step-" + (index + 1) : "#done"; }

    function show(index, push) {
      current = Math.max(0, Math.min(slides.length - 1, index));
      slides.forEach(function (slide, at) { slide.classList.toggle("is-current", at === current); });
      done.hidden = current !== steps.length;
      // The done screen's own heading says where the reader is.
      counter.textContent = current < steps.length
        ? format(strings.counter, {number: current + 1, total: steps.length}) : "";
      root.querySelector("[data-action=back]").disabled = current === 0;
      root.querySelector("[data-action=next]").hidden = current === slides.length - 1;
      if (push && window.location.hash !== hashOf(current)) {
        window.history.pushState({hocso: current}, "", hashOf(current));
      }
      window.scrollTo(0, 0);
      slides[current].querySelector("[tabindex='-1']").focus({preventScroll: true});
    }

    function enter(index, push) {
      presenting = true;
      store.set("presenting", id);
      document.body.classList.add("hs-presenting");
      top.hidden = false;
      bar.hidden = false;
      show(index, push);
    }

    function exit() {
      presenting = false;
      store.set("presenting", null);
      document.body.classList.remove("hs-presenting");
      top.hidden = true;
      bar.hidden = true;
      done.hidden = true;
      slides.forEach(function (slide) { slide.classList.remove("is-current"); });
      var step = steps[Math.min(current, steps.length - 1)];
      step.scrollIntoView();
      root.querySelector("[data-action=present]").focus({preventScroll: true});
    }

    function highlight(index) {
      steps.forEach(function (step, at) { step.classList.toggle("hs-step--target", at === index); });
      steps[index].scrollIntoView();
      steps[index].querySelector(".hs-step__title").focus({preventScroll: true});
    }

    /* Show what the address names: a step, or the done screen. */
    function follow(push) {
      var hash = window.location.hash;
      var match = STEP_HASH.exec(hash);
      var index = match ? parseInt(match[1], 10) - 1 : hash === "#done" ? steps.length : -1;
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
      else if (action === "next") { show(current + 1, true); }
      else if (action === "back") { show(current - 1, true); }
      else if (action === "exit") { exit(); }
      else if (action === "smaller") { resize(-1); }
      else if (action === "larger") { resize(1); }
      else if (action === "both-languages") {
        store.set("both-languages", store.get("both-languages") === "1" ? null : "1");
        showLanguages();
      } else if (target.hasAttribute("data-tick")) { toggleTick(target.getAttribute("data-tick")); }
      else if (target.hasAttribute("data-platform-choice")) {
        store.set("platform", target.getAttribute("data-platform-choice") || null);
        showPlatform();
      }
    });

    var start = null;
    root.addEventListener("pointerdown", function (event) {
      start = presenting ? {x: event.clientX, y: event.clientY} : null;
    });
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

  function init() {
    applyTextSize();
    setupCatalogue();
    var root = document.querySelector(".hs-lesson[data-lesson]");
    active = root ? new Lesson(root) : null;
  }

  document.addEventListener("keydown", function (event) { if (active) { active.key(event); } });
  window.addEventListener("popstate", function () { if (active) { active.follow(false); } });
  window.addEventListener("hashchange", function () { if (active) { active.follow(false); } });

  if (typeof window.document$ !== "undefined") { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
