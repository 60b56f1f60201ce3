// The hip check page: camera, pose model and maths all on the phone.
//
// MediaPipe Pose (window.Pose, from pose.js served by gethip itself) turns each
// video frame into 33 landmarks; while the runner holds still they are
// recorded; hipcheck.js (the core's maths, mirrored) reads them. The voice
// leads, because the runner is lying or kneeling and cannot see the screen.
// No picture or video leaves the phone: each side's landmarks go to gethip
// itself, which measures them again with the core and keeps the reading
// (keepcheck.js), and the page offers them as a download too.
import { CheckRefused, angleOf, compareSides, describe, measure, HIP, KNEE, ANKLE, SHOULDER } from "./hipcheck.js";
import { keep } from "./keepcheck.js";

const data = JSON.parse(document.getElementById("check-data").textContent);
const $ = (id) => document.getElementById(id);
const root = $("check");
const params = new URLSearchParams(location.search);
// Test hooks (browser tests cannot wait minutes): ?trials=1&ready=1&hold=4&rest=1&sides=left
const number = (name, fallback) => (params.has(name) ? Math.max(Number(params.get(name)) || 0, 0) : fallback);
const protocol = {
  trials: Math.max(1, Math.round(number("trials", data.protocol.trials))),
  ready: number("ready", data.protocol.get_ready_seconds),
  hold: number("hold", data.protocol.hold_seconds),
  rest: number("rest", data.protocol.rest_seconds),
  sides: (params.get("sides") || "left,right").split(",").filter((s) => s === "left" || s === "right"),
};
// Landmarks a whole-body view needs, visible and inside the frame.
const WHOLE_BODY = [0, 11, 12, 23, 24, 25, 26, 27, 28];
const LEVEL_TOLERANCE_DEG = 3;

// What a test can read from outside (and a curious runner from the console).
window.gethipCheck = { lastLandmarks: null, frames: 0, recordings: {} };

let test = "thomas";
let stream = null;
let pose = null;
let looping = false;
let capture = null; // { side, start, recording } while the runner holds still
let running = false; // a test under way: stop() ends it
let level = null; // degrees off level, from the orientation sensor
let recognition = null;
let wakeLock = null;

// ---- small helpers ---------------------------------------------------------

const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const fill = (template, side) => template
  .replaceAll("{Side}", capital(side)).replaceAll("{side}", side)
  .replaceAll("{other}", side === "left" ? "right" : "left");

function show(state) {
  root.dataset.state = state;
  for (const id of ["safety", "setup", "stage", "results", "stopped"]) $(id).hidden = id !== state;
  const heading = document.querySelector(`#${state} h2`);
  if (heading && state !== "safety") heading.focus();
}

class Stopped extends Error {}

function wait(seconds) {
  return new Promise((resolve, reject) => {
    if (!running) { reject(new Stopped()); return; }
    const timer = setTimeout(() => { stopWatch.delete(cancel); resolve(); }, seconds * 1000);
    const cancel = () => { clearTimeout(timer); reject(new Stopped()); };
    stopWatch.add(cancel);
  });
}
const stopWatch = new Set();

function speak(text) {
  $("stage-cue").textContent = text;
  if (!$("voice").checked || !("speechSynthesis" in window)) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = "en";
  // A voice on the phone itself, where there is one: some browsers' default
  // voices are spoken by a server.
  const voices = window.speechSynthesis.getVoices();
  const local = voices.find((v) => v.localService && v.lang.startsWith("en"));
  if (local) utterance.voice = local;
  window.speechSynthesis.speak(utterance);
}

async function countdown(seconds, label, sayNumbers) {
  $("stage-step").textContent = label;
  const end = performance.now() + seconds * 1000;
  let said = null;
  while (running) {
    const left = Math.ceil((end - performance.now()) / 1000);
    if (left <= 0) break;
    $("stage-count").textContent = String(left);
    if (sayNumbers && left <= 3 && left !== said) {
      said = left;
      if ($("voice").checked && "speechSynthesis" in window) window.speechSynthesis.speak(new SpeechSynthesisUtterance(String(left)));
    }
    await wait(Math.min(0.25, (end - performance.now()) / 1000));
  }
  if (!running) throw new Stopped();
  $("stage-count").textContent = "0";
}

