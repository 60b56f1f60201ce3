// Keeps one side's hip check: its recording (landmarks, never a picture) goes
// through the outbox, so it waits out a lost network and carries the form
// token, and gethip measures it again with the core before keeping it. The
// note beside the result says what became of it, once the server has answered.
import { onChange, pendingCount, put } from "./outbox.js";

// Notes of readings queued but not yet sent, by the id the reading is kept under.
const waiting = new Map();

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function say(note, state, text) {
  note.dataset.saved = state;
  note.textContent = text;
}

// The outbox drops a write the server refuses, so "sent" is not "kept": ask.
async function confirm(id, note) {
  try {
    const response = await fetch("/api/checks", { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`status ${response.status}`);
    const kept = (await response.json()).checks.some((check) => check.id === id);
    if (kept) say(note, "saved", "Saved: Progress shows it beside your earlier checks.");
    else say(note, "refused", "Not saved: gethip would not keep this reading.");
  } catch (error) {
    say(note, "sent", "Sent to gethip.");
  }
}

onChange((count) => {
  if (count > 0) return;
  for (const [id, note] of waiting) {
    waiting.delete(id);
    confirm(id, note);
  }
});

// Queue the recording under a new id and say, in `note`, when it is kept.
export async function keep(recording, note) {
  const id = newId();
  note.dataset.id = id;
  say(note, "saving", "Saving…");
  waiting.set(id, note);
  try {
    await put(`/api/checks/${id}`, recording);
  } catch (error) {
    waiting.delete(id);
    say(note, "failed", "Not saved: this browser would not hold it for sending. Keep the download.");
    return id;
  }
  if (waiting.has(id) && (await pendingCount()) > 0) {
    say(note, "waiting", "Kept on this phone for now: it goes to gethip when the network is back.");
  }
  return id;
}
