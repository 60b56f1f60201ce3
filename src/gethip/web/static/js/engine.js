// Plays a compiled timeline against a clock it is given: the same rules as
// gethip/core/player.py, so the web player and the terminal behave alike.
// Every cue is due at an absolute offset from the session's origin, so a late
// wake-up (a hidden tab, a slow phone) never pushes later cues back: the next
// tick simply reports everything that became due, in order.

// Pressing "back" this soon into a step goes to the previous one.
export const BACK_GRACE_SECONDS = 2.0;

export class Engine {
  constructor(timeline) {
    this.timeline = timeline;
    this.state = "ready";
    this.origin = 0;
    this.pausedAt = null;
    this.nextCue = 0;
    this.current = 0; // index of the segment whose end has not been reported yet
  }

  position(now) {
    if (this.state === "ready") return this.startPosition();
    if (this.state === "finished") return this.timeline.total_seconds;
    const reference = this.pausedAt !== null ? this.pausedAt : now;
    return Math.min(Math.max(reference - this.origin, 0), this.timeline.total_seconds);
  }

  get segment() {
    const segments = this.timeline.segments;
    return segments[Math.min(this.current, segments.length - 1)];
  }

  get nextSegment() {
    return this.timeline.segments[this.current + 1] || null;
  }

  // Clock time of the next event, or null when paused or finished.
  nextDue() {
    if (this.state !== "playing") return null;
    let offset = end(this.segment);
    const cue = this.timeline.cues[this.nextCue];
    if (cue && cue.at < offset) offset = cue.at;
    return this.origin + offset;
  }

  start(now, fromSegment = 0) {
    this.current = fromSegment;
    this.seek(now, this.startPosition());
    this.state = "playing";
  }

  pause(now) {
    if (this.state === "playing") {
      this.pausedAt = now;
      this.state = "paused";
    }
  }

  resume(now) {
    if (this.state === "paused" && this.pausedAt !== null) {
      this.origin += now - this.pausedAt;
      this.pausedAt = null;
      this.state = "playing";
    }
  }

  // To the next segment's start; the one left is reported skipped, with the seconds spent in it.
  skip(now) {
    return this.leave(now, "skipped");
  }

  // The runner says the step is done (all reps made early): credit it, and move on.
  complete(now) {
    return this.leave(now, "segment");
  }

  leave(now, type) {
    if (this.state === "ready" || this.state === "finished") return [];
    const segment = this.segment;
    const into = this.position(now) - segment.start;
    const worked = Math.round(Math.min(Math.max(into, 0), segment.duration) * 1000) / 1000;
    const events = [{ type, segment, worked }];
    if (this.current + 1 >= this.timeline.segments.length) {
      this.current = this.timeline.segments.length;
      this.state = "finished";
      events.push({ type: "finished" });
      return events;
    }
    this.current += 1;
    this.seek(now, this.timeline.segments[this.current].start);
    return events;
  }

  back(now) {
    if (this.state === "ready" || this.state === "finished") return;
    const into = this.position(now) - this.segment.start;
    if (into < BACK_GRACE_SECONDS && this.current > 0) this.current -= 1;
    this.seek(now, this.timeline.segments[this.current].start);
  }

  // Everything that became due by `now`, in session order.
  tick(now) {
    if (this.state !== "playing") return [];
    const { cues, segments } = this.timeline;
    const origin = this.origin;
    const events = [];
    for (;;) {
      const cue = cues[this.nextCue];
      const segment = segments[this.current];
      const segmentEnd = segment ? end(segment) : null;
      // Due times are compared on the clock's scale, exactly as nextDue()
      // computes them, so a wake-up at nextDue() always delivers.
      // A segment ends before the cues of the next one begin.
      if (segmentEnd !== null && origin + segmentEnd <= now && (!cue || segmentEnd <= cue.at)) {
        events.push({ type: "segment", segment, worked: segment.duration });
        this.current += 1;
      } else if (cue && origin + cue.at <= now) {
        events.push({ type: "cue", cue, lateness: Math.max(now - (this.origin + cue.at), 0) });
        this.nextCue += 1;
      } else {
        break;
      }
    }
    if (this.current >= segments.length && this.nextCue >= cues.length) {
      this.state = "finished";
      events.push({ type: "finished" });
    }
    return events;
  }

  startPosition() {
    const segments = this.timeline.segments;
    return segments[Math.min(this.current, segments.length - 1)].start;
  }

  seek(now, position) {
    this.origin = now - position;
    if (this.pausedAt !== null) this.pausedAt = now;
    this.nextCue = firstCueFrom(this.timeline.cues, position);
  }
}

// Same rounding as Segment.end in the core: three decimals.
export function end(segment) {
  return Math.round((segment.start + segment.duration) * 1000) / 1000;
}

function firstCueFrom(cues, position) {
  let low = 0;
  let high = cues.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cues[middle].at < position) low = middle + 1;
    else high = middle;
  }
  return low;
}
