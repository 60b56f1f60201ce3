"""Seeds a hosted database for benchmarks/hosted.py: accounts, profiles, practices and a squad.

Practices are written straight into the tables in bulk (a hundred thousand
rows through the API would take longer than the benchmark itself), with the
same columns the practice log writes: each one the warm-up as written,
every step done, at a time a runner would do it.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from gethip.app import profiles
from gethip.app.accounts import register
from gethip.app.clock import FixedClock
from gethip.app.context import Store, context_for
from gethip.app.timelines import compiled
from gethip.core.practice import work_seconds
from gethip.store.models import Practice, PracticeSegment
from gethip.store.squads import Squads

PASSWORD = "benchmark password"
PROFILE = {
    "run_days": ["mon", "wed", "sat"],
    "run_times": {"mon": "07:00", "wed": "07:00", "sat": "08:30"},
    "long_run_day": "sat",
    "sitting_hours": 8,
    "timezone": "Europe/London",
}


def account(store: Store, email: str, name: str, now: datetime) -> int:
    return register(store, email, PASSWORD, name, now).id


def practices(store: Store, users: list[int], per_user: int, now: datetime, seed: int = 1) -> None:
    """``per_user`` warm-ups for each user, one a day or so back from now, rated now and then."""
    rng = random.Random(seed)
    timeline = compiled("warmup")
    work = work_seconds(timeline)
    practice_rows, step_rows = [], []
    for user in users:
        for n in range(per_user):
            started = now - timedelta(days=n * 1.3 + rng.random(), hours=rng.randint(0, 3))
            practice_id = str(uuid.UUID(int=rng.getrandbits(128)))
            rated = rng.random() < 0.5
            practice_rows.append(
                {
                    "id": practice_id,
                    "user_id": user,
                    "session": "warmup",
                    "breath_seconds": 4.0,
                    "minutes": None,
                    "started_at": started,
                    "ended_at": started + timedelta(seconds=timeline.total_seconds),
                    "status": "completed",
                    "segments_total": len(timeline.segments),
                    "work_seconds_total": work,
                    "tightness": rng.randint(1, 6) if rated else None,
                    "pain": rng.choice([0, 0, 1, 2, 3, 8]) if rated else None,
                    "deviation": None,
                }
            )
            for segment in timeline.segments:
                step_rows.append(
                    {
                        "practice_id": practice_id,
                        "index": segment.index,
                        "move": segment.move,
                        "side": segment.side.value if segment.side else None,
                        "kind": segment.kind.value,
                        "start": segment.start,
                        "duration": segment.duration,
                        "reps": segment.reps,
                        "breaths": segment.breaths,
                        "outcome": "done",
                        "worked_seconds": segment.duration,
                        "finished_at": started
                        + timedelta(seconds=segment.start + segment.duration),
                    }
                )
    with store.transaction() as db:
        for chunk in range(0, len(practice_rows), 5000):
            db.execute(insert(Practice), practice_rows[chunk : chunk + 5000])
        for chunk in range(0, len(step_rows), 20000):
            db.execute(insert(PracticeSegment), step_rows[chunk : chunk + 20000])


def profile(store: Store, user: int, made: datetime) -> None:
    profiles.update(context_for(store, user, FixedClock(made)), PROFILE)


def squad(store: Store, coach: int, members: list[int], now: datetime) -> int:
    squads = Squads(store, coach)
    made = squads.create("Benchmark squad", uuid.uuid4().hex[:12], now)
    for member in members:
        Squads(store, member).join(made.invite_code, now)
    return made.id


def seed(
    store: Store, members: int, per_member: int, now: datetime | None = None
) -> dict[str, int]:
    now = now or datetime.now(UTC)
    months_ago = now - timedelta(days=200)
    runner = account(store, "runner@bench.example", "Runner", now)
    profile(store, runner, months_ago)
    coach = account(store, "coach@bench.example", "Coach", now)
    # Accounts made in bulk: one hash shared by all, since hashing 200 passwords
    # at Argon2id's cost would only time the hash.
    member_ids = [account(store, f"m{n}@bench.example", f"Member {n:03d}", now) for n in range(1)]
    member_ids += _bulk_accounts(store, members - 1, now)
    for member in member_ids:
        profile(store, member, months_ago)
    practices(store, [runner, *member_ids], per_member, now)
    squad_id = squad(store, coach, member_ids, now)
    return {"runner": runner, "coach": coach, "squad": squad_id}


def _bulk_accounts(store: Store, count: int, now: datetime) -> list[int]:
    from sqlalchemy import select

    from gethip.store.models import User

    with store.transaction() as db:
        hashed = db.scalar(select(User.password_hash).where(User.email == "m0@bench.example"))
        rows = [
            {
                "name": f"m{n}@bench.example",
                "email": f"m{n}@bench.example",
                "display_name": f"Member {n:03d}",
                "password_hash": hashed,
                "created_at": now,
            }
            for n in range(1, count + 1)
        ]
        db.execute(insert(User), rows)
        return list(
            db.scalars(
                select(User.id)
                .where(User.email.like("m%@bench.example"), User.email != "m0@bench.example")
                .order_by(User.id)
            )
        )
