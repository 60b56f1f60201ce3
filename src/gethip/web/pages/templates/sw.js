// The service worker: keeps the app shell, the catalog and the timelines so the
// player works with the network off. Writes (PUT) are never touched here: the
// page queues them in IndexedDB and sends them itself (see static/js/outbox.js).
const VERSION = {{ version | tojson }};
const CACHE = "gethip-" + VERSION;
const OFFLINE_URLS = {{ urls | tojson }};
// A slow network is worse than none on the mat: fall back to the stored copy after this.
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(OFFLINE_URLS))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("gethip-") && key !== CACHE).map((key) => caches.delete(key)),
      ))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === "/sw.js") return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("network timeout")), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // A page asked with a test hook or other query (/play/openers?speed=50) is
    // the same page; an API answer with other settings is not, so only pages
    // ignore the query string.
    const hit = (await cache.match(request))
      || (request.mode === "navigate" ? await cache.match(request, { ignoreSearch: true }) : undefined);
    if (hit) return hit;
    if (request.mode === "navigate") {
      return new Response(
        "<!doctype html><meta charset=utf-8><title>Offline · gethip</title><h1>Offline</h1><p>This page was not saved for offline use. <a href='/'>Today</a> and the player work offline.</p>",
        { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } },
      );
    }
    return new Response(
      JSON.stringify({ error: { status: 503, code: "offline", message: "offline, and no stored copy of " + url(request), details: [] } }),
      { status: 503, headers: { "Content-Type": "application/json" } },
    );
  }
}

function url(request) {
  return new URL(request.url).pathname;
}
