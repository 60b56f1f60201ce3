"""A still photo of a real person as a camera: the video Chromium's fake capture plays.

The photo (tests/data/people, with its licence) is cropped to the woman walking
past side-on, head to feet, set on a 9:16 portrait frame over a blurred copy of
the scene, and written as one frame of Y4M, which Chromium loops for as long as
the camera is open.
"""

from __future__ import annotations

from pathlib import Path

PHOTO = Path(__file__).resolve().parents[1] / "data" / "people" / "sports2d-walker.jpg"
# The woman walking side-on, head to feet with a little grass, in the photo's pixels.
PERSON_BOX = (170, 115, 395, 575)
FRAME = (360, 640)  # a phone's portrait camera, 9:16


def person_video(path: Path) -> Path:
    from PIL import Image, ImageFilter

    photo = Image.open(PHOTO).convert("RGB")
    person = photo.crop(PERSON_BOX)
    width, height = FRAME
    # Head to feet in the frame with room on every side, as the framing guide asks.
    scale = min((height - 80) / person.height, 0.75 * width / person.width)
    size = (round(person.width * scale), round(person.height * scale))
    person = person.resize(size, Image.Resampling.LANCZOS)
    frame = photo.resize(FRAME).filter(ImageFilter.GaussianBlur(12))
    frame.paste(person, ((width - person.width) // 2, (height - person.height) // 2))
    luma, blue, red = frame.convert("YCbCr").split()
    half = (width // 2, height // 2)
    with path.open("wb") as video:
        # Chromium reads only the 4:2:0 colour layout, spelled C420.
        video.write(f"YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420\n".encode())
        video.write(b"FRAME\n")
        video.write(luma.tobytes())
        video.write(blue.resize(half, Image.Resampling.BILINEAR).tobytes())
        video.write(red.resize(half, Image.Resampling.BILINEAR).tobytes())
    return path