// ---- camera and pose model -------------------------------------------------

async function startCamera() {
  stopCamera();
  $("camera-error").hidden = true;
  const front = $("front-camera").checked;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: front ? "user" : "environment", width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
  } catch (error) {
    const why = error && error.name === "NotAllowedError"
      ? "The camera was not allowed. Allow it for this site in the browser's settings, then try again."
      : "No camera could be opened on this device.";
    $("camera-error").textContent = why;
    $("camera-error").hidden = false;
    return false;
  }
  const video = $("video");
  video.srcObject = stream;
  $("viewfinder").classList.toggle("mirrored", front);
  await video.play();
  return true;
}

function stopCamera() {
  if (stream) for (const track of stream.getTracks()) track.stop();
  stream = null;
}

async function startModel() {
  if (pose) return true;
  if (typeof window.Pose !== "function") {
    guide("guide-model", false, "Pose model: not installed on this server");
    root.dataset.model = "missing";
    return false;
  }
  root.dataset.model = "loading";
  try {
    pose = new window.Pose({ locateFile: (file) => data.pose_url + file });
    pose.setOptions({
      modelComplexity: data.protocol.model_complexity,
      smoothLandmarks: true,
      enableSegmentation: false,
      minDetectionConfidence: 0.5,
      minTrackingConfidence: 0.5,
    });
    pose.onResults(onResults);
    await pose.initialize();
  } catch (error) {
    pose = null;
    root.dataset.model = "failed";
    guide("guide-model", false, navigator.onLine
      ? "Pose model: this browser cannot run it (it needs WebGL and WebAssembly)"
      : "Pose model: not on this phone yet; run the check once with the network on");
    return false;
  }
  root.dataset.model = "running";
  guide("guide-model", "wait", "Pose model: starting");
  return true;
}

let sentAt = 0;
let rate = { count: 0, since: 0 };

// One frame at a time, yielding to the page between frames: send() can settle
// without ever giving the event loop a turn, which would freeze the page.
const nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

async function loop() {
  if (looping) return;
  looping = true;
  const video = $("video");
  while (looping && pose) {
    await nextPaint();
    if (!(stream && video.readyState >= 2 && video.videoWidth > 0)) continue;
    sentAt = performance.now();
    try {
      await pose.send({ image: video });
    } catch (error) {
      root.dataset.model = "failed";
      guide("guide-model", false, "Pose model: stopped working");
      break;
    }
  }
  looping = false;
}

function onResults(results) {
  const video = $("video");
  const landmarks = results.poseLandmarks || null;
  const now = performance.now();
  if (!rate.since) {
    guide("guide-model", true, "Pose model: running");
    rate = { count: 0, since: now };
  } else if (now - rate.since > 2000) {
    rate.count += 1;
    guide("guide-model", true, `Pose model: running, ${((rate.count * 1000) / (now - rate.since)).toFixed(1)} frames a second`);
    rate = { count: 0, since: now };
  } else {
    rate.count += 1;
  }
  draw(landmarks);
  if (!landmarks) { guide("guide-body", false, "Whole body in view: nobody found"); return; }
  const points = landmarks.map((p) => [p.x, p.y, p.z, p.visibility ?? 0]);
  window.gethipCheck.lastLandmarks = points;
  window.gethipCheck.frames += 1;
  root.dataset.poses = String(window.gethipCheck.frames);
  frameGuide(points, video.videoWidth, video.videoHeight);
  $("begin").disabled = false;
  if (capture && video.videoWidth === capture.recording.width && video.videoHeight === capture.recording.height) {
    const t = Math.round((sentAt - capture.start)) / 1000;
    capture.recording.frames.push({ t, landmarks: points });
  }
}

// ---- the framing guide -----------------------------------------------------

function guide(id, ok, text) {
  const item = $(id);
  item.dataset.ok = ok === "wait" ? "wait" : ok ? "yes" : "no";
  item.textContent = text;
}

