"""The hip check: how fast the pose model runs here, and how far the maths errs under noise.

    .venv/bin/python benchmarks/hipcheck.py            # ~3 minutes
    .venv/bin/python benchmarks/hipcheck.py --quick    # ~1 minute

Speed. `gethip serve` serves /check; Debian's Chromium opens it headless with
a still photo of a real person as its camera (tests/data/people) and runs
MediaPipe Pose from gethip's own files on the camera's video, frame after
frame, as the page does: the full model (what the page uses) and the lite
one. The baseline, in the same page and run, is an empty
requestAnimationFrame loop: the rate the page could paint at. The ratio says
what share of that the pose model keeps up with. Headless Chromium here has
no GPU: WebGL runs on SwiftShader, Chromium's software renderer, so a phone's
GPU will be many times faster; the figure is a floor, not a phone.

Accuracy. Synthetic Thomas tests and lunges at random known angles, six
seconds at 30 frames a second, through the core's maths, under landmark noise
of the published size: 2D pose against motion capture errs at the hip by a
mean absolute 4–6° (Stenum et al. 2021: 4.0°; Van Hooren et al. 2023: RMSE
5.9°); the landmark scatter is set so that one frame's thigh angle errs by a
mean 5°. Two kinds of noise, as the truth is somewhere between:
  - jitter: fresh in every frame (the median over frames averages it away);
  - offset: each joint placed off by the same amount for the whole trial (no
    number of frames helps), with a quarter of that as jitter on top.
The baseline is one frame's own error: what reading a single picture gives.
Reported: mean and 95th percentile absolute error in degrees, and the share of
readings whose error is inside the uncertainty the check states.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"

POSE_FPS_IN_THE_PAGE = """
async ([complexity, seconds]) => {
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: true });
  document.body.append(video);
  await video.play();
  const paint = () => new Promise((resolve) => requestAnimationFrame(resolve));

  // Baseline: an empty requestAnimationFrame loop, the page's own paint rate.
  let painted = 0;
  const painting = performance.now();
  while (performance.now() - painting < 2000) { await paint(); painted += 1; }
  const rafFps = painted / ((performance.now() - painting) / 1000);

  const pose = new Pose({ locateFile: (file) => "/static/vendor/mediapipe-pose/" + file });
  pose.setOptions({ modelComplexity: complexity, smoothLandmarks: true });
  let found = 0;
  pose.onResults((results) => { if (results.poseLandmarks) found += 1; });
  const loading = performance.now();
  await pose.initialize();
  const initMs = performance.now() - loading;
  const first = performance.now();
  await pose.send({ image: video });
  const firstMs = performance.now() - first;
  await pose.send({ image: video });  // warm
  let frames = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await paint();
    await pose.send({ image: video });
    frames += 1;
  }
  const poseFps = frames / ((performance.now() - start) / 1000);
  await pose.close();
  return { rafFps, initMs, firstMs, poseFps, frames, found };
}
"""


def pose_speed(seconds: float) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright
    from tests.browser.camera import person_video
    from tests.browser.conftest import CHROMIUM_ARGS
    from tests.web.server import served

    rows = []
    with tempfile.TemporaryDirectory(prefix="gethip-bench-") as folder:
        video = person_video(Path(folder) / "person.y4m")
        camera = [
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ]
        with (
            served(Path(folder), f"sqlite:///{Path(folder) / 'bench.db'}") as base,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS + camera
            )
            for complexity, name in ((1, "full (the page's)"), (0, "lite")):
                context = browser.new_context(base_url=base, service_workers="block")
                page = context.new_page()
                page.goto("/check")
                page.wait_for_function("() => typeof window.Pose === 'function'")
                row = page.evaluate(POSE_FPS_IN_THE_PAGE, [complexity, seconds])
                row["model"] = name
                rows.append(row)
                context.close()
            browser.close()
    return rows


def accuracy(trials: int, seed: int) -> dict[tuple[str, str], dict[str, float]]:
    """Per (test, kind of noise): the check's error and one frame's, over ``trials`` readings."""
    import numpy as np
    from tests.core.pose_factories import PUBLISHED_NOISE, recording

    from gethip.core.hipcheck import (
        HIP,
        KNEE,
        SHOULDER,
        CheckRefused,
        hip_extensions,
        measure,
        read_recording,
        thigh_angles,
    )

    rng = random.Random(seed)
    report: dict[tuple[str, str], dict[str, float]] = {}
    for test in ("thomas", "lunge"):
        for kind, noise, bias in (
            ("jitter", PUBLISHED_NOISE, 0.0),
            ("offset", PUBLISHED_NOISE / 4, PUBLISHED_NOISE),
        ):
            errors, single, inside, refused = [], [], 0, 0
            for trial in range(trials):
                side = rng.choice(["left", "right"])
                other = "right" if side == "left" else "left"
                truth = rng.uniform(-20, 20)
                data = recording(
                    test,
                    side,
                    truth,
                    heading=rng.choice([1, -1]),
                    noise=noise,
                    bias=bias,
                    seed=trial,
                )
                # The baseline: the angle from the first frame alone.
                landmarks = data["frames"][0]["landmarks"]
                px = np.array([[p[0] * data["width"], p[1] * data["height"]] for p in landmarks])
                hip, knee = px[[HIP[side]]], px[[KNEE[side]]]
                if test == "thomas":
                    one = float(thigh_angles(hip, knee)[0])
                else:
                    one = float(
                        hip_extensions(px[[SHOULDER[side]]], hip, knee, px[[KNEE[other]]])[0]
                    )
                single.append(abs(one - truth))
                try:
                    result = measure(read_recording(json.dumps(data)))
                except CheckRefused:
                    refused += 1
                    continue
                error = abs(result.angle_deg - truth)
                errors.append(error)
                inside += error <= result.uncertainty_deg
            report[(test, kind)] = {
                "mean": statistics.fmean(errors),
                "p95": float(np.percentile(errors, 95)),
                "inside": inside / len(errors),
                "refused": refused / trials,
                "single_mean": statistics.fmean(single),
                "single_p95": float(np.percentile(single, 95)),
            }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer trials, shorter timing")
    args = parser.parse_args()
    seconds, trials = (6.0, 100) if args.quick else (15.0, 400)

    started = time.perf_counter()
    report = accuracy(trials, seed=14)
    print(f"\nAngle error of the maths: {trials} synthetic readings a row, 6 s at 30 fps each,")
    print("under landmark noise of the published size (one frame's thigh angle off by a mean 5°)")
    print(
        f"{'test':7} {'noise':7} {'one frame (baseline)':>20} {'the check':>18} "
        f"{'inside ±U':>10} {'refused':>8}"
    )
    print(f"{'':15} {'mean':>9} {'p95':>10} {'mean':>8} {'p95':>9}")
    for (test, kind), row in report.items():
        print(
            f"{test:7} {kind:7} {row['single_mean']:8.2f}° {row['single_p95']:9.2f}° "
            f"{row['mean']:7.2f}° {row['p95']:8.2f}° {row['inside']:10.0%} {row['refused']:8.0%}"
        )
    print(f"   ({time.perf_counter() - started:.0f} s)")

    print(f"\nPose model in headless Chromium (software WebGL), {seconds:g} s of frames each")
    print(
        f"{'model':20} {'init ms':>8} {'1st frame ms':>13} {'pose fps':>9} {'empty rAF fps':>14} {'ratio':>7}"
    )
    for row in pose_speed(seconds):
        ratio = row["poseFps"] / row["rafFps"] if row["rafFps"] else math.nan
        print(
            f"{row['model']:20} {row['initMs']:8.0f} {row['firstMs']:13.0f} {row['poseFps']:9.2f} "
            f"{row['rafFps']:14.1f} {ratio:7.3f}"
        )
        if row["found"] == 0:
            print("   (no pose found in the camera's frames)")


if __name__ == "__main__":
    main()
