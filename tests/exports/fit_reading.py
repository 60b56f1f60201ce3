"""Reads a FIT workout back with fitdecode, a decoder that shares no code with the encoder.

Also checks both CRCs with a CRC-16 written here from the FIT protocol's
description, so a file is only accepted when two separate readings agree.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import fitdecode
import fitdecode.profile

# The FIT protocol's CRC-16: a 16-entry table applied to each nibble, low nibble first.
_CRC_TABLE = (
    0x0000,
    0xCC01,
    0xD801,
    0x1400,
    0xF001,
    0x3C00,
    0x2800,
    0xE401,
    0xA001,
    0x6C00,
    0x7800,
    0xB401,
    0x5000,
    0x9C01,
    0x8801,
    0x4400,
)


def fit_crc(data: bytes, crc: int = 0) -> int:
    for byte in data:
        for nibble in (byte & 0x0F, byte >> 4):
            low = _CRC_TABLE[crc & 0x0F]
            crc = (crc >> 4) & 0x0FFF
            crc ^= low ^ _CRC_TABLE[nibble]
    return crc


@dataclass
class DecodedWorkout:
    header_size: int = 0
    protocol: tuple[int, int] = (0, 0)
    header_crc_matched: bool | None = None
    file_crc_matched: bool | None = None
    file_id: dict[str, Any] = field(default_factory=dict)
    workout: dict[str, Any] = field(default_factory=dict)
    steps: list[dict[str, Any]] = field(default_factory=list)

    def played(self) -> list[dict[str, Any]]:
        """Steps in the order the watch plays them, repeat steps unrolled."""
        order: list[dict[str, Any]] = []
        for index, step in enumerate(self.steps):
            if step["duration_type"] == "repeat_until_steps_cmplt":
                block = [
                    s
                    for s in self.steps[step["duration_step"] : index]
                    if s["duration_type"] != "repeat_until_steps_cmplt"
                ]
                order.extend(block * (step["repeat_steps"] - 1))
            else:
                order.append(step)
        return order


def decode_workout(data: bytes) -> DecodedWorkout:
    decoded = DecodedWorkout()
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitHeader):
                decoded.header_size = frame.header_size
                decoded.protocol = frame.proto_ver
                decoded.header_crc_matched = frame.crc_matched
            elif isinstance(frame, fitdecode.FitCRC):
                decoded.file_crc_matched = frame.matched
            elif isinstance(frame, fitdecode.FitDataMessage):
                values = {f.name: f.value for f in frame.fields if f.value is not None}
                if frame.name == "file_id":
                    decoded.file_id = values
                elif frame.name == "workout":
                    decoded.workout = values
                elif frame.name == "workout_step":
                    decoded.steps.append(values)
    return decoded


def exercise_name(category: str, number: int) -> str:
    """The exercise's profile name, looked up in fitdecode's own copy of the FIT profile."""
    names = fitdecode.profile.FIELD_TYPES[f"{category}_exercise_name"].enum
    return str(names[number])


def crcs_hold(data: bytes) -> bool:
    """Header CRC over bytes 0-11, file CRC over everything before the last two bytes."""
    header_size = data[0]
    header_ok = header_size == 12 or fit_crc(data[:12]) == int.from_bytes(data[12:14], "little")
    body_ok = fit_crc(data[:-2]) == int.from_bytes(data[-2:], "little")
    return header_ok and body_ok
