// The guided player: fetches the compiled timeline from the API (it never
// works one out itself), plays it with the Engine against performance.now(),
// speaks and shows each cue, and logs every finished step through the outbox.
import { Engine, end } from "./engine.js";
import { mountDemo } from "./demo.js";
import * as outbox from "./outbox.js";

const data = JSON.parse(document.getElementById("player-data").textContent);
const demos = JSON.parse(document.getElementById("demo-data").textContent);
const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
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
  openAudio();
  saveVoiceChoice();
  places = placeOf(timeline.segments);
  engine = new Engine(timeline);
  if (resumed) {
    practiceId = resumed.practice;
    engine.start(clock(), resumed.from_index);
  } else {
    practiceId = newId();
    engine.start(clock());
  }
  $("player").dataset.practice = practiceId;
  rememberInAddress(practiceId);
  showStage(true);
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

// A reload in the middle of a session (or a phone that dropped the tab) comes
// back to this address: with the practice in it, the page offers to take it up
// at the first step not played. Once finished, there is nothing to take up.
function rememberInAddress(id) {
  const url = new URL(location.href);
  if (id) url.searchParams.set("resume", id);
  else url.searchParams.delete("resume");
  history.replaceState(history.state, "", url);
}

// While playing, the player is the whole screen: the site's navigation steps aside.
function showStage(playing) {
  $("player").dataset.state = playing ? "playing" : "finished";
  document.body.classList.toggle("in-session", playing);
  $("setup").hidden = playing;
  $("stage").hidden = !playing;
  $("finish").hidden = playing;
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
      const onTime = event.lateness / speed < SPEAK_IF_LATE_UNDER;
      if (shownOnScreen(event.cue)) {
        $("cue").textContent = onScreen(event.cue);
        $("cue").dataset.segment = String(event.cue.segment);
      }
      if (onTime) toSpeak = event.cue;
      if (event.cue.kind === "switch" && onTime) signalSwitch();
    } else if (event.type === "segment") {
      logSegment(event.segment, "done", event.worked);
      buzz(80);
    } else if (event.type === "skipped") {
      logSegment(event.segment, "skipped", event.worked);
    } else if (event.type === "finished") {
      finish("completed");
    }
  }
  if (toSpeak) speak(toSpeak.text);
}

// Spoken, an announcement starts "Next:" (the runner is not looking); on screen
// the line below already says what is next, so the cue keeps only the dose.
function onScreen(cue) {
  return cue.kind === "announce" ? cue.text.replace(/^Next:\s*/, "") : cue.text;
}

// The countdown, the rep counter and the breath pacer already show counts and
// breaths: the cue line keeps the words that say how to move.
function shownOnScreen(cue) {
  if (cue.kind === "countdown" || cue.kind === "count") return false;
  if (cue.kind === "breath") return cue.at === timeline.segments[cue.segment].start;
  return true;
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
  utterance.rate = Number($("voice-rate").value) || 1;
  const voice = window.speechSynthesis.getVoices().find((v) => v.voiceURI === $("voice-name").value);
  if (voice) utterance.voice = voice;
  window.speechSynthesis.speak(utterance);
}

// ---- what the screen shows ----------------------------------------------------

// Steps that only lead into the next piece of work: "next" looks past them.
const LEAD_INS = new Set(["prepare", "transition", "switch"]);
let places = [];
let figure = null;
let nextFigure = null;
let lastWhole = null;

// Each segment's move number, counted as a runner counts (the same rule as
// gethip/core/steps.py): it goes up when the move changes, so a transition
// belongs to the move it leads into and sides never add a step.
function placeOf(segments) {
  let number = 0;
  let previous = null;
  const numbers = segments.map((segment) => {
    if (segment.move !== previous) number += 1;
    previous = segment.move;
    return number;
  });
  // The reps of a multi-phase move (the bridge) are numbered per side: keep each side's last.
  const repsOf = new Map();
  for (const segment of segments) {
    if (segment.rep) repsOf.set(`${segment.move}/${segment.side}`, segment.rep);
  }
  return segments.map((segment, i) => ({
    number: numbers[i],
    total: number,
    reps: segment.rep ? repsOf.get(`${segment.move}/${segment.side}`) : null,
  }));
}

