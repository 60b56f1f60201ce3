// The outbox: every write to the log goes into IndexedDB first and is sent from
// there, in order. Offline, items wait; when the network returns they are
// sent. Each write is an idempotent PUT keyed by an id the browser made, so
// sending one twice (a lost answer, two tabs flushing) stores it once.

import { signedInUser } from "./account.js";
import { csrfHeaders } from "./csrf.js";

// One queue per runner on a shared device (hosted mode); "gethip" in local mode.
const USER = signedInUser();
const DB_NAME = USER ? "gethip-u-" + USER : "gethip";
const STORE = "outbox";
const RETRY_MS = 15000;

let dbPromise = null;
let flushing = null;
let again = false;
let retryTimer = null;
const listeners = new Set();

function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return dbPromise;
}

function run(mode, action) {
  return openDb().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = action(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  }));
}

function firstItem() {
  return openDb().then((db) => new Promise((resolve, reject) => {
    const request = db.transaction(STORE).objectStore(STORE).openCursor();
    request.onsuccess = () => resolve(request.result ? request.result.value : null);
    request.onerror = () => reject(request.error);
  }));
}

export function pendingCount() {
  return run("readonly", (store) => store.count());
}

export function onChange(listener) {
  listeners.add(listener);
}

// Listeners hear how many writes wait, and whether the network is holding them
// up (a write in flight for a few milliseconds is not worth a message).
let stalled = false;

async function notify() {
  const count = await pendingCount();
  for (const listener of listeners) listener(count, stalled);
}

// Queue a PUT and try to send it (and anything before it) now.
export async function put(url, body) {
  await run("readwrite", (store) => store.add({ url, body, queuedAt: new Date().toISOString() }));
  await notify();
  return flush();
}

function scheduleRetry() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(flush, RETRY_MS);
}

// Send queued writes oldest first; stop at the first one the network refuses.
// A write queued while a flush is under way is picked up by one more pass.
export function flush() {
  if (flushing) {
    again = true;
    return flushing;
  }
  flushing = (async () => {
    let delivered;
    do {
      again = false;
      delivered = await sendAll();
    } while (again && delivered);
    stalled = !delivered;
    await notify();
  })().finally(() => { flushing = null; });
  return flushing;
}

// True when the queue was emptied, false when the network stopped it.
async function sendAll() {
  for (;;) {
    const item = await firstItem();
    if (!item) return true;
    let response;
    try {
      response = await fetch(item.url, {
        method: "PUT",
        // Read at send time, not queue time: a write replayed days later carries today's token.
        // The server refuses (401) a write queued by another runner than the one signed in now.
        headers: { "Content-Type": "application/json", ...csrfHeaders(), ...(USER ? { "X-Gethip-User": USER } : {}) },
        body: JSON.stringify(item.body),
      });
    } catch (error) {
      scheduleRetry();
      return false;
    }
    // A 4xx answer will not change by sending again (a write the server
    // refuses): drop it so it cannot block the writes behind it forever.
    // 401: signed out meanwhile; the write waits for its runner to sign in again.
    const retryLater = response.status >= 500 || [401, 408, 429].includes(response.status);
    if (retryLater) {
      scheduleRetry();
      return false;
    }
    if (!response.ok) console.warn("gethip: the server refused a queued write", item.url, response.status);
    await run("readwrite", (store) => store.delete(item.seq));
    if (stalled) {
      stalled = false;
      await notify();
    }
  }
}

window.addEventListener("online", () => { flush(); });
