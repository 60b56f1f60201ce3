"""A still photo of a real person as a camera: the video Chromium's fake capture plays.

The photo (tests/data/people, with its licence) is cropped to one man, head to
shoes, set on a 9:16 portrait frame over a blurred copy of the scene, and
written as one frame of Y4M, which Chromium loops for as long as the camera is
open.
"""

from __future__ import annotations

from pathlib import Path

PHOTO = Path(__file__).resolve().parents[1] / "data" / "people" / "ultralytics-bus.jpg"
# The man in the dark coat, head to shoes, in the original photo's pixels.
PERSON_BOX = (205, 370, 375, 890)
FRAME = (360, 640)  # a phone's portrait camera, 9:16


def person_video(path: Path) -> Path:
    from PIL import Image, ImageFilter

    photo = Image.open(PHOTO).convert("RGB")
    person = photo.crop(PERSON_BOX)
    width, height = FRAME
    scale = (height - 40) / person.height
    person = person.resize((round(person.width * scale), height - 40), Image.Resampling.LANCZOS)
    frame = photo.resize(FRAME).filter(ImageFilter.GaussianBlur(12))
    frame.paste(person, ((width - person.width) // 2, 20))
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
