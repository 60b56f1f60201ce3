"""Hip checks kept per runner: measured here from the landmarks, never taken from the client.

A face hands over the recording (the /check page's download format) under an
id the client made. The core measures it, so the numbers kept are the
core's whatever the page computed; a refusal is the core's too, and nothing
is kept. The same id with the same recording again changes nothing; with
another recording it is refused (``CheckConflict``). Reading them back gives
them newest first with the comparisons every face shows, and the advice to
have a hip looked at when the runner's own pain ratings call for it.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC

from gethip.app.context import Context
from gethip.core.hipcheck import Recording, measure
from gethip.core.hipcheck_history import CheckHistory, CheckReading, PainRating, read_history
from gethip.core.instants import bounded
from gethip.store.checks import CheckConflict, normalise_id

# The pain that decides the advice is the newest rated in the last two weeks; a
# runner practises a few times a day at most, so the newest hundred practices
# hold it.
PRACTICES_FOR_PAIN = 100
# The namespace of the ids `gethip check --save` makes from a runner and a
# recording's fingerprint.
SAVED_FILES = uuid.UUID("6c1b1f0e-6f3a-4d8e-9a57-2f0e8c4b7d21")


def fingerprint(recording: Recording) -> str:
    """SHA-256 of the recording as validated: spacing, key order and time zone spelling aside."""
    when = recording.measured_at
    same = (
        recording
        if when is None
        else recording.model_copy(update={"measured_at": when.astimezone(UTC)})
    )
    return hashlib.sha256(same.model_dump_json().encode()).hexdigest()


def save(ctx: Context, check_id: str, recording: Recording) -> tuple[CheckReading, bool]:
    """Measure and keep a recording under ``check_id``; True when it is new.

    Raises CheckRefused (the core's reason) when the frames cannot support a
    reading, InstantOutOfRange for a date gethip cannot accept, CheckConflict
    when the id is kept with another recording, and UnknownCheck when the id is
    another runner's.
    """
    check_id = normalise_id(check_id)
    sha = fingerprint(recording)
    kept = ctx.checks.kept(check_id)
    if kept is not None:
        # Answered from what is kept: a retry neither measures again nor changes it.
        if kept.recording_sha256 != sha:
            raise CheckConflict(check_id)
        return kept.reading, False
    measured_at = bounded("measured_at", recording.measured_at or ctx.now, ctx.now).astimezone(UTC)
    reading = CheckReading(
        id=check_id,
        measured_at=measured_at,
        pose_model=recording.pose_model,
        result=measure(recording),
    )
    created = ctx.checks.save(reading, sha, ctx.now)
    return (reading if created else ctx.checks.get(check_id)), created


def save_file(ctx: Context, recording: Recording) -> tuple[CheckReading, bool]:
    """Keep a downloaded recording once, whether the page kept it already or not; True when new.

    The page PUTs the very object it offers as the download, so its fingerprint
    finds the reading the page kept. A file never sent gets an id made from the
    runner and the fingerprint, so saving it twice keeps it once too.
    """
    sha = fingerprint(recording)
    same = ctx.checks.with_recording(sha)
    if same is not None:
        return same, False
    return save(ctx, str(uuid.uuid5(SAVED_FILES, f"{ctx.user}:{sha}")), recording)


def get(ctx: Context, check_id: str) -> CheckReading:
    """One kept reading; UnknownCheck when it is not kept, or is another runner's."""
    return ctx.checks.get(check_id)


def delete(ctx: Context, check_id: str) -> None:
    """Remove one kept reading; the comparisons and the advice are read from what is left.

    Raises UnknownCheck for an id not kept, or kept by another runner. The same
    recording sent again is kept again: nothing remembers what was removed.
    """
    ctx.checks.delete(check_id)


def history(ctx: Context) -> CheckHistory:
    """Every reading newest first, left against right, each side over time, and any advice."""
    ratings = [
        PainRating(pain=practice.pain, at=practice.ended_at or practice.started_at)
        for practice in ctx.log.summaries(limit=PRACTICES_FOR_PAIN)
        if practice.pain is not None
    ]
    return read_history(ctx.checks.readings(), ctx.zone, ctx.now, ratings)
