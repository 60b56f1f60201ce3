// The time zone field: the server can only guess where the runner is (its own
// zone); the phone knows. Where the page marks the field as a guess, put the
// phone's zone in it. Without this script the form still posts the guess,
// which the runner can correct by hand.

function phoneZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

function fillZone(field) {
  const zone = phoneZone();
  // Leave what the runner already typed on a refused form alone.
  if (!zone || field.getAttribute("aria-invalid") === "true") return;
  field.value = zone;
  if (field.type === "hidden") return;
  const hint = document.querySelector("[data-zone-hint]");
  if (hint) hint.textContent = `Taken from this phone: ${zone}. Change it if you are planning from somewhere else.`;
}

document.querySelectorAll("input[data-phone-zone]").forEach(fillZone);

// A refused form: take the runner straight to the list of what to fix.
document.getElementById("form-error")?.focus();
