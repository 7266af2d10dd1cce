/* Học Số service worker: the site keeps working with no signal.

   Written by hand (no Workbox): what it does fits on a page, and a phone downloads all of it.
   The build fills in VERSION, a hash over every file listed in offline/manifest.json, so any
   change to the site changes this file and browsers install the new version.

   Caches, all named "hocso-…":
   - hocso-shell-<version>: styles, scripts, fonts, icons, the catalogue and offline pages.
   - hocso-lesson-<id>-<hash>: one saved lesson, its pages in every language and its pictures.
   - hocso-handouts-<id>-<hash>: that lesson's handout PDFs, saved only when asked for.
   - hocso-meta: the list of saved lessons (INDEX). A lesson is saved when, and only when, the
     list names its cache, and the list is written in one step after every file of the
     lesson is stored and checked against its hash: a failed save leaves nothing behind.

   Pages come from the network first (3 s, then from the phone if the page is saved), so a
   reader online sees the newest version; everything else comes from the phone first. A new
   version refreshes every saved lesson that changed, as a whole, while it installs; if that
   fails, the old version stays in charge and the browser tries again later, so a saved lesson
   never mixes two versions. */
'use strict';

const VERSION = '__HOCSO_VERSION__';
const LANGUAGES = "__HOCSO_LANGUAGES__";  // default language first
const ROOT = new URL('./', self.location).href;  // the site's root, also under a sub-path
const SHELL = 'hocso-shell-' + VERSION;
const META = 'hocso-meta';
const INDEX = ROOT + 'offline/saved.json';  // a key in META, never fetched
const MANIFEST = ROOT + 'offline/manifest.json';
const TIMEOUT = 3000;
const PARALLEL = 4;  // downloads at a time: enough to fill a slow link, not to flood it

const lessonCache = (id, hash) => 'hocso-lesson-' + id + '-' + hash;
const handoutCache = (id, hash) => 'hocso-handouts-' + id + '-' + hash;

async function readJSON(cacheName, key) {
  const response = await caches.match(key, {cacheName});
  return response ? response.json() : null;
}

async function fetchJSON(url) {
  const response = await fetch(url, {cache: 'no-store'});
  if (!response.ok) throw new Error('HTTP ' + response.status + ' ' + url);
  return response.json();
}

async function readIndex() {
  return (await readJSON(META, INDEX)) || {lessons: {}, updated: []};
}

async function writeIndex(index) {
  const cache = await caches.open(META);
  await cache.put(INDEX, new Response(JSON.stringify(index),
                                      {headers: {'Content-Type': 'application/json'}}));
}

async function hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return Array.from(digest.slice(0, 8), b => b.toString(16).padStart(2, '0')).join('');
}

// Download `files` ({url, hash}) into a new cache, checking each against its hash: a file
// from another deploy is refused. All or nothing: on any failure the cache is deleted.
async function fill(name, files) {
  const cache = await caches.open(name);
  try {
    const queue = files.slice();
    const worker = async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        const url = ROOT + file.url;
        const response = await fetch(url, {cache: 'no-cache'});
        if (!response.ok) throw new Error('HTTP ' + response.status + ' ' + url);
        const body = await response.arrayBuffer();
        if (await hex(body) !== file.hash) throw new Error('changed while saving: ' + url);
        await cache.put(url, new Response(body, {headers: response.headers}));
      }
    };
    await Promise.all(Array.from({length: PARALLEL}, worker));
  } catch (error) {
    await caches.delete(name);
    throw error;
  }
}

// Store one lesson (and its handouts if `handouts`) into new caches; returns the record for
// the index. Nothing is committed here. A cache is reused only when the index names it (it is
// complete); one of the same name that the index does not name may be half-filled (the
// browser stopped the worker mid-save), so it is filled again from scratch.
async function download(id, entry, handouts, made, index) {
  const list = await fetchJSON(ROOT + entry.list);
  const committed = new Set(cachesOf(index));
  const record = {hash: entry.hash, cache: lessonCache(id, entry.hash), size: entry.size};
  const parts = [[record.cache, list.files]];
  if (handouts && list.handouts.length) {
    record.handouts = {hash: entry.handouts_hash, size: entry.handouts_size,
                       cache: handoutCache(id, entry.handouts_hash)};
    parts.push([record.handouts.cache, list.handouts]);
  }
  for (const [name, files] of parts) {
    if (committed.has(name)) continue;
    await caches.delete(name);
    made.push(name);
    await fill(name, files);
  }
  return record;
}

