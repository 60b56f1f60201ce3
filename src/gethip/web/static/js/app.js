// Loaded on every page: installs the service worker, sends any writes left
// from an offline session, and says when the app is working offline.
import { announceUser, clearOnSignOut } from "./account.js";
import { refreshFormTokens } from "./csrf.js";
import { flush, onChange } from "./outbox.js";

const status = document.getElementById("net-status");
let waiting = 0;
let stalled = false;

function show() {
  if (!status) return;
  const parts = [];
  if (!navigator.onLine) parts.push("Offline: the player and the moves still work.");
  if (waiting > 0 && (stalled || !navigator.onLine)) parts.push(`${waiting} update${waiting === 1 ? "" : "s"} saved on this device, to be sent when you are back online.`);
  status.textContent = parts.join(" ");
  status.hidden = parts.length === 0;
}

onChange((count, held) => { waiting = count; stalled = held; show(); });
window.addEventListener("online", show);
window.addEventListener("offline", show);

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch((error) => console.warn("gethip: no offline support", error));
}

refreshFormTokens();
// Hosted pages carry <meta name="gethip-hosted">; a signed-out page announces nobody.
announceUser(!!document.querySelector('meta[name="gethip-hosted"]'));
clearOnSignOut();
flush().catch(() => {});
show();