function frameGuide(points, width, height) {
  const inView = WHOLE_BODY.every((i) => points[i][3] >= 0.5 && points[i][0] >= 0 && points[i][0] <= 1 && points[i][1] >= 0 && points[i][1] <= 1);
  guide("guide-body", inView, inView ? "Whole body in view" : "Whole body in view: move the phone back until head and feet are in the picture");
  // The same measure as the core's side-on rule, on the nearer leg.
  const near = points[HIP.left][3] + points[KNEE.left][3] >= points[HIP.right][3] + points[KNEE.right][3] ? "left" : "right";
  const px = (i) => [points[i][0] * width, points[i][1] * height];
  const [hip, knee] = [px(HIP[near]), px(KNEE[near])];
  const [lh, rh] = [px(HIP.left), px(HIP.right)];
  const thigh = Math.sqrt((knee[0] - hip[0]) ** 2 + (knee[1] - hip[1]) ** 2);
  const apart = thigh > 0 ? Math.sqrt((lh[0] - rh[0]) ** 2 + (lh[1] - rh[1]) ** 2) / thigh : Infinity;
  const sideOn = apart <= data.limits.side_on_max;
  guide("guide-side", sideOn, sideOn ? "Side-on to the camera" : "Side-on to the camera: turn the phone until it looks straight at your hip");
}

// Degrees the screen is rolled away from level, portrait or landscape alike,
// from the device orientation (beta, gamma): the up vector in the phone's frame.
function onOrientation(event) {
  if (event.beta === null || event.gamma === null) return;
  const beta = (event.beta * Math.PI) / 180;
  const gamma = (event.gamma * Math.PI) / 180;
  const [upX, upY] = [-Math.sin(gamma) * Math.cos(beta), Math.sin(beta)];
  // Lying flat, or leaning far back, the screen has no "up" to be level with.
  if (Math.sqrt(upX * upX + upY * upY) < 0.8) {
    level = null;
    guide("guide-level", false, "Phone level: stand the phone up on its side, screen facing you");
    return;
  }
  const roll = (Math.atan2(upX, upY) * 180) / Math.PI;
  level = (((roll + 45) % 90) + 90) % 90 - 45;
  const ok = Math.abs(level) <= LEVEL_TOLERANCE_DEG;
  guide("guide-level", ok, ok ? "Phone level" : `Phone level: tilted ${Math.abs(level).toFixed(0)}°, straighten it`);
}

async function watchLevel() {
  if (!("DeviceOrientationEvent" in window)) {
    guide("guide-level", "wait", "Phone level: no sensor here, check by eye that the phone stands straight");
    return;
  }
  try {
    // iOS asks the runner first, and only from a tap.
    if (typeof DeviceOrientationEvent.requestPermission === "function") await DeviceOrientationEvent.requestPermission();
  } catch (error) { /* refused: the guide says to check by eye */ }
  window.addEventListener("deviceorientation", onOrientation);
  setTimeout(() => {
    if (level === null) guide("guide-level", "wait", "Phone level: no sensor reading, check by eye that the phone stands straight");
  }, 1500);
}

function draw(landmarks) {
  const canvas = $("overlay");
  const video = $("video");
  canvas.width = video.clientWidth;
  canvas.height = video.clientHeight;
  const context = canvas.getContext("2d");
  context.clearRect(0, 0, canvas.width, canvas.height);
  if (!landmarks) return;
  context.lineWidth = 4;
  context.lineCap = "round";
  // The sides' colours come from app.css's tokens, as everywhere else, so the
  // skeleton matches the words "left" and "right" in either theme.
  const tokens = getComputedStyle(document.documentElement);
  for (const side of ["left", "right"]) {
    context.strokeStyle = tokens.getPropertyValue(`--${side}`).trim();
    context.beginPath();
    [SHOULDER[side], HIP[side], KNEE[side], ANKLE[side]].forEach((index, n) => {
      const p = landmarks[index];
      const [x, y] = [p.x * canvas.width, p.y * canvas.height];
      if (n === 0) context.moveTo(x, y); else context.lineTo(x, y);
    });
    context.stroke();
  }
}

// ---- listening for "stop" --------------------------------------------------

const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;