function cachesOf(index) {
  const names = [];
  for (const saved of Object.values(index.lessons)) {
    names.push(saved.cache);
    if (saved.handouts) names.push(saved.handouts.cache);
  }
  return names;
}

// Delete every cache of ours that is not this version's shell or named by the index. Only
// when a new version takes over: at other times a new version may be filling its caches.
async function tidy(index) {
  const keep = new Set([SHELL, META, ...cachesOf(index)]);
  for (const name of await caches.keys()) {
    if (name.startsWith('hocso-') && !keep.has(name)) await caches.delete(name);
  }
}

// One save at a time, so two saves never read and write the index over each other.
let queue = Promise.resolve();
function serially(task) {
  const run = queue.then(task, task);
  queue = run.catch(() => {});
  return run;
}

async function save(ids, handouts) {
  const manifest = await readJSON(SHELL, MANIFEST);
  const made = [];
  const records = {};
  try {
    for (const id of ids) {
      const entry = manifest.lessons[id];
      if (!entry) throw new Error('unknown lesson ' + id);
      const index = await readIndex();
      const wantHandouts = handouts || Boolean(index.lessons[id] && index.lessons[id].handouts);
      records[id] = await download(id, entry, wantHandouts, made, index);
    }
  } catch (error) {
    for (const name of made) await caches.delete(name);
    throw error;
  }
  const index = await readIndex();
  const before = cachesOf(index);
  Object.assign(index.lessons, records);
  await writeIndex(index);  // the commit
  await deleteUnlisted(before, index);
}

// Of `names`, delete the caches the index no longer names (replaced or removed lessons).
async function deleteUnlisted(names, index) {
  const kept = new Set(cachesOf(index));
  for (const name of names) if (!kept.has(name)) await caches.delete(name);
}

async function remove(ids, handoutsOnly) {
  const index = await readIndex();
  const before = cachesOf(index);
  for (const id of ids) {
    if (!index.lessons[id]) continue;
    if (handoutsOnly) delete index.lessons[id].handouts;
    else delete index.lessons[id];
  }
  if (!handoutsOnly) index.updated = index.updated.filter(id => !ids.includes(id));
  await writeIndex(index);
  await deleteUnlisted(before, index);
}

async function status() {
  const [manifest, index] = await Promise.all([readJSON(SHELL, MANIFEST), readIndex()]);
  const lessons = {};
  for (const [id, entry] of Object.entries((manifest && manifest.lessons) || {})) {
    lessons[id] = {titles: entry.titles, pages: entry.pages, size: entry.size,
                   handouts_size: entry.handouts_size};
  }
  return {root: ROOT, lessons, saved: index.lessons, updated: index.updated};
}

async function seen(id) {
  const index = await readIndex();
  index.updated = index.updated.filter(other => other !== id);
  await writeIndex(index);
}

self.addEventListener('message', event => {
  const port = event.ports[0];
  const data = event.data || {};
  const tasks = {
    save: () => serially(() => save(data.ids, Boolean(data.handouts))),
    remove: () => serially(() => remove(data.ids, Boolean(data.handoutsOnly))),
    seen: () => serially(() => seen(data.id)),
    status: () => status(),
  };
  const task = tasks[data.op];
  if (!task || !port) return;
  event.waitUntil(task().then(
    result => port.postMessage({ok: true, result}),
    error => port.postMessage({ok: false, error: String(error && error.name) + ': ' +
                                                 String(error && error.message)})));
});