const nameOf = (moveId) => data.move_names[moveId] || moveId;
const sideWords = (side) => (side ? `${side} side` : "");

// "Move 2 of 5", and what part of it: the side shows beside it, in its colour.
function whereText(segment) {
  const place = places[segment.index];
  const where = `Move ${place.number} of ${place.total}`;
  if (segment.kind === "prepare") return `${where} · get ready`;
  if (segment.kind === "transition") return `${where} · coming up`;
  if (segment.kind === "rest") return `${where} · rest`;
  return where;
}

// The step's own words, without the counts the counters beside it show.
function stepText(segment) {
  if (segment.kind === "prepare" || segment.kind === "transition") return "Get into position";
  if (segment.kind === "switch") return "Switch sides";
  if (segment.reps) {
    const rest = segment.label.replace(/^\d+ reps,?\s*/, "");
    return rest.charAt(0).toUpperCase() + rest.slice(1);
  }
  return segment.label;
}

// The next thing the runner does: transitions and switches only lead to it.
function upcoming(segment) {
  const segments = timeline.segments;
  for (let i = segment.index + 1; i < segments.length; i++) {
    if (!LEAD_INS.has(segments[i].kind)) return segments[i];
  }
  return null;
}

function nextText(segment) {
  const next = upcoming(segment);
  if (!next) return "Last step";
  if (next.kind === "rest") return "Next: rest";
  const leadIn = LEAD_INS.has(segment.kind);
  // Within one move and side, the next step is a phase or a rep of it; else a move, or a side.
  if (!leadIn && next.move === segment.move && next.side === segment.side) {
    return next.rep ? `Next: ${next.label}, rep ${next.rep}` : `Next: ${next.label}`;
  }
  return next.side ? `Next: ${nameOf(next.move)}, ${sideWords(next.side)}` : `Next: ${nameOf(next.move)}`;
}

// The figure's loop for this step: one phase of the bridge, the range or the hold.
function partFor(move, segment) {
  const dose = move.dose;
  if (dose.kind === "multi-phase-reps") {
    const index = dose.phases.findIndex((phase) => phase.name === segment.label);
    return index >= 0 ? index : null;
  }
  if (dose.kind === "range-then-hold" && (segment.kind === "work" || segment.kind === "hold")) {
    return segment.kind === "work" ? 0 : 1;
  }
  return null;
}

function showFigure(current, element, moveId, options) {
  const move = demos[moveId];
  if (!move) return current;
  const key = JSON.stringify([moveId, options]);
  if (current && current.key === key) return current;
  if (current) current.figure.destroy();
  return { key, figure: mountDemo(element, move, options) };
}

function renderFigures(segment) {
  const breathSeconds = timeline.settings.breath_seconds;
  const move = demos[segment.move];
  const next = upcoming(segment);
  // Before a sided move starts, the figure already shows the side it starts on.
  const side = segment.side || (next && next.move === segment.move && next.side) || "right";
  figure = showFigure(figure, $("figure"), segment.move, {
    side, breathSeconds, part: move ? partFor(move, segment) : null,
  });
  // A paused session shows the move standing still, and spends no battery on it.
  if (figure && engine.state === "paused") figure.figure.stop();
  else if (figure) figure.figure.start();
  const thumbnail = $("next-figure");
  thumbnail.hidden = !next || next.kind === "rest";
  if (thumbnail.hidden) return;
  nextFigure = showFigure(nextFigure, thumbnail, next.move, { side: next.side || "right", breathSeconds, still: true });
  // The thumbnail is not the step's demonstration: only the main figure carries data-demo.
  delete thumbnail.dataset.demo;
  thumbnail.removeAttribute("role");
}

