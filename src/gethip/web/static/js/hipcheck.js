// The hip check's maths, on the phone: a line-for-line mirror of
// gethip/core/hipcheck.py (measure, the refusals and their words, the
// verdict) and of core/hipcheck_comparison.py (compareSides). The limits come
// from the server, from the core's own Limits. tests/browser/test_check.py runs
// both on the same recordings and requires the same answers; change one, change
// the other.

export const POSE_LANDMARKS = 33;
export const SHOULDER = { left: 11, right: 12 };
export const HIP = { left: 23, right: 24 };
export const KNEE = { left: 25, right: 26 };
export const ANKLE = { left: 27, right: 28 };

const other = (side) => (side === "left" ? "right" : "left");

export class CheckRefused extends Error {
  constructor(code, reason) {
    super(reason);
    this.code = code;
    this.reason = reason;
  }
}

// numpy's median: the middle value, or the mean of the two middle ones.
export function median(values) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const half = n >> 1;
  return n % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

// sqrt of the sum of squares, spelled out as in the core (not Math.hypot).
const length = (dx, dy) => Math.sqrt(dx * dx + dy * dy);
const degrees = (y, x) => (Math.atan2(y, x) * 180) / Math.PI;
export const whole = (value) => Math.floor(value + 0.5);
const percent = (share) => whole(share * 100);

function arrays(recording) {
  // A stable sort by time, as Python's sorted().
  const frames = recording.frames.map((frame, index) => [frame, index]);
  frames.sort((a, b) => a[0].t - b[0].t || a[1] - b[1]);
  const { width, height } = recording;
  return {
    t: frames.map(([frame]) => frame.t),
    xy: frames.map(([frame]) => frame.landmarks.map((p) => [p[0] * width, p[1] * height])),
    vis: frames.map(([frame]) => frame.landmarks.map((p) => p[3])),
  };
}

function runs(t, keep, seen, maxGap) {
  const run = new Array(t.length).fill(-1);
  let current = -1;
  let previous = null;
  for (let i = 0; i < t.length; i++) {
    if (!seen[i]) { previous = null; continue; }
    if (!keep[i]) continue;
    if (previous === null || t[i] - t[previous] > maxGap) current += 1;
    run[i] = current;
    previous = i;
  }
  return run;
}

function spikes(xy, run, points, reach) {
  const spike = new Array(run.length).fill(false);
  const members = [];
  run.forEach((r, i) => { if (r >= 0) members.push(i); });
  for (let k = 1; k < members.length - 1; k++) {
    const [before, here, after] = [members[k - 1], members[k], members[k + 1]];
    if (!(run[before] === run[here] && run[here] === run[after])) continue;
    for (const point of points) {
      const [bx, by] = xy[before][point];
      const [hx, hy] = xy[here][point];
      const [ax, ay] = xy[after][point];
      if (length(hx - bx, hy - by) > reach && length(ax - hx, ay - hy) > reach && length(ax - bx, ay - by) < reach / 2) {
        spike[here] = true;
      }
    }
  }
  return spike;
}

function still(t, knee, thigh, run, limits) {
  const result = new Array(t.length).fill(false);
  const epsilon = 1e-9;
  const last = run.reduce((most, r) => Math.max(most, r), -1);
  for (let number = 0; number <= last; number++) {
    const members = [];
    run.forEach((r, i) => { if (r === number) members.push(i); });
    const times = members.map((i) => t[i]);
    const smoothed = [];
    let first = 0;
    for (let k = 0; k < members.length; k++) {
      while (times[first] < times[k] - limits.smooth_seconds - epsilon) first += 1;
      const span = members.slice(first, k + 1);
      smoothed.push([median(span.map((i) => knee[i][0])), median(span.map((i) => knee[i][1]))]);
    }
    first = 0;
    for (let k = 0; k < members.length; k++) {
      if (times[0] > times[k] - limits.still_seconds + epsilon) continue;
      while (times[first] < times[k] - limits.still_seconds - epsilon) first += 1;
      const window = smoothed.slice(first, k + 1);
      const cx = median(window.map((p) => p[0]));
      const cy = median(window.map((p) => p[1]));
      const reach = limits.still_radius * median(members.slice(first, k + 1).map((i) => thigh[i]));
      const farthest = window.reduce((most, [x, y]) => Math.max(most, length(x - cx, y - cy)), 0);
      if (farthest <= reach) result[members[k]] = true;
    }
  }
  return result;
}

