/* Học Số offline, second part (loaded after the page by hocso-offline.js): registers the
   service worker (sw.js at the site root) and runs the controls the templates put in the page,
   hidden until a service worker is ready:
   - a lesson page's "Save for offline use" (.hs-offline), its handouts and "Remove";
   - a topic's "Save all lessons of this topic" (.hs-offline-topic) and the saved marks on cards;
   - the offline page's list of saved lessons and the storage used (.hs-offline-page).
   All wording comes from the page (data- attributes); the service worker does the saving and
   answers over a MessageChannel, so two tabs never write the list of saved lessons at once. */
(function () {
  'use strict';
  var root = new URL('../', document.currentScript.src).href;
  var lang = document.documentElement.lang || 'vi';

  function ask(op, data) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve, reject) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          if (event.data.ok) resolve(event.data.result); else reject(new Error(event.data.error));
        };
        registration.active.postMessage(Object.assign({op: op}, data || {}), [channel.port2]);
      });
    });
  }

  function size(bytes) {
    var mb = bytes / 1e6;
    var format = new Intl.NumberFormat(lang, {maximumFractionDigits: mb < 10 ? 1 : 0});
    // A no-break space: "38,5 KB" never splits across lines.
    return mb >= 0.95 ? format.format(mb) + '\u00a0MB'
      : format.format(Math.max(1, bytes / 1e3)) + '\u00a0KB';
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }

  // Quota errors say so plainly; anything else is a network problem to the reader.
  function failure(box, error) {
    var space = /Quota/i.test(String(error && error.message));
    return box.dataset[space ? 'failedSpace' : 'failed'];
  }

  function askPersistence() {
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persist().catch(function () { /* best effort: the browser decides */ });
    }
  }

  function lessonControls(box, state) {
    var id = box.dataset.offlineLesson;
    var save = box.querySelector('[data-offline="save"]');
    var handouts = box.querySelector('[data-offline="save-handouts"]');
    var remove = box.querySelector('[data-offline="remove"]');
    var status = box.querySelector('[data-role="offline-status"]');
    var notice = box.querySelector('[data-role="offline-updated"]');
    var busy = false;

    function show(current) {
      var lesson = current.lessons[id];
      var saved = current.saved[id];
      if (!lesson) return;  // not in this version's list (a preview build)
      box.hidden = false;
      save.hidden = Boolean(saved);
      remove.hidden = !saved;
      if (handouts) {
        handouts.hidden = !saved || Boolean(saved.handouts) || !lesson.handouts_size;
        handouts.textContent = fill(handouts.dataset.label, {size: size(lesson.handouts_size)});
      }
      if (!busy) {
        status.textContent = saved
          ? fill(box.dataset.saved, {size: size(saved.size + (saved.handouts ? saved.handouts.size : 0))})
            + (saved.handouts ? ' ' + box.dataset.handoutsSaved : '')
          : fill(box.dataset.size, {size: size(lesson.size)});
      }
      if (current.updated.indexOf(id) >= 0) {
        notice.hidden = false;
        ask('seen', {id: id});  // shown once
      }
    }

    function run(op, data, message) {
      busy = true;
      status.textContent = box.dataset.saving;
      if (op === 'save') askPersistence();
      return ask(op, data).then(function () {
        busy = false;
        return ask('status');
      }).then(function (current) {
        show(current);
        if (message) status.textContent = message;
      }, function (error) {
        busy = false;
        status.textContent = failure(box, error);
      });
    }

    save.addEventListener('click', function () { run('save', {ids: [id]}); });
    if (handouts) {
      handouts.addEventListener('click', function () { run('save', {ids: [id], handouts: true}); });
    }
    remove.addEventListener('click', function () {
      run('remove', {ids: [id]}, box.dataset.removed).then(function () { save.focus(); });
    });
    show(state);
    return show;
  }

  function topicControls(box, state) {
    var ids = box.dataset.offlineTopic.split(' ').filter(Boolean);
    var button = box.querySelector('[data-offline="save-topic"]');
    var status = box.querySelector('[data-role="offline-status"]');

    function show(current) {
      var missing = ids.filter(function (id) { return current.lessons[id] && !current.saved[id]; });
      var total = ids.reduce(function (sum, id) {
        return sum + (current.lessons[id] ? current.lessons[id].size : 0);
      }, 0);
      box.hidden = false;
      button.hidden = missing.length === 0;
      // The size before saving: what the lessons not yet saved need.
      button.querySelector('[data-role="offline-size"]').textContent = '(' + size(missing.reduce(
        function (sum, id) { return sum + current.lessons[id].size; }, 0)) + ')';
      if (!missing.length) status.textContent = fill(box.dataset.saved, {size: size(total)});
      markCards(current, box.dataset.mark);
    }

    button.addEventListener('click', function () {
      status.textContent = box.dataset.saving;
      askPersistence();
      // All of the topic or nothing: the service worker commits only when every lesson is in.
      ask('save', {ids: ids}).then(function () { return ask('status'); }).then(show,
        function (error) { status.textContent = failure(box, error); });
    });
    show(state);
    return show;
  }

  function markCards(current, text) {
    document.querySelectorAll('.hs-card[data-lesson]').forEach(function (card) {
      var mark = card.querySelector('.hs-card__saved');
      if (!mark) {
        mark = document.createElement('p');
        mark.className = 'hs-card__saved';
        mark.textContent = text;
        card.appendChild(mark);
      }
      mark.hidden = !current.saved[card.dataset.lesson];
    });
  }

  function offlinePage(box, state) {
    var list = box.querySelector('[data-role="saved-list"]');
    var none = box.querySelector('[data-role="none"]');
    var storage = box.querySelector('[data-role="storage"]');

    function show(current) {
      box.hidden = false;
      list.textContent = '';
      var ids = Object.keys(current.saved).filter(function (id) { return current.lessons[id]; });
      var total = 0;
      ids.forEach(function (id) {
        var lesson = current.lessons[id];
        var saved = current.saved[id];
        total += saved.size + (saved.handouts ? saved.handouts.size : 0);
        var item = document.createElement('li');
        var link = document.createElement('a');
        link.href = root + (lesson.pages[lang] || lesson.pages[Object.keys(lesson.pages)[0]]);
        link.textContent = lesson.titles[lang] || lesson.titles[Object.keys(lesson.titles)[0]];
        link.className = 'hs-offline-page__link';
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'hs-button';
        button.textContent = box.dataset.remove;
        button.setAttribute('aria-label', box.dataset.remove + ': ' + link.textContent);
        button.addEventListener('click', function () {
          ask('remove', {ids: [id]}).then(function () { return ask('status'); }).then(show);
        });
        var meta = document.createElement('span');
        meta.className = 'hs-offline-page__size';
        meta.textContent = ' (' + size(saved.size + (saved.handouts ? saved.handouts.size : 0)) + ')';
        item.append(link, meta, button);
        list.appendChild(item);
      });
      none.hidden = ids.length > 0;
      var used = fill(box.dataset.saved, {size: size(total)});
      storage.textContent = used;
      if (navigator.storage && navigator.storage.estimate) {
        navigator.storage.estimate().then(function (estimate) {
          storage.textContent = used + ' ' + fill(box.dataset.storage, {
            used: size(estimate.usage || 0), free: size(Math.max(0, (estimate.quota || 0) - (estimate.usage || 0)))});
        });
      }
    }
    show(state);
    return show;
  }

  navigator.serviceWorker.register(root + 'sw.js', {scope: root}).then(function (registration) {
    if (navigator.onLine) registration.update().catch(function () { /* checked again later */ });
    return ask('status');
  }).then(function (state) {
    var views = [];
    document.querySelectorAll('.hs-offline[data-offline-lesson]').forEach(function (box) {
      views.push(lessonControls(box, state));
    });
    document.querySelectorAll('.hs-offline-topic[data-offline-topic]').forEach(function (box) {
      views.push(topicControls(box, state));
    });
    document.querySelectorAll('.hs-offline-page').forEach(function (box) {
      views.push(offlinePage(box, state));
    });
    // A new version took over (and refreshed saved lessons): show what changed.
    navigator.serviceWorker.addEventListener('message', function (event) {
      if (!event.data || event.data.type !== 'hocso-updated') return;
      ask('status').then(function (current) {
        views.forEach(function (view) { view(current); });
      });
    });
  }).catch(function (error) {
    // No service worker here (private mode, blocked storage): the page works as it is.
    document.documentElement.dataset.offline = 'unavailable';
    window.console.warn('Học Số offline:', error);
  });
})();
