// The guided player: fetches the compiled timeline from the API (it never
// works one out itself), plays it with the Engine against performance.now(),
// speaks and shows each cue, and logs every finished step through the outbox.
import { Engine, end } from "./engine.js";
import * as outbox from "./outbox.js";

const data = JSON.parse(document.getElementById("player-data").textContent);
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
// Test hook: ?speed=F plays F times faster (browser tests run a session in seconds).
const speed = Math.min(Math.max(Number(params.get("speed")) || 1, 0.1), 1000);
// Cues found this late (in real seconds) are shown but not spoken: after a
// hidden tab wakes up, reading out a minute of old cues would only confuse.
const SPEAK_IF_LATE_UNDER = 1.5;
// The countdown is redrawn at least this often while playing.
const FRAME_MS = 250;

let timeline = null;
let engine = null;
let practiceId = null;
let timer = null;
let wakeLock = null;
let finalStatus = null;
// How each step ended, by index: "done" or "skipped" (what the summary and the title tell).
const outcomes = new Map();
const WORK_KINDS = new Set(["work", "hold"]);
const resumed = data.resume;

const clock = () => (performance.now() / 1000) * speed;

// ---- settings and the timeline ------------------------------------------

function timelineUrl() {
  const query = new URLSearchParams();
  if (resumed) {
    // A practice taken up again plays at the settings it started with.
    query.set("breath_seconds", String(resumed.settings.breath_seconds));
    if (resumed.settings.minutes !== null) query.set("minutes", String(resumed.settings.minutes));
    return data.timeline_url + "?" + query.toString();
  }
  const breath = Number($("breath").value);
  if ($("breath").value !== "" && breath !== data.default_breath_seconds) query.set("breath_seconds", String(breath));
  if ($("minutes").value !== "") query.set("minutes", $("minutes").value);
  const text = query.toString();
  return data.timeline_url + (text ? "?" + text : "");
}

async function loadTimeline() {
  $("start").disabled = true;
  const url = timelineUrl();
  try {
    const response = await fetch(url);
    const body = await response.json();
    if (url !== timelineUrl()) return; // the settings changed while this was loading
    if (!response.ok) {
      timeline = null;
      $("plan").textContent = body.error ? body.error.message : "These settings do not work.";
      $("deviation").hidden = true;
      return;
    }
    timeline = body;
    showPlan();
    $("start").disabled = false;
  } catch (error) {
    timeline = null;
    $("plan").textContent = "Offline, and these settings were not saved for offline use. The default settings work offline.";
  }
}

function showPlan() {
  const deviation = timeline.deviation;
  $("plan").textContent = deviation
    ? `${mmss(timeline.total_seconds)} · shortened (as written ${mmss(timeline.as_written_seconds)})`
    : `${mmss(timeline.total_seconds)} as written`;
  const box = $("deviation");
  box.replaceChildren();
  box.hidden = !deviation;
  if (!deviation) return;
  const title = document.createElement("p");
  title.className = "deviation-label";
  title.textContent = deviation.label;
  const list = document.createElement("ul");
  for (const change of deviation.changes) {
    const item = document.createElement("li");
    item.textContent = change;
    list.append(item);
  }
  box.append(title, list);
}

let reloadTimer = null;
function settingsChanged() {
  // Until the timeline for the new settings arrives, there is nothing to start.
  timeline = null;
  $("start").disabled = true;
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(loadTimeline, 250);
}

// ---- playing --------------------------------------------------------------

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function start(event) {
  event.preventDefault();
  if (!timeline) return;
  engine = new Engine(timeline);
  if (resumed) {
    practiceId = resumed.practice;
    engine.start(clock(), resumed.from_index);
  } else {
    practiceId = newId();
    engine.start(clock());
  }
  $("player").dataset.state = "playing";
  $("player").dataset.practice = practiceId;
  $("setup").hidden = true;
  $("stage").hidden = false;
  $("pause").focus();
  keepAwake();
  if (resumed) {
    outbox.put(`${data.practices_url}/${practiceId}/resume`, {});
  } else {
    outbox.put(`${data.practices_url}/${practiceId}`, {
      session: data.session,
      settings: timeline.settings,
      started_at: new Date().toISOString(),
    });
  }
  loop();
}

