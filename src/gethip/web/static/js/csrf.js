// The form token (see gethip/web/csrf.py): the server keeps it in the readable
// cookie gethip_csrf; a write echoes it back, which a page of another site
// cannot do because it cannot read our cookies.

const COOKIE = "gethip_csrf";

export function csrfToken() {
  for (const pair of document.cookie.split(";")) {
    const [name, ...value] = pair.trim().split("=");
    if (name === COOKIE) return value.join("=");
  }
  return null;
}

// The header for a fetch that writes; none when this browser has no token yet.
export function csrfHeaders() {
  const token = csrfToken();
  return token ? { "X-CSRF-Token": token } : {};
}

// A form served from the offline copy may hold an older token than the cookie:
// send the current one.
export function refreshFormTokens() {
  document.addEventListener("submit", (event) => {
    const field = event.target.querySelector?.('input[name="csrf_token"]');
    const token = csrfToken();
    if (field && token) field.value = token;
  }, true);
}
