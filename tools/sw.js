// tongxing service worker (template: tools/offline.mjs fills in VERSION and ASSETS after each
// build). It keeps the app shell — the page, its scripts, WebAssembly, styles and icons — in a
// cache named after the build, so the page opens and analyses files offline after one visit.
//
// It never sees survey data: files are read by the page and analysed in a Web Worker; nothing
// is fetched or sent. Only same-origin GET requests for the app's own files are answered.
const VERSION = '__VERSION__';
const SHELL = `tongxing-shell-${VERSION}`;
const ASSETS = __ASSETS__;

self.addEventListener('install', (event) => {
  // No skipWaiting here: an open tab keeps the version it started with until the user
  // accepts the update prompt, so a page never mixes files from two builds.
  // 'no-cache' asks the server whether each file the browser holds is still current, so a new
  // deploy never caches a stale file, and a first visit does not download the app twice (the
  // page registers this worker once it has loaded everything: see `ui::offline`).
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(ASSETS.map((url) => new Request(url, { cache: 'no-cache' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('tongxing-shell-') && key !== SHELL) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(SHELL);
    const hit = await cache.match(request, { ignoreSearch: true })
      || (request.mode === 'navigate' ? await cache.match('./index.html') : undefined);
    return hit || fetch(request);
  })());
});