function loop() {
  clearTimeout(timer);
  if (!engine) return;
  handle(engine.tick(clock()));
  render();
  if (engine.state !== "playing") return;
  const wait = ((engine.nextDue() - clock()) / speed) * 1000;
  timer = setTimeout(loop, Math.max(0, Math.min(wait, FRAME_MS)));
}

function handle(events) {
  let toSpeak = null;
  for (const event of events) {
    if (event.type === "cue") {
      $("cue").textContent = event.cue.text;
      if (event.lateness / speed < SPEAK_IF_LATE_UNDER) toSpeak = event.cue;
      if (event.cue.kind === "switch" && event.lateness / speed < SPEAK_IF_LATE_UNDER && navigator.vibrate) {
        navigator.vibrate([200, 100, 200]);
      }
    } else if (event.type === "segment") {
      logSegment(event.segment, "done", event.worked);
    } else if (event.type === "skipped") {
      logSegment(event.segment, "skipped", event.worked);
    } else if (event.type === "finished") {
      finish("completed");
    }
  }
  if (toSpeak) speak(toSpeak.text);
}

function logSegment(segment, outcome, worked) {
  // Once done, a step stays done (going back and skipping it again takes nothing away).
  if (outcomes.get(segment.index) !== "done") outcomes.set(segment.index, outcome);
  outbox.put(`${data.practices_url}/${practiceId}/segments/${segment.index}`, {
    ...segment,
    outcome,
    worked_seconds: worked,
    finished_at: new Date().toISOString(),
  });
}

function speak(text) {
  if (!$("voice").checked || !("speechSynthesis" in window)) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = "en";
  window.speechSynthesis.speak(utterance);
}

function render() {
  if (!engine || engine.state === "finished") return;
  const now = clock();
  const position = engine.position(now);
  const segment = engine.segment;
  const segments = timeline.segments;
  $("step-count").textContent = `Step ${segment.index + 1} of ${segments.length}`;
  $("move-name").textContent = data.move_names[segment.move] || segment.move;
  const side = segment.side ? `${segment.side === "right" ? "Right" : "Left"} side` : "";
  $("side").textContent = side;
  $("side").dataset.side = segment.side || "";
  $("step-label").textContent = stepText(segment);
  $("countdown").textContent = String(Math.max(0, Math.ceil(end(segment) - position - 1e-9)));
  const next = engine.nextSegment;
  $("next-up").textContent = next ? `Then: ${data.move_names[next.move] || next.move} · ${next.label}` : "Last step";
  $("progress-fill").style.width = `${(100 * position) / timeline.total_seconds}%`;
  $("player").dataset.segment = String(segment.index);
  $("done").hidden = !segment.reps;
}

function stepText(segment) {
  const parts = [segment.label];
  if (segment.reps) parts.push(`${segment.reps} reps`);
  if (segment.breaths) parts.push(`${segment.breaths} breaths`);
  if (segment.rep) parts.push(`rep ${segment.rep}`);
  return parts.join(" · ");
}

function togglePause() {
  if (!engine) return;
  const now = clock();
  if (engine.state === "playing") {
    engine.pause(now);
    letSleep();
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  } else if (engine.state === "paused") {
    engine.resume(now);
    keepAwake();
  }
  const paused = engine.state === "paused";
  $("pause").textContent = paused ? "Resume" : "Pause";
  $("pause").setAttribute("aria-pressed", String(paused));
  $("player").dataset.state = engine.state;
  loop();
}

function skip() {
  if (!engine) return;
  handle(engine.skip(clock()));
  loop();
}

function markDone() {
  if (!engine || !engine.segment.reps) return;
  handle(engine.complete(clock()));
  loop();
}

