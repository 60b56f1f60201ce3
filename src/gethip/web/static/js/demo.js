// The animated figure for a move, drawn from the move's `demo` data.
//
// The timing, the eased interpolation and the forward kinematics repeat
// gethip/core/demo.py step for step (its docstring explains the angles);
// tests/browser/test_demo.py compares the joints this file computes with the
// Python ones for every move. Change one, change the other.

const HIP_HALF_WIDTH = 0.09;
const SHOULDER_HALF_WIDTH = 0.17;
const TRUNK_LENGTH = 0.52;
const HEAD_UP = 0.17;
const HEAD_FORWARD = 0.05;
const HEAD_RADIUS = 0.1;
const THIGH = 0.44;
const SHANK = 0.43;
const ANKLE_HEIGHT = 0.06;
const HEEL_BACK = 0.05;
const TOE_FORWARD = 0.17;
const UPPER_ARM = 0.29;
const FOREARM = 0.29;
const TRUNK_RADIUS = 0.05;
const LIMB_RADIUS = 0.035;
const TRUNK_JOINTS = new Set(["neck", "pelvis", "right_hip", "left_hip", "right_shoulder", "left_shoulder"]);
const DEFAULT_BREATH_SECONDS = 6;

const SCALARS = ["trunk", "trunk_side", "neck", "x", "z", "lift"];
const LIMBS = {
  right_leg: ["hip", "hip_out", "hip_turn", "knee", "ankle"],
  left_leg: ["hip", "hip_out", "hip_turn", "knee", "ankle"],
  right_arm: ["shoulder", "shoulder_out", "elbow"],
  left_arm: ["shoulder", "shoulder_out", "elbow"],
};

// ---- poses over time --------------------------------------------------------

// Pages send the demo without its zero angles; the API sends all of them.
function complete(pose) {
  const full = {};
  for (const key of SCALARS) full[key] = pose[key] ?? 0;
  for (const [limb, fields] of Object.entries(LIMBS)) {
    full[limb] = {};
    for (const field of fields) full[limb][field] = pose[limb]?.[field] ?? 0;
  }
  return full;
}

export function mirror(pose) {
  return {
    ...pose,
    trunk_side: -pose.trunk_side,
    z: -pose.z,
    right_leg: pose.left_leg,
    left_leg: pose.right_leg,
    right_arm: pose.left_arm,
    left_arm: pose.right_arm,
  };
}

function blend(start, end, weight) {
  const out = {};
  for (const key of SCALARS) out[key] = start[key] + (end[key] - start[key]) * weight;
  for (const [limb, fields] of Object.entries(LIMBS)) {
    out[limb] = {};
    for (const field of fields) out[limb][field] = start[limb][field] + (end[limb][field] - start[limb][field]) * weight;
  }
  return out;
}

export function ease(fraction) {
  return fraction * fraction * (3 - 2 * fraction);
}

function partSeconds(part, dose, breathSeconds) {
  if (part.lasts === "breath") return breathSeconds;
  if (part.lasts === "rep") return dose.tempo_seconds;
  return part.lasts;
}

function spans(move, breathSeconds, onlyPart) {
  const parts = move.demo.parts;
  const numbers = onlyPart === null ? parts.map((_, i) => i) : [onlyPart];
  const halves = move.dose.sidedness === "alternating" ? [false, true] : [false];
  const out = [];
  let start = 0;
  for (const mirrored of halves) {
    for (const number of numbers) {
      const length = partSeconds(parts[number], move.dose, breathSeconds);
      out.push({ part: number, mirrored, start, length });
      start += length;
    }
  }
  return out;
}

export function cycleSeconds(move, breathSeconds = DEFAULT_BREATH_SECONDS, part = null) {
  return spans(move, breathSeconds, part).reduce((sum, span) => sum + span.length, 0);
}

function named(demo, name, mirrored) {
  const pose = complete(demo.poses[name]);
  return mirrored ? mirror(pose) : pose;
}

