// Hosted mode: who is signed in on this page, told to the service worker so it
// keeps this runner's pages in a cache of their own; signing out deletes it.
// Local mode has no accounts: nothing here does anything there.

export function signedInUser() {
  const holder = document.querySelector("[data-user]");
  return holder ? holder.dataset.user : null;
}

function tellWorker(message) {
  if (!("serviceWorker" in navigator)) return Promise.resolve();
  return navigator.serviceWorker.ready.then((registration) => {
    const worker = navigator.serviceWorker.controller || registration.active;
    if (worker) worker.postMessage(message);
  });
}

export function announceUser(hosted) {
  if (!hosted) return;
  tellWorker({ type: "user", user: signedInUser() });
}

// Before the sign-out form is sent: this device forgets the runner's pages.
// Writes still waiting in the outbox stay, keyed to their runner, and go out
// the next time that runner signs in here.
export function clearOnSignOut() {
  for (const form of document.querySelectorAll("form.signout")) {
    form.addEventListener("submit", () => {
      const user = signedInUser();
      if (user) tellWorker({ type: "signout", user });
    });
  }
}