export function thighAngle(hip, knee) {
  return degrees(knee[1] - hip[1], Math.abs(knee[0] - hip[0]));
}

export function kneeAngle(hip, knee, ankle) {
  const [ux, uy] = [hip[0] - knee[0], hip[1] - knee[1]];
  const [vx, vy] = [ankle[0] - knee[0], ankle[1] - knee[1]];
  return degrees(Math.abs(ux * vy - uy * vx), ux * vx + uy * vy);
}

export function hipExtension(shoulder, hip, knee, frontKnee) {
  const [tx, ty] = [hip[0] - shoulder[0], hip[1] - shoulder[1]];
  const [gx, gy] = [knee[0] - hip[0], knee[1] - hip[1]];
  const [fx, fy] = [frontKnee[0] - hip[0], frontKnee[1] - hip[1]];
  const facing = tx * fy - ty * fx > 0 ? 1 : -1;
  return -facing * degrees(tx * gy - ty * gx, tx * gx + ty * gy);
}

// The reading for a recording in the download format, or a thrown CheckRefused.
export function measure(recording, limits) {
  const { test, side } = recording;
  const lunge = test === "lunge";
  const [h, k, a] = [HIP[side], KNEE[side], ANKLE[side]];
  const [s, otherHip, otherKnee] = [SHOULDER[side], HIP[other(side)], KNEE[other(side)]];
  const { t, xy, vis } = arrays(recording);
  const n = t.length;
  const thigh = xy.map((p) => length(p[k][0] - p[h][0], p[k][1] - p[h][1]));

  const parts = lunge ? [h, k, a, s] : [h, k, a];
  const visible = vis.map((v, i) => parts.every((p) => v[p] >= limits.visible) && thigh[i] > 0
    && (!lunge || v[otherKnee] >= limits.front_knee_visible));
  const seen = visible.filter(Boolean).length;
  const named = lunge ? `${side} shoulder, hip, knee and ankle` : `${side} hip, knee and ankle`;
  if (seen < limits.min_frames) {
    throw new CheckRefused("too-few-frames",
      `Only ${seen} of ${n} frames showed your ${named} clearly enough `
      + `(${limits.min_frames} are needed). Light the room well, wear fitted clothes, `
      + `keep your whole body in the picture and your ${side} leg nearest the phone.`);
  }

  const typical = median(thigh.filter((_, i) => visible[i]));
  const jumped = spikes(xy, runs(t, visible, visible, limits.max_gap_seconds), [h, k, a], limits.jump * typical)
    .map((spike, i) => spike || (visible[i] && Math.abs(thigh[i] / typical - 1) > limits.jump_length_change));
  const jumps = jumped.filter(Boolean).length;
  if (jumps > limits.jumpy_share * seen) {
    throw new CheckRefused("landmarks-jump",
      `The landmarks jumped about in ${jumps} of ${seen} frames: the camera was not `
      + `tracking your ${side} leg reliably. More light, a plain background and `
      + "fitted clothes help.");
  }
  const kept = visible.map((v, i) => v && !jumped[i]);
  const keptIndexes = [];
  kept.forEach((v, i) => { if (v) keptIndexes.push(i); });

  const apart = median(keptIndexes.map((i) => length(xy[i][h][0] - xy[i][otherHip][0], xy[i][h][1] - xy[i][otherHip][1]) / thigh[i]));
  if (apart > limits.side_on_max) {
    throw new CheckRefused("not-side-on",
      "The camera does not see you from the side: your two hips are "
      + `${percent(apart)}% of a thigh's length apart on screen, and at most `
      + `${percent(limits.side_on_max)}% when side-on. Turn the phone, or yourself, `
      + `until it looks straight at your ${side} hip.`);
  }

  const higher = keptIndexes.filter((i) => xy[i][k][1] < xy[i][otherKnee][1]).length / keptIndexes.length;
  if (higher > 0.5) {
    throw new CheckRefused("legs-mixed-up",
      `The camera seems to have mixed up your legs: your ${side} knee should sit `
      + `lower than the other one in this test, and it was higher in ${percent(higher)}% `
      + "of the frames. Check that you chose the right side, and keep your "
      + `${side} leg nearest the phone.`);
  }

  const run = runs(t, kept, visible, limits.max_gap_seconds);
  const used = still(t, xy.map((p) => p[k]), thigh, run, limits);
  const usedIndexes = [];
  used.forEach((u, i) => { if (u) usedIndexes.push(i); });
  const count = usedIndexes.length;
  if (count < limits.min_frames) {
    const moving = keptIndexes.length - count;
    throw new CheckRefused("too-few-frames",
      `Only ${count} of ${n} frames came after ${limits.still_seconds} seconds of `
      + `holding still (${limits.min_frames} are needed): in ${moving} your `
      + `${side} knee was still moving or had only just stopped. Hold the `
      + "position until the voice says to relax.");
  }

  const angles = usedIndexes.map((i) => (lunge
    ? hipExtension(xy[i][s], xy[i][h], xy[i][k], xy[i][otherKnee])
    : thighAngle(xy[i][h], xy[i][k])));
  const reading = median(angles);
  const spread = 1.4826 * median(angles.map((angle) => Math.abs(angle - reading)));
  const base = limits.base_uncertainty_deg;
  const uncertainty = Math.sqrt(base * base + spread * spread);
  return {
    test,
    side,
    thigh_angle_deg: lunge ? null : reading,
    hip_extension_deg: lunge ? reading : null,
    knee_angle_deg: median(usedIndexes.map((i) => kneeAngle(xy[i][h], xy[i][k], xy[i][a]))),
    spread_deg: spread,
    uncertainty_deg: uncertainty,
    frames_used: count,
    frames_total: n,
    verdict: verdict(test, reading, uncertainty),
  };
}

