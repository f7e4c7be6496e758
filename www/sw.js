//! The service worker: precaches everything ClauseLens needs (pages, scripts,
//! styles, the Wasm core, the PDF and Word readers, samples, icons) so that
//! after one visit the app works with no network at all.
//!
//! The file list and version come from precache-manifest.js, written by
//! scripts/copy-vendor.mjs from the files' contents: any change to any file
//! changes that script, the browser sees a new service worker, and the page
//! offers to reload (js/offline.js). Each version has its own cache.

importScripts('precache-manifest.js');

const { version, files } = self.PRECACHE;
const CACHE = `clauselens-${version}`;
const ROOT = new URL('./', self.location).href;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(files.map((file) => new Request(new URL(file, ROOT), { cache: 'reload' })))));
  // The first install has nothing to replace, so it starts at once; updates wait for the person.
  if (!self.registration.active) self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('clauselens-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'activate-now') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(ROOT)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const url = new URL(request.url);
    // Pages are looked up without their query (widget.html?categories=...)
    // or fragment (#compare, a view of the page); the site root is index.html.
    url.hash = '';
    const key = url.href === ROOT ? new URL('index.html', ROOT).href : url.href;
    const cached = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
    if (cached) return cached;
    return fetch(request);
  })());
});