async function offerListening() {
  const box = $("listen");
  const note = $("listen-note");
  if (!Recognition) {
    box.disabled = true;
    note.textContent = "(this browser cannot listen: tap the screen to stop)";
    return;
  }
  let local = false;
  try {
    if (typeof Recognition.available === "function") {
      local = (await Recognition.available({ langs: ["en-US"], processLocally: true })) === "available";
    }
  } catch (error) { local = false; }
  box.dataset.local = String(local);
  box.checked = local;
  note.textContent = local
    ? "(recognised on this phone)"
    : "(this browser sends the sound to its maker's speech service to recognise it)";
}

function startListening() {
  if (!Recognition || !$("listen").checked) { $("stop-word").textContent = ""; return; }
  $("stop-word").textContent = ", or say “stop”,";
  recognition = new Recognition();
  recognition.lang = "en-US";
  recognition.continuous = true;
  recognition.interimResults = true;
  if ($("listen").dataset.local === "true") recognition.processLocally = true;
  recognition.onresult = (event) => {
    for (let i = event.resultIndex; i < event.results.length; i++) {
      if (/\bstop\b/i.test(event.results[i][0].transcript)) stop();
    }
  };
  // Recognition ends by itself after a silence; start again while the test runs.
  recognition.onend = () => { if (running && recognition) try { recognition.start(); } catch (error) { /* already on */ } };
  try { recognition.start(); } catch (error) { recognition = null; }
}

function stopListening() {
  const current = recognition;
  recognition = null;
  if (current) try { current.abort(); } catch (error) { /* already off */ }
}

// ---- the test --------------------------------------------------------------

async function keepAwake() {
  try {
    if ("wakeLock" in navigator && !wakeLock) wakeLock = await navigator.wakeLock.request("screen");
  } catch (error) { wakeLock = null; }
}

function newRecording(side) {
  const video = $("video");
  // When and with what it was measured travel with the landmarks: in the
  // download as in what gethip keeps, so both read the same.
  return {
    test, side, width: video.videoWidth, height: video.videoHeight, frames: [],
    measured_at: null, pose_model: data.pose_model,
  };
}

function read(recording) {
  try {
    return { result: measure(recording, data.limits) };
  } catch (error) {
    if (error instanceof CheckRefused) return { refusal: error };
    throw error;
  }
}

function signed(value) {
  const rounded = Math.floor(value + 0.5);
  return `${rounded > 0 ? "+" : rounded < 0 ? "−" : ""}${Math.abs(rounded)}°`;
}

function noteTrial(side, trial, outcome) {
  const item = document.createElement("li");
  item.textContent = outcome.result
    ? `${capital(side)} ${trial}: ${signed(angleOf(outcome.result))} ±${Math.floor(outcome.result.uncertainty_deg + 0.5)}°`
    : `${capital(side)} ${trial}: not counted. ${outcome.refusal.reason}`;
  $("trials").append(item);
}

async function runSide(side, recordings) {
  const words = data.tests[test];
  const recording = newRecording(side);
  recordings[side] = recording;
  window.gethipCheck.recordings[side] = recording;
  let origin = null;
  $("stage-side").textContent = `${capital(side)} side`;
  $("stage-side").dataset.side = side;
  for (let trial = 1; trial <= protocol.trials; trial++) {
    speak(`${fill(words.position, side)} Try ${trial} of ${protocol.trials}.`);
    await countdown(protocol.ready, `Try ${trial} of ${protocol.trials}: get into position`, true);
    speak(fill(words.hold, side));
    // Times count from the side's first hold, so the three tries sit apart in
    // one file, with the gaps between them that restart the stillness.
    const start = performance.now();
    origin = origin ?? start;
    recording.measured_at = recording.measured_at ?? new Date().toISOString();
    const before = recording.frames.length;
    capture = { side, start: origin, recording };
    try {
      await countdown(protocol.hold, `Try ${trial}: hold still`, false);
    } finally {
      capture = null;
    }
    speak(fill(words.relax, side));
    noteTrial(side, trial, read({ ...recording, frames: recording.frames.slice(before) }));
    if (trial < protocol.trials) await countdown(protocol.rest, "Rest", false);
  }
}