function verdict(test, reading, uncertainty) {
  if (test === "thomas") {
    if (reading < -uncertainty) return "thigh-above-horizontal";
    if (reading > uncertainty) return "thigh-below-horizontal";
    return "thigh-about-horizontal";
  }
  if (reading < -uncertainty) return "thigh-ahead-of-trunk-line";
  if (reading > uncertainty) return "thigh-behind-trunk-line";
  return "thigh-on-trunk-line";
}

export const angleOf = (result) => (result.test === "thomas" ? result.thigh_angle_deg : result.hip_extension_deg);

// One plain sentence for a reading, word for word the core's describe().
export function describe(result) {
  const side = result.side;
  const reading = angleOf(result);
  const angle = whole(Math.abs(reading));
  const margin = `±${whole(result.uncertainty_deg)}°`;
  const knee = `Your ${side} knee is bent to ${whole(result.knee_angle_deg)}° (180° is straight).`;
  const said = {
    "thigh-above-horizontal": `Your ${side} thigh stays ${angle}° above horizontal (${margin}), more than the `
      + "camera's margin. A thigh that stays up is what this test looks for in tight hip flexors.",
    "thigh-below-horizontal": `Your ${side} thigh hangs ${angle}° below horizontal (${margin}), lower than the camera's margin.`,
    "thigh-about-horizontal": `Your ${side} thigh rests about level: ${angle}° ${reading < 0 ? "above" : "below"} `
      + `horizontal (${margin}), within what the camera can tell apart from level.`,
    "thigh-behind-trunk-line": `Your ${side} thigh reaches ${angle}° behind the line of your trunk (${margin}).`,
    "thigh-ahead-of-trunk-line": `Your ${side} thigh stays ${angle}° in front of the line of your trunk `
      + `(${margin}): the hip does not reach straight.`,
    "thigh-on-trunk-line": `Your ${side} thigh is about in line with your trunk (${angle}°, ${margin}), `
      + "within what the camera can tell apart from straight.",
  }[result.verdict];
  return `${said} ${knee}`;
}

// Right against left, flagged only beyond the two readings' combined
// uncertainty: the core's compare_sides, message and all.
export function compareSides(left, right) {
  const difference = angleOf(right) - angleOf(left);
  const margin = Math.sqrt(left.uncertainty_deg * left.uncertainty_deg + right.uncertainty_deg * right.uncertainty_deg);
  const beyond = Math.abs(difference) > margin;
  const [about, plus] = [whole(Math.abs(difference)), `±${whole(margin)}°`];
  let message;
  if (beyond) {
    const [first, second] = difference > 0 ? ["right", "left"] : ["left", "right"];
    const said = left.test === "thomas"
      ? `Your ${second} thigh sits about ${about}° higher than your ${first}`
      : `Your ${first} hip extends about ${about}° further than your ${second}`;
    message = `${said}, more than the ${plus} the camera can tell apart between two readings.`;
  } else {
    const body = left.test === "thomas" ? "thighs sit" : "hips extend";
    message = `Your left and right ${body} within ${about}° of each other, inside the ${plus} `
      + "the camera can tell apart: no difference it can see.";
  }
  return { difference_deg: difference, combined_uncertainty_deg: margin, beyond_uncertainty: beyond, message };
}
