"""Fetch MediaPipe Pose for the hip check into the folder the web app serves (`make pose-model`).

The npm package @mediapipe/pose (Apache-2.0) carries the pose models and the
WebAssembly that runs them. The page loads them from gethip's own origin, so
nothing is fetched from anywhere else at run time; they are fetched here,
once, at set-up. About 25 MB of binaries: too large to keep in git, so the
folder holds only its licence and README in the repository.

The version is pinned, and the tarball must hash to the pinned sha512, which
is also what the registry states as its dist.integrity: a tarball that
changed under the same version is refused, not served. Only the files the
page needs are unpacked (the heavy model, 28 MB, is left out).

Uses npm, the registry's own client, and nothing else from the network.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@mediapipe/pose"
VERSION = "0.5.1675469404"
INTEGRITY = "sha512-DFZsNWTsSphRIZppnUCuunzBiHP2FdJXR9ehc7mMi4KG+oPaOH0Em3d6kr7Py+TSyTXC1doH88KcF28k2sBxsQ=="
FILES = (
    "package.json",
    "pose.js",
    "pose_web.binarypb",
    "pose_solution_packed_assets_loader.js",
    "pose_solution_packed_assets.data",
    "pose_solution_simd_wasm_bin.js",
    "pose_solution_simd_wasm_bin.wasm",
    # for browsers without WebAssembly SIMD
    "pose_solution_wasm_bin.js",
    "pose_solution_wasm_bin.wasm",
    # modelComplexity 1, what the page uses, and 0, for the benchmark and slow phones
    "pose_landmark_full.tflite",
    "pose_landmark_lite.tflite",
)
ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "gethip" / "web" / "static" / "vendor" / "mediapipe-pose"
STAMP = TARGET / ".fetched"


def fail(message: str) -> None:
    sys.exit(f"error: {message}")


def npm(*args: str) -> str:
    if shutil.which("npm") is None:
        fail(f"npm is needed once, to fetch {PACKAGE} (the hip check's pose model)")
    done = subprocess.run(["npm", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        fail(f"npm {' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def sha512(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def main() -> None:
    wanted = f"{PACKAGE}@{VERSION} {INTEGRITY}"
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        STAMP.touch()  # newer than this script: make need not ask again
        return
    stated = npm("view", f"{PACKAGE}@{VERSION}", "dist.integrity").strip()
    if stated != INTEGRITY:
        fail(f"the registry states {stated or 'nothing'} for {PACKAGE}@{VERSION}, not {INTEGRITY}")
    with tempfile.TemporaryDirectory(prefix="gethip-pose-") as folder:
        packed = json.loads(
            npm("pack", "--json", "--pack-destination", folder, f"{PACKAGE}@{VERSION}")
        )
        tarball = Path(folder) / packed[0]["filename"]
        got = sha512(tarball)
        if got != INTEGRITY:
            fail(
                f"{tarball.name} hashes to {got}, not the pinned {INTEGRITY}; nothing was installed"
            )
        TARGET.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as archive:
            for name in FILES:
                member = archive.getmember(f"package/{name}")
                source = archive.extractfile(member)
                if source is None:
                    fail(f"{name} is not a file in {tarball.name}")
                    return
                (TARGET / name).write_bytes(source.read())
    STAMP.write_text(wanted + "\n")
    size = sum((TARGET / name).stat().st_size for name in FILES)
    print(
        f"{PACKAGE}@{VERSION}: {len(FILES)} files, {size / 1e6:.1f} MB in {TARGET.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