async function runTest() {
  running = true;
  $("trials").replaceChildren();
  show("stage");
  keepAwake();
  startListening();
  const recordings = {};
  try {
    for (const [n, side] of protocol.sides.entries()) {
      if (n > 0) {
        speak(`Now the ${side} side.`);
        await countdown(protocol.rest, "Change sides", false);
      }
      await runSide(side, recordings);
    }
  } catch (error) {
    if (error instanceof Stopped) return;
    throw error;
  } finally {
    stopListening();
    if (wakeLock) wakeLock.release().catch(() => {});
    wakeLock = null;
  }
  running = false;
  speak("Done. Your results are on the screen.");
  showResults(recordings);
}

function stop() {
  if (!running) return;
  running = false;
  capture = null;
  for (const cancel of [...stopWatch]) cancel();
  stopWatch.clear();
  if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  stopListening();
  looping = false;
  stopCamera();
  show("stopped");
  speak("Stopped.");
}

// ---- results ----------------------------------------------------------------

function download(recording) {
  const link = document.createElement("a");
  const blob = new Blob([JSON.stringify(recording)], { type: "application/json" });
  link.href = URL.createObjectURL(blob);
  const day = new Date().toISOString().slice(0, 10);
  link.download = `gethip-check-${recording.test}-${recording.side}-${day}.json`;
  link.className = "button";
  link.textContent = `Download the ${recording.side} side's landmarks`;
  link.dataset.side = recording.side;
  return link;
}

function showResults(recordings) {
  looping = false;
  stopCamera();
  const sides = $("sides");
  sides.replaceChildren();
  const outcomes = {};
  for (const side of protocol.sides) {
    const outcome = read(recordings[side]);
    outcomes[side] = outcome;
    const card = document.createElement("article");
    card.className = "card side-result";
    card.dataset.side = side;
    const title = document.createElement("h3");
    title.textContent = `${capital(side)} side`;
    card.append(title);
    if (outcome.result) {
      const r = outcome.result;
      const big = document.createElement("p");
      big.className = "reading";
      big.dataset.angle = String(angleOf(r));
      big.textContent = `${signed(angleOf(r))} ±${Math.floor(r.uncertainty_deg + 0.5)}°`;
      const what = document.createElement("p");
      what.className = "meta";
      what.textContent = `${test === "thomas" ? "Thigh angle, + below horizontal" : "Hip extension, + behind the trunk line"} · knee ${Math.floor(r.knee_angle_deg + 0.5)}° · ${r.frames_used} of ${r.frames_total} frames used`;
      const said = document.createElement("p");
      said.textContent = describe(r);
      const saved = document.createElement("p");
      saved.className = "saved meta";
      saved.setAttribute("role", "status");
      card.append(big, what, said, saved);
      keep(recordings[side], saved);
    } else {
      const said = document.createElement("p");
      said.className = "refusal";
      said.dataset.code = outcome.refusal.code;
      said.textContent = `No reading: ${outcome.refusal.reason}`;
      card.append(said);
    }
    card.append(download(recordings[side]));
    sides.append(card);
  }
  const { left, right } = outcomes;
  $("comparison").textContent = left && right && left.result && right.result ? compareSides(left.result, right.result).message : "";
  show("results");
}

// ---- wiring -----------------------------------------------------------------

$("choose").addEventListener("submit", async (event) => {
  event.preventDefault();
  test = new FormData($("choose")).get("test") || "thomas";
  $("place").textContent = data.tests[test].place;
  $("begin").textContent = `Start with the ${protocol.sides[0]} side`;
  show("setup");
  watchLevel();
  if (!(await startCamera())) return;
  if (await startModel()) loop();
});

$("front-camera").addEventListener("change", async () => {
  if (await startCamera() && pose) loop();
});

$("begin").addEventListener("click", () => {
  runTest().catch((error) => {
    running = false;
    $("stage-cue").textContent = `Something went wrong: ${error.message}`;
  });
});

$("stop").addEventListener("click", stop);
document.addEventListener("keydown", (event) => { if (event.key === "Escape") stop(); });

for (const id of ["again", "restart"]) {
  $(id).addEventListener("click", () => { show("safety"); });
}

offerListening();