async function install() {
  const manifest = await fetchJSON(MANIFEST);
  if (manifest.version !== VERSION) throw new Error('the site changed while updating');
  await fill(SHELL, manifest.shell);
  const shell = await caches.open(SHELL);
  await shell.put(MANIFEST, new Response(JSON.stringify(manifest),
                                         {headers: {'Content-Type': 'application/json'}}));
  // Refresh saved lessons that changed before this version takes over (see the top).
  const index = await readIndex();
  const made = [];
  try {
    for (const [id, saved] of Object.entries(index.lessons)) {
      const entry = manifest.lessons[id];
      if (entry && (entry.hash !== saved.hash ||
                    (saved.handouts && saved.handouts.hash !== entry.handouts_hash))) {
        await download(id, entry, Boolean(saved.handouts), made, index);
      }
    }
  } catch (error) {
    for (const name of made) await caches.delete(name);
    await caches.delete(SHELL);
    throw error;
  }
  await self.skipWaiting();
}

async function activate() {
  const manifest = await readJSON(SHELL, MANIFEST);
  const index = await readIndex();
  const updated = [];
  for (const [id, saved] of Object.entries(index.lessons)) {
    const entry = manifest.lessons[id];
    if (!entry) {
      delete index.lessons[id];  // no longer published
    } else if (entry.hash !== saved.hash ||
               (saved.handouts && saved.handouts.hash !== entry.handouts_hash)) {
      // Filled by install(); should the browser have cleared it since, the lesson is no
      // longer saved rather than half there.
      if (!(await caches.has(lessonCache(id, entry.hash)))) {
        delete index.lessons[id];
        continue;
      }
      if (entry.hash !== saved.hash) updated.push(id);
      index.lessons[id] = {hash: entry.hash, cache: lessonCache(id, entry.hash),
                           size: entry.size};
      if (saved.handouts) {
        index.lessons[id].handouts = {hash: entry.handouts_hash, size: entry.handouts_size,
                                      cache: handoutCache(id, entry.handouts_hash)};
      }
    }
  }
  index.updated = Array.from(new Set([...index.updated, ...updated]));
  await writeIndex(index);
  await tidy(index);  // old versions' caches go
  await self.clients.claim();
  for (const client of await self.clients.matchAll()) {
    client.postMessage({type: 'hocso-updated', ids: updated});
  }
}

self.addEventListener('install', event => event.waitUntil(install()));
self.addEventListener('activate', event => event.waitUntil(serially(activate)));

// "lessons/x/index.html?a=1#s" and "lessons/x/" are the same page.
function key(url) {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.href.replace(/\/index\.html$/, '/');
}

async function fromPhone(request) {
  const url = key(request.url);
  const index = await readIndex();
  for (const cacheName of [SHELL, ...cachesOf(index)]) {
    const response = await caches.match(url, {cacheName});
    if (response) return response;
  }
  return null;
}

// The offline page in the reader's language, answering for the address asked for: a <base>
// makes its relative links work from there, and the address stays, so "Try again" works.
async function offlinePage(url) {
  const path = url.slice(ROOT.length);
  const lang = LANGUAGES.slice(1).find(code => path.startsWith(code + '/')) || LANGUAGES[0];
  const page = ROOT + (lang === LANGUAGES[0] ? '' : lang + '/') + 'offline/';
  const response = await caches.match(page, {cacheName: SHELL});
  if (!response) return Response.error();
  const html = (await response.text()).replace('<head>', '<head><base href="' + page + '">');
  return new Response(html, {status: 200, headers: {'Content-Type': 'text/html; charset=utf-8'}});
}

async function navigate(request) {
  // Revalidated, not taken fresh from the HTTP cache: right after a deploy the reader gets
  // the new page (a 304 costs a few hundred bytes).
  // (A navigation request cannot be copied with other options: fetch its address; a redirect
  // goes back to the browser as it came.)
  const network = fetch(request.url, {cache: 'no-cache', credentials: 'same-origin',
                                      redirect: 'manual'});
  const late = new Promise(resolve => setTimeout(resolve, TIMEOUT, 'late'));
  try {
    const first = await Promise.race([network, late]);
    if (first !== 'late') return first;
    // A weak signal: a saved copy now, or keep waiting for the network.
    const saved = await fromPhone(request);
    return saved || await network;
  } catch (error) {
    return (await fromPhone(request)) || offlinePage(request.url);
  }
}

async function resource(request) {
  return (await fromPhone(request)) || fetch(request);
}

self.addEventListener('fetch', event => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(ROOT)) return;
  event.respondWith(request.mode === 'navigate' ? navigate(request) : resource(request));
});