function renderBreath(segment, into) {
  const breath = timeline.settings.breath_seconds;
  $("pacer").hidden = !segment.breaths;
  if (!segment.breaths) return;
  const number = Math.min(segment.breaths, Math.floor(into / breath) + 1);
  const phase = into % breath < breath / 2 ? "in" : "out";
  const pacer = $("pacer");
  if (pacer.dataset.phase !== phase) {
    pacer.dataset.phase = phase;
    // The dot grows while breathing in and shrinks breathing out, over half a breath of real time.
    pacer.style.setProperty("--half-breath", `${breath / 2 / speed}s`);
  }
  $("pacer-phase").textContent = `Breathe ${phase}`;
  $("pacer-count").textContent = `breath ${number} of ${segment.breaths}`;
}

function renderReps(segment, into) {
  const place = places[segment.index];
  const reps = $("reps");
  if (segment.reps) {
    // Counted as the voice counts them: rep n is called halfway through its tempo.
    const tempo = segment.duration / segment.reps;
    const counted = Math.min(segment.reps, Math.max(0, Math.floor((into + tempo / 2) / tempo)));
    reps.textContent = `${counted} of ${segment.reps} reps`;
  } else if (segment.rep && place.reps) {
    reps.textContent = `Rep ${segment.rep} of ${place.reps}`;
  }
  reps.hidden = !segment.reps && !(segment.rep && place.reps);
  $("done").hidden = !segment.reps;
}

function renderClock(segment, position) {
  const left = Math.max(0, Math.ceil(end(segment) - position - 1e-9));
  $("countdown").textContent = String(left);
  const done = segment.duration > 0 ? (position - segment.start) / segment.duration : 1;
  const fraction = Math.min(Math.max(done, 0), 1);
  // Under reduced motion the ring moves in whole seconds, never in a sweep.
  const shown = reduceMotion.matches ? 1 - left / Math.max(segment.duration, 1) : fraction;
  $("ring-fill").style.strokeDashoffset = String(100 * shown);
  beepForLastSeconds(segment, left);
}

function beepForLastSeconds(segment, left) {
  const key = `${segment.index}/${left}`;
  if (lastWhole === key) return;
  const previous = lastWhole;
  lastWhole = key;
  // Only while the step runs down by itself, not on arriving at a short step.
  if (engine.state !== "playing" || left < 1 || left > 3 || segment.duration < 5) return;
  if (!previous || !previous.startsWith(`${segment.index}/`)) return;
  tone(left === 1 ? 880 : 660, 0.12);
}

function render() {
  if (!engine || engine.state === "finished") return;
  const position = engine.position(clock());
  const segment = engine.segment;
  const into = position - segment.start;
  $("step-place").textContent = whereText(segment);
  $("move-name").textContent = nameOf(segment.move);
  $("side").textContent = segment.side ? ` · ${sideWords(segment.side)}` : "";
  $("side").dataset.side = segment.side || "";
  $("step-label").textContent = stepText(segment);
  $("step-label").hidden = !$("step-label").textContent;
  $("next-up").textContent = nextText(segment);
  $("progress-fill").style.width = `${(100 * position) / timeline.total_seconds}%`;
  $("player").dataset.segment = String(segment.index);
  $("player").dataset.kind = segment.kind;
  // A cue belongs to its step: after Next or Back, the old step's words go.
  if ($("cue").dataset.segment !== String(segment.index)) $("cue").textContent = "";
  renderClock(segment, position);
  renderBreath(segment, into);
  renderReps(segment, into);
  renderFigures(segment);
}

// ---- sound and touch ---------------------------------------------------------

const VOICE_KEY = "gethip-voice";
let audio = null;

function loadVoiceChoice() {
  try {
    return JSON.parse(localStorage.getItem(VOICE_KEY)) || {};
  } catch (error) {
    return {}; // storage refused or garbled: the defaults do
  }
}

