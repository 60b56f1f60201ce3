// The service worker: keeps the app shell, the catalog and the timelines so the
// player works with the network off. Writes (PUT) are never touched here: the
// page queues them in IndexedDB and sends them itself (see static/js/outbox.js).
//
// A runner's own pages (Today, History, the plan...) are kept in a cache of
// their own, named for the signed-in user, apart from the shell everyone
// shares: on a shared device one runner never sees another's copy, and
// signing out deletes that runner's cache (see static/js/account.js).
const VERSION = {{ version | tojson }};
const CACHE = "gethip-" + VERSION;
const SHELL_URLS = {{ shell | tojson }};
const PERSONAL_URLS = {{ personal | tojson }};
// Hosted: nobody is signed in until a page says who; local: always the one runner.
const HOSTED = {{ hosted | tojson }};
const PERSONAL = new Set(PERSONAL_URLS);
const META = "gethip-meta";
// A slow network is worse than none on the mat: fall back to the stored copy after this.
const NETWORK_TIMEOUT_MS = 4000;

function userCacheName(user) {
  return CACHE + "-u-" + user;
}

async function currentUser() {
  if (!HOSTED) return "local";
  const hit = await (await caches.open(META)).match("/__gethip_user");
  return hit ? (await hit.text()) || null : null;
}

async function setUser(user) {
  const meta = await caches.open(META);
  await meta.put("/__gethip_user", new Response(user || ""));
  if (user) {
    // One visit signed in is enough to work offline afterwards, as in local mode.
    const cache = await caches.open(userCacheName(user));
    await Promise.all(PERSONAL_URLS.map((path) => cache.add(path).catch(() => {})));
  }
}

async function forgetUser(user) {
  const keys = await caches.keys();
  await Promise.all(keys.filter((key) => key.startsWith("gethip-") && key.endsWith("-u-" + user)).map((key) => caches.delete(key)));
  await (await caches.open(META)).put("/__gethip_user", new Response(""));
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "user") event.waitUntil(setUser(data.user ? String(data.user) : null));
  if (data.type === "signout" && data.user) event.waitUntil(forgetUser(String(data.user)));
});

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(SHELL_URLS))
      .then(() => (HOSTED ? null : caches.open(userCacheName("local")).then((cache) => cache.addAll(PERSONAL_URLS))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("gethip-") && key !== META && key !== CACHE && !key.startsWith(CACHE + "-u-")).map((key) => caches.delete(key)),
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

// Which cache holds this answer: the shell's, the signed-in runner's, or none
// (a runner's page while nobody is signed in is never kept).
async function cacheFor(request) {
  const path = new URL(request.url).pathname;
  const personal = PERSONAL.has(path) || !SHELL_URLS.includes(path);
  if (!personal) return caches.open(CACHE);
  const user = await currentUser();
  return user ? caches.open(userCacheName(user)) : null;
}

async function networkFirst(request) {
  const cache = await cacheFor(request);
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    // A redirect (to sign in) is not the page that was asked for.
    if (response.ok && !response.redirected && cache) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // A page asked with a test hook or other query (/play/openers?speed=50) is
    // the same page; an API answer with other settings is not, so only pages
    // ignore the query string.
    const hit = cache && ((await cache.match(request))
      || (request.mode === "navigate" ? await cache.match(request, { ignoreSearch: true }) : undefined));
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