export function poseAt(move, seconds, side = "right", breathSeconds = DEFAULT_BREATH_SECONDS, part = null) {
  const demo = move.demo;
  const all = spans(move, breathSeconds, part);
  const last = all[all.length - 1];
  const time = seconds % (last.start + last.length);
  let index = all.findIndex((span) => time < span.start + span.length);
  if (index < 0) index = all.length - 1;
  const span = all[index];
  const fraction = (time - span.start) / span.length;
  const frames = demo.parts[span.part].keyframes;
  let k = 0;
  frames.forEach((frame, i) => { if (frame.at <= fraction) k = i; });
  const start = named(demo, frames[k].pose, span.mirrored);
  let end;
  let endAt;
  if (k + 1 < frames.length) {
    end = named(demo, frames[k + 1].pose, span.mirrored);
    endAt = frames[k + 1].at;
  } else {
    const after = all[(index + 1) % all.length];
    end = named(demo, demo.parts[after.part].keyframes[0].pose, after.mirrored);
    endAt = 1;
  }
  const pose = blend(start, end, ease((fraction - frames[k].at) / (endAt - frames[k].at)));
  return side === "right" ? pose : mirror(pose);
}

export function cameraFor(demo, side) {
  const camera = demo.camera ?? 0;
  return side === "right" ? camera : 180 - camera;
}

// ---- forward kinematics ---------------------------------------------------------

const radians = (degrees) => degrees * (Math.PI / 180);

function rotationX(degrees) {
  const c = Math.cos(radians(degrees)), s = Math.sin(radians(degrees));
  return [[1, 0, 0], [0, c, -s], [0, s, c]];
}

function rotationY(degrees) {
  const c = Math.cos(radians(degrees)), s = Math.sin(radians(degrees));
  return [[c, 0, s], [0, 1, 0], [-s, 0, c]];
}

function rotationZ(degrees) {
  const c = Math.cos(radians(degrees)), s = Math.sin(radians(degrees));
  return [[c, -s, 0], [s, c, 0], [0, 0, 1]];
}

function times(a, b) {
  return a.map((row) => [
    row[0] * b[0][0] + row[1] * b[1][0] + row[2] * b[2][0],
    row[0] * b[0][1] + row[1] * b[1][1] + row[2] * b[2][1],
    row[0] * b[0][2] + row[1] * b[1][2] + row[2] * b[2][2],
  ]);
}

function step(origin, frame, offset) {
  return [
    origin[0] + frame[0][0] * offset[0] + frame[0][1] * offset[1] + frame[0][2] * offset[2],
    origin[1] + frame[1][0] * offset[0] + frame[1][1] * offset[1] + frame[1][2] * offset[2],
    origin[2] + frame[2][0] * offset[0] + frame[2][1] * offset[1] + frame[2][2] * offset[2],
  ];
}

export function joints3d(pose) {
  const pelvisFrame = rotationZ(-pose.trunk);
  const trunkFrame = times(pelvisFrame, rotationX(pose.trunk_side));
  const pelvis = [pose.x, 0, pose.z];
  const neck = step(pelvis, trunkFrame, [0, TRUNK_LENGTH, 0]);
  const points = {
    pelvis,
    neck,
    head: step(neck, times(trunkFrame, rotationZ(-pose.neck)), [HEAD_FORWARD, HEAD_UP, 0]),
  };
  for (const [name, sign] of [["right", 1], ["left", -1]]) {
    const leg = pose[`${name}_leg`];
    const arm = pose[`${name}_arm`];
    const hip = step(pelvis, pelvisFrame, [0, 0, sign * HIP_HALF_WIDTH]);
    const thigh = times(
      times(times(pelvisFrame, rotationZ(leg.hip)), rotationX(-sign * leg.hip_out)),
      rotationY(-sign * leg.hip_turn),
    );
    const knee = step(hip, thigh, [0, -THIGH, 0]);
    const shank = times(thigh, rotationZ(-leg.knee));
    const ankle = step(knee, shank, [0, -SHANK, 0]);
    const foot = times(shank, rotationZ(-leg.ankle));
    const shoulder = step(neck, trunkFrame, [0, 0, sign * SHOULDER_HALF_WIDTH]);
    const upperArm = times(times(trunkFrame, rotationZ(arm.shoulder)), rotationX(-sign * arm.shoulder_out));
    const elbow = step(shoulder, upperArm, [0, -UPPER_ARM, 0]);
    const forearm = times(upperArm, rotationZ(arm.elbow));
    Object.assign(points, {
      [`${name}_hip`]: hip,
      [`${name}_knee`]: knee,
      [`${name}_ankle`]: ankle,
      [`${name}_heel`]: step(ankle, foot, [-HEEL_BACK, -ANKLE_HEIGHT, 0]),
      [`${name}_toe`]: step(ankle, foot, [TOE_FORWARD, -ANKLE_HEIGHT, 0]),
      [`${name}_shoulder`]: shoulder,
      [`${name}_elbow`]: elbow,
      [`${name}_hand`]: step(elbow, forearm, [0, -FOREARM, 0]),
    });
  }
  return points;
}