function saveVoiceChoice() {
  const choice = {
    speak: $("voice").checked,
    voice: $("voice-name").value,
    rate: Number($("voice-rate").value),
    tones: $("tones").checked,
  };
  $("voice-rate-value").textContent = choice.rate.toFixed(1);
  try {
    localStorage.setItem(VOICE_KEY, JSON.stringify(choice));
  } catch (error) {
    // private mode: the choice holds for this visit only
  }
}

function listVoices() {
  if (!("speechSynthesis" in window)) return;
  const select = $("voice-name");
  const wanted = loadVoiceChoice().voice || select.value;
  // The cues are written in English: a voice for another language would mangle them.
  const voices = window.speechSynthesis.getVoices().filter((v) => v.lang.startsWith("en"));
  select.replaceChildren(select.options[0]);
  for (const voice of voices) {
    select.append(new Option(`${voice.name} (${voice.lang})`, voice.voiceURI));
  }
  if (voices.some((v) => v.voiceURI === wanted)) select.value = wanted;
}

function restoreVoiceChoice() {
  const choice = loadVoiceChoice();
  if (typeof choice.speak === "boolean") $("voice").checked = choice.speak;
  if (typeof choice.tones === "boolean") $("tones").checked = choice.tones;
  if (Number.isFinite(choice.rate)) $("voice-rate").value = String(choice.rate);
  $("voice-rate-value").textContent = Number($("voice-rate").value).toFixed(1);
  listVoices();
  if ("speechSynthesis" in window) window.speechSynthesis.addEventListener("voiceschanged", listVoices);
}

// Browsers only let sound start from a tap: the Start button opens the audio.
function openAudio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  try {
    audio = audio || new Context();
    // Some browsers open it suspended even from a tap; a resume from a tap wakes it.
    if (audio.state === "suspended") audio.resume().catch(() => {});
  } catch (error) {
    audio = null; // no sound for the tones: the voice and the screen still count
  }
}

function tone(frequency, seconds, delay = 0) {
  if (!audio || !$("tones").checked) return;
  const at = audio.currentTime + delay;
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = frequency;
  // A quick fade in and out: a hard edge clicks.
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.3, at + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(at);
  oscillator.stop(at + seconds + 0.02);
}

function buzz(pattern) {
  if (navigator.vibrate) navigator.vibrate(pattern);
}

function signalSwitch() {
  tone(523, 0.15);
  tone(784, 0.2, 0.18);
  buzz([200, 100, 200]);
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
    openAudio();
  }
  const paused = engine.state === "paused";
  // The label says what a press does; a pressed state on top would contradict it.
  $("pause").textContent = paused ? "Resume" : "Pause";
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
  rememberInAddress(null);
  if ($("stop-dialog").open) $("stop-dialog").close("keep");
  if (figure) figure.figure.destroy();
  if (nextFigure) nextFigure.figure.destroy();
  figure = nextFigure = null;
  showStage(false);
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

// ---- stopping early ------------------------------------------------------------

// A thumb can brush Stop while reaching for Pause: ask first, and hold the
// clock while the question is on screen.
let playingBeforeAsking = false;

function askToStop() {
  if (!engine || engine.state === "finished") return;
  playingBeforeAsking = engine.state === "playing";
  if (playingBeforeAsking) togglePause();
  $("stop-dialog").returnValue = "";
  $("stop-dialog").showModal();
}

function answerStop() {
  if (finalStatus) return;
  if ($("stop-dialog").returnValue === "stop") {
    finish("stopped");
    return;
  }
  if (playingBeforeAsking && engine.state === "paused") togglePause();
  $("stop").focus();
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
  if ($("stop-dialog").open) return; // the question has its own keys: Escape keeps going
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
$("stop").addEventListener("click", askToStop);
$("stop-dialog").addEventListener("close", answerStop);
$("voice").addEventListener("change", saveVoiceChoice);
$("voice-name").addEventListener("change", saveVoiceChoice);
$("voice-rate").addEventListener("input", saveVoiceChoice);
$("tones").addEventListener("change", saveVoiceChoice);
restoreVoiceChoice();
$("rating").addEventListener("submit", saveRating);
loadTimeline();