function back() {
  if (!engine) return;
  engine.back(clock());
  loop();
}

function finish(status) {
  if (finalStatus) return;
  finalStatus = status;
  clearTimeout(timer);
  if (engine) engine.state = "finished";
  letSleep();
  $("player").dataset.state = "finished";
  $("stage").hidden = true;
  $("finish").hidden = false;
  const work = timeline.segments.filter((s) => WORK_KINDS.has(s.kind));
  const workDone = work.filter((s) => outcomes.get(s.index) === "done").length;
  const before = resumed ? resumed.steps_done : 0;
  if (status === "stopped") $("finish-title").textContent = "Stopped";
  else if (workDone === work.length || resumed) $("finish-title").textContent = "Well worked";
  else $("finish-title").textContent = "Played to the end, with steps skipped";
  $("summary").textContent = resumed
    ? `${workDone} more steps of work done this time, after ${before} before.`
    : `${workDone} of ${work.length} steps of work done.`;
  $("finish-title").focus();
  // Logged now, so the practice shows as finished even if nobody rates it;
  // the ratings follow as a second, idempotent finish.
  outbox.put(finishUrl(), { status, ended_at: new Date().toISOString() });
}

function finishUrl() {
  return `${data.practices_url}/${practiceId}/finish`;
}

async function saveRating(event) {
  event.preventDefault();
  const form = event.target;
  const value = (name) => {
    const checked = form.querySelector(`input[name="${name}"]:checked`);
    return checked ? Number(checked.value) : null;
  };
  const pain = value("pain");
  form.querySelector("button[type=submit]").disabled = true;
  // The advice comes with the page from the core's safety rules, so it shows offline too.
  if (pain !== null && pain >= data.pain_threshold) {
    $("advice").textContent = data.pain_advice;
    $("advice").hidden = false;
  }
  if (!navigator.onLine) {
    $("saved").textContent = "Saved on this device; it will be sent when you are back online.";
  }
  $("saved").hidden = false;
  $("player").dataset.state = "saved";
  await outbox.put(finishUrl(), {
    status: finalStatus,
    tightness: value("tightness"),
    pain,
    ended_at: new Date().toISOString(),
  });
}

// ---- screen wake lock -----------------------------------------------------

async function keepAwake() {
  try {
    if ("wakeLock" in navigator && !wakeLock) {
      wakeLock = await navigator.wakeLock.request("screen");
      wakeLock.addEventListener("release", () => { wakeLock = null; });
    }
  } catch (error) {
    wakeLock = null; // refused (battery saver, hidden tab): the session plays on regardless
  }
}

function letSleep() {
  if (wakeLock) wakeLock.release().catch(() => {});
  wakeLock = null;
}

// ---- wiring -----------------------------------------------------------------

function mmss(seconds) {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState !== "visible" || !engine) return;
  // Timers sleep in a hidden tab: catch up at once on what became due.
  loop();
  if (engine.state === "playing") keepAwake();
});

document.addEventListener("keydown", (event) => {
  if (!engine || engine.state === "finished" || event.altKey || event.ctrlKey || event.metaKey) return;
  const tag = event.target.tagName;
  if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
  if (event.key === " ") {
    // On a focused button, space presses that button, as everywhere else.
    if (tag === "BUTTON" || tag === "A") return;
    event.preventDefault();
    togglePause();
  } else if (event.key === "n") skip();
  else if (event.key === "d") markDone();
  else if (event.key === "b") back();
});

$("settings").addEventListener("submit", start);
$("breath").addEventListener("input", settingsChanged);
$("minutes").addEventListener("input", settingsChanged);
$("pause").addEventListener("click", togglePause);
$("next").addEventListener("click", skip);
$("done").addEventListener("click", markDone);
$("back").addEventListener("click", back);
$("stop").addEventListener("click", () => finish("stopped"));
$("rating").addEventListener("submit", saveRating);
loadTimeline();