function surfaceRadius(joint) {
  if (joint === "head") return HEAD_RADIUS;
  return TRUNK_JOINTS.has(joint) ? TRUNK_RADIUS : LIMB_RADIUS;
}

// Every joint as the camera sees it: [across, height, nearness to the camera].
function view(pose, camera) {
  const points = joints3d(pose);
  let floor = Infinity;
  for (const [joint, point] of Object.entries(points)) floor = Math.min(floor, point[1] - surfaceRadius(joint));
  const rise = pose.lift - floor;
  const c = Math.cos(radians(camera)), s = Math.sin(radians(camera));
  const out = {};
  for (const [joint, [x, y, z]] of Object.entries(points)) out[joint] = [x * c - z * s, y + rise, x * s + z * c];
  return out;
}

export function posePoints(pose, camera = 0) {
  const out = {};
  for (const [joint, [x, y]] of Object.entries(view(complete(pose), camera))) out[joint] = [x, y];
  return out;
}

export function figureAt(move, seconds, side = "right", breathSeconds = DEFAULT_BREATH_SECONDS, part = null) {
  return posePoints(poseAt(move, seconds, side, breathSeconds, part), cameraFor(move.demo, side));
}

// ---- drawing --------------------------------------------------------------------

const SVG = "http://www.w3.org/2000/svg";
const LIMB_WIDTH = 0.075;
const TRUNK_WIDTH = 0.11;
const PAD = 0.12;

function svgElement(name, attributes = {}) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

const f = (value) => value.toFixed(4);
const at = ([x, y]) => `${f(x)} ${f(-y)}`;
const path = (...runs) => runs.map((run) => "M" + run.map(at).join("L")).join("");

// One drawn figure: four limbs and a trunk, reordered far to near as it turns.
class Figure {
  constructor(parent, accent, camera) {
    this.group = svgElement("g", { class: "demo-figure" });
    this.parts = {};
    const near = Math.cos(radians(camera)) >= 0 ? "right" : "left";
    for (const side of ["right", "left"]) {
      const far = side === near ? "" : " demo-far";
      const working = accent.includes(side) ? " demo-working" : "";
      this.parts[`${side}_leg`] = svgElement("path", { class: `demo-limb demo-leg${far}${working}`, "stroke-width": LIMB_WIDTH });
      this.parts[`${side}_arm`] = svgElement("path", { class: `demo-limb demo-arm${far}`, "stroke-width": LIMB_WIDTH });
    }
    this.trunk = svgElement("g", { class: "demo-trunk" });
    this.torso = svgElement("path", { class: "demo-torso", "stroke-width": LIMB_WIDTH });
    this.spine = svgElement("path", { class: "demo-spine", "stroke-width": TRUNK_WIDTH });
    this.head = svgElement("circle", { class: "demo-head", r: HEAD_RADIUS });
    this.trunk.append(this.torso, this.spine, this.head);
    this.parts.trunk = this.trunk;
    this.order = "";
    parent.append(this.group);
  }

  draw(points) {
    const p = (joint) => points[joint];
    for (const side of ["right", "left"]) {
      this.parts[`${side}_leg`].setAttribute("d", path(
        [p(`${side}_hip`), p(`${side}_knee`), p(`${side}_ankle`)],
        [p(`${side}_ankle`), p(`${side}_heel`), p(`${side}_toe`), p(`${side}_ankle`)],
      ));
      this.parts[`${side}_arm`].setAttribute("d", path([p(`${side}_shoulder`), p(`${side}_elbow`), p(`${side}_hand`)]));
    }
    this.torso.setAttribute("d", path([p("left_hip"), p("right_hip")], [p("left_shoulder"), p("right_shoulder")]));
    this.spine.setAttribute("d", path([p("pelvis"), p("neck"), p("head")]));
    this.head.setAttribute("cx", f(p("head")[0]));
    this.head.setAttribute("cy", f(-p("head")[1]));
    this.stack(points);
  }

  // Far things first, so a near arm passes in front of the trunk and a far one behind it.
  stack(points) {
    const depth = (...joints) => joints.reduce((sum, joint) => sum + points[joint][2], 0) / joints.length;
    const depths = {
      trunk: depth("pelvis", "neck"),
      right_leg: depth("right_hip", "right_knee", "right_ankle"),
      left_leg: depth("left_hip", "left_knee", "left_ankle"),
      right_arm: depth("right_shoulder", "right_elbow", "right_hand"),
      left_arm: depth("left_shoulder", "left_elbow", "left_hand"),
    };
    const order = Object.keys(depths).sort((a, b) => depths[a] - depths[b]);
    const key = order.join();
    if (key === this.order) return;
    this.order = key;
    for (const name of order) this.group.append(this.parts[name]);
  }
}

function describe(move, side, still, breathSeconds) {
  const dose = move.dose;
  const seconds = (value) => `${Math.round(value * 100) / 100} s`;
  let what;
  if (dose.kind === "reps") what = `one rep every ${seconds(dose.tempo_seconds)}`;
  else if (dose.kind === "timed") what = `the drill at its own pace, a full cycle every ${seconds(cycleSeconds(move, breathSeconds))}`;
  else if (dose.kind === "breath-hold") what = `the held position, one breath every ${seconds(breathSeconds)}`;
  else if (dose.kind === "range-then-hold") what = `the slow range of motion, then the hold, breathing every ${seconds(breathSeconds)}`;
  else what = `${dose.phases.map((phase) => phase.name.toLowerCase()).join(", then ")}, one breath each`;
  if (dose.sidedness === "alternating") what += ", legs alternating";
  else if (dose.sidedness === "each") what += `, ${side} side`;
  if (still) what = `key positions of the move (still): ${what}`;
  return `${move.name}: a figure showing ${what}`;
}

/**
 * Draw `move`'s demo into `element` and animate it at the move's tempo.
 * Options: side ("right" | "left"), breathSeconds, still (key poses, no motion),
 * part (loop one part alone, e.g. the bridge's hovering leg). Motion stops
 * while the element is off-screen or the tab hidden, and under reduced motion.
 */
export function mountDemo(element, move, options = {}) {
  const reduced = window.matchMedia("(prefers-reduced-motion: reduce)");
  const state = {
    side: options.side ?? "right",
    breathSeconds: options.breathSeconds ?? DEFAULT_BREATH_SECONDS,
    still: options.still ?? false,
    part: options.part ?? null,
    playing: true,
    visible: true,
    elapsed: 0,
    last: null,
    frame: 0,
  };
  const svg = svgElement("svg", { "aria-hidden": "true", focusable: "false", preserveAspectRatio: "xMidYMax meet" });
  element.replaceChildren(svg);
  element.setAttribute("role", "img");
  element.dataset.demo = move.id;
  let figure = null;

  const stillNow = () => state.still || reduced.matches;
  // The working legs: both when the move uses both at once, else the demo's accent side, mirrored for the left.
  const accent = () => {
    if (move.dose.sidedness === "both") return ["right", "left"];
    const accent = move.demo.accent ?? "right";
    return [state.side === "right" ? accent : accent === "right" ? "left" : "right"];
  };
  const camera = () => cameraFor(move.demo, state.side);
  const pointsAt = (seconds) => view(poseAt(move, seconds, state.side, state.breathSeconds, state.part), camera());

  function layout() {
    svg.replaceChildren();
    const samples = 48;
    const cycle = cycleSeconds(move, state.breathSeconds, state.part);
    let [left, right, top] = [Infinity, -Infinity, 0];
    for (let i = 0; i < samples; i++) {
      for (const [joint, [x, y]] of Object.entries(pointsAt((cycle * i) / samples))) {
        const r = joint === "head" ? HEAD_RADIUS : LIMB_WIDTH;
        left = Math.min(left, x - r);
        right = Math.max(right, x + r);
        top = Math.max(top, y + r);
      }
    }
    const box = move.demo.box;
    if (box) {
      const c = Math.cos(radians(camera()));
      for (const edge of [box.front * c, box.back * c]) {
        left = Math.min(left, edge);
        right = Math.max(right, edge);
      }
    }
    const width = right - left + 2 * PAD;
    const height = top + 2 * PAD;
    svg.setAttribute("viewBox", `${f(left - PAD)} ${f(-top - PAD)} ${f(width)} ${f(height)}`);
    if (move.demo.ground !== "standing") {
      svg.append(svgElement("rect", { class: "demo-mat", x: f(left - PAD / 2), y: 0, width: f(width - PAD), height: 0.035, rx: 0.0175 }));
    }
    svg.append(svgElement("line", { class: "demo-floor", x1: f(left - width), y1: 0, x2: f(right + width), y2: 0, "stroke-width": 0.015 }));
    if (box) {
      const c = Math.cos(radians(camera()));
      const [a, b] = [box.front * c, box.back * c].sort((m, n) => m - n);
      svg.append(svgElement("rect", { class: "demo-box", x: f(a), y: f(-box.height), width: f(b - a), height: f(box.height), rx: 0.02, "stroke-width": 0.015 }));
    }
    if (stillNow()) {
      const names = move.demo.still;
      names.forEach((name, i) => {
        const ghost = new Figure(svg, accent(), camera());
        if (i < names.length - 1) ghost.group.classList.add("demo-ghost");
        const pose = complete(move.demo.poses[name]);
        ghost.draw(view(state.side === "right" ? pose : mirror(pose), camera()));
      });
      figure = null;
    } else {
      figure = new Figure(svg, accent(), camera());
      figure.draw(pointsAt(state.elapsed));
    }
    element.setAttribute("aria-label", describe(move, state.side, stillNow(), state.breathSeconds));
  }

  function tick(now) {
    state.frame = 0;
    if (state.last !== null) state.elapsed += (now - state.last) / 1000;
    state.last = now;
    figure.draw(pointsAt(state.elapsed));
    schedule();
  }

  function schedule() {
    const run = state.playing && state.visible && !document.hidden && figure !== null;
    if (run && !state.frame) state.frame = requestAnimationFrame(tick);
    if (!run) {
      if (state.frame) cancelAnimationFrame(state.frame);
      state.frame = 0;
      state.last = null;
    }
  }

  const observer = new IntersectionObserver((entries) => {
    state.visible = entries[entries.length - 1].isIntersecting;
    schedule();
  });
  observer.observe(element);
  const onVisibility = () => schedule();
  document.addEventListener("visibilitychange", onVisibility);
  const onMotionPreference = () => { layout(); schedule(); };
  reduced.addEventListener("change", onMotionPreference);

  layout();
  schedule();

  return {
    element,
    setSide(side) { state.side = side; layout(); schedule(); },
    setBreathSeconds(seconds) { state.breathSeconds = seconds; layout(); schedule(); },
    setPart(part) { state.part = part; state.elapsed = 0; layout(); schedule(); },
    start() { state.playing = true; schedule(); },
    stop() { state.playing = false; schedule(); },
    restart() { this.seek(0); this.start(); },
    // Show the moment `seconds` into the loop (playing carries on from there).
    seek(seconds) { state.elapsed = seconds; state.last = null; if (figure) figure.draw(pointsAt(seconds)); },
    destroy() {
      state.playing = false;
      schedule();
      observer.disconnect();
      document.removeEventListener("visibilitychange", onVisibility);
      reduced.removeEventListener("change", onMotionPreference);
      element.replaceChildren();
    },
  };
}
