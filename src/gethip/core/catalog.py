"""The catalog: every move of the program as validated data.

The moves live in YAML files under ``gethip/data/moves`` so that a coach can
edit them without touching code. This module only defines their shape and
validates them; reading the files is the caller's job (the core does no I/O),
see :func:`parse_catalog`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from gethip.core.demo import MoveDemo
from gethip.core.errors import CatalogError, UnknownMove

KEBAB_CASE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Phase(StrEnum):
    WARMUP = "warmup"
    STRENGTH = "strength"
    OPENER = "opener"


class Plane(StrEnum):
    SAGITTAL = "sagittal"
    FRONTAL = "frontal"
    TRANSVERSE = "transverse"


class Sidedness(StrEnum):
    BOTH = "both"  # both legs at once, or a drill that uses both in turn without a switch
    EACH = "each"  # all of one side, then all of the other
    ALTERNATING = "alternating"  # sides alternate within one continuous bout


class Frozen(BaseModel):
    # defer_build: a model's validator is built the first time it is used, not
    # when its module is imported, so a command pays only for the models it uses.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def derived_fields_are_not_input(cls, data: object) -> object:
        """A model's own JSON reads back: the fields it derives are dropped, not refused."""
        computed = cls.model_computed_fields
        if computed and isinstance(data, dict) and computed.keys() & data.keys():
            return {key: value for key, value in data.items() if key not in computed}
        return data


class DoseBase(Frozen):
    sidedness: Sidedness
    # True when the article gives these numbers; then they are the reference
    # dose and any change is a labelled deviation.
    from_article: bool
    # Where each number comes from: the article, or the guidance a default
    # was taken from where the article gives none (a tempo, a set count).
    source: str = Field(min_length=10)


class TimedDose(DoseBase):
    """Work for a number of seconds (a drill, or the skating squat's 60 s)."""

    kind: Literal["timed"] = "timed"
    seconds: int = Field(gt=0, le=600)
    sets: int = Field(default=1, ge=1, le=10)
    rest_seconds: int = Field(default=0, ge=0, le=300)


class RepsDose(DoseBase):
    """A number of repetitions at a steady tempo, in one or more sets.

    ``reps`` counts per side when the sides are worked in turn (``each``) or
    alternate (``alternating``: 10 per side is 20 steps in one bout).
    """

    kind: Literal["reps"] = "reps"
    reps: int = Field(gt=0, le=100)
    sets: int = Field(default=1, ge=1, le=10)
    tempo_seconds: float = Field(gt=0, le=20, description="seconds per repetition")
    rest_seconds: int = Field(default=0, ge=0, le=300)


class BreathHoldDose(DoseBase):
    """Hold a position for a number of deep breaths."""

    kind: Literal["breath-hold"] = "breath-hold"
    breaths: int = Field(gt=0, le=30)


class RangeThenHoldDose(DoseBase):
    """A slow sweep through the whole movement first, then a held stretch counted in breaths."""

    kind: Literal["range-then-hold"] = "range-then-hold"
    range_seconds: int = Field(gt=0, le=300)
    breaths: int = Field(gt=0, le=30)


class HoldPhase(Frozen):
    """One position held within a multi-phase repetition."""

    name: str = Field(min_length=2, max_length=40)
    breaths: int = Field(gt=0, le=30)
    cue: str = Field(min_length=2, max_length=120)


class MultiPhaseRepsDose(DoseBase):
    """Repetitions made of several held positions (the bridge's lift and lower)."""

    kind: Literal["multi-phase-reps"] = "multi-phase-reps"
    reps: int = Field(gt=0, le=30)
    phases: tuple[HoldPhase, ...] = Field(min_length=2)


Dose = Annotated[
    TimedDose | RepsDose | BreathHoldDose | RangeThenHoldDose | MultiPhaseRepsDose,
    Field(discriminator="kind"),
]


class MoveVariant(Frozen):
    name: str = Field(min_length=3)
    how: str = Field(min_length=10)


class FitExercise(Frozen):
    """The closest exercise a Garmin watch knows, for workout export.

    ``category`` and ``name`` are FIT profile names (snake_case); both are
    null for drills the FIT profile has no name for, which keep their own.
    """

    category: str | None = None
    name: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def name_needs_category(self) -> FitExercise:
        if self.name is not None and self.category is None:
            raise ValueError("a FIT exercise name needs its category")
        return self


class Move(Frozen):
    id: str
    name: str = Field(min_length=3, max_length=60)
    phase: Phase
    summary: str = Field(min_length=10, description="one line, for lists")
    steps: tuple[str, ...] = Field(min_length=2)
    dose: Dose
    cues: tuple[str, ...] = Field(min_length=1, description="short lines the voice says")
    benefits: str = Field(min_length=10, description="what the move does")
    muscles: tuple[str, ...] = Field(min_length=1)
    planes: tuple[Plane, ...] = Field(min_length=1)
    equipment: tuple[str, ...] = ()
    easier: MoveVariant
    harder: MoveVariant
    safety: tuple[str, ...] = Field(min_length=1)
    fit: FitExercise = FitExercise()
    demo: MoveDemo

    @field_validator("id")
    @classmethod
    def id_is_kebab_case(cls, value: str) -> str:
        if not KEBAB_CASE.match(value):
            raise ValueError(f"{value!r} is not kebab-case (lower-case words joined by '-')")
        return value

    @field_validator("planes")
    @classmethod
    def planes_are_distinct(cls, value: tuple[Plane, ...]) -> tuple[Plane, ...]:
        if len(set(value)) != len(value):
            raise ValueError("a plane is listed twice")
        return value


class Catalog:
    """All moves, by id, in the order the program presents them."""

    def __init__(self, moves: Iterable[Move]) -> None:
        order = {Phase.WARMUP: 0, Phase.STRENGTH: 1, Phase.OPENER: 2}
        self._moves: dict[str, Move] = {}
        for move in moves:
            if move.id in self._moves:
                raise CatalogError(move.id, "id", "two moves share this id")
            self._moves[move.id] = move
        # sorted() is stable: within a phase, moves keep the order they came in.
        self._ordered = tuple(sorted(self._moves.values(), key=lambda m: order[m.phase]))

    def __iter__(self) -> Iterator[Move]:
        return iter(self._ordered)

    def __len__(self) -> int:
        return len(self._moves)

    def __contains__(self, move_id: object) -> bool:
        return move_id in self._moves

    @property
    def moves(self) -> tuple[Move, ...]:
        return self._ordered

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self._ordered)

    def get(self, move_id: str) -> Move:
        try:
            return self._moves[move_id]
        except KeyError:
            raise UnknownMove(move_id, self.ids) from None

    def in_phase(self, phase: Phase) -> tuple[Move, ...]:
        return tuple(m for m in self._ordered if m.phase == phase)


def parse_move(source_name: str, raw: object) -> Move:
    """Validate one move's raw data, naming the file and field on failure."""
    try:
        return Move.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise CatalogError(source_name, field, first["msg"]) from None


def parse_catalog(sources: Mapping[str, object], order: Iterable[str] = ()) -> Catalog:
    """Build the catalog from raw move data keyed by the name of its source file.

    ``order`` lists move ids in presentation order within each phase; ids not
    listed keep the order of ``sources``.
    """
    moves = [parse_move(name, raw) for name, raw in sources.items()]
    files_by_id: dict[str, str] = {}
    for name, move in zip(sources, moves, strict=True):
        stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
        if stem != move.id:
            raise CatalogError(name, "id", f"id {move.id!r} does not match the file name")
        if move.id in files_by_id:
            raise CatalogError(name, "id", f"id {move.id!r} is also used by {files_by_id[move.id]}")
        files_by_id[move.id] = name
    rank = {move_id: i for i, move_id in enumerate(order)}
    fallback = len(rank)
    moves.sort(key=lambda m: rank.get(m.id, fallback))
    return Catalog(moves)


def describe_dose(dose: Dose) -> str:
    """The dose in a few words, as a runner would say it."""
    per_side = {
        Sidedness.EACH: " each side",
        Sidedness.ALTERNATING: ", alternating sides",
        Sidedness.BOTH: "",
    }[dose.sidedness]
    match dose:
        case TimedDose(seconds=seconds, sets=sets, rest_seconds=rest):
            text = f"{seconds} s{per_side}"
            return _with_sets(text, sets, rest)
        case RepsDose(reps=reps, sets=sets, rest_seconds=rest):
            unit = "reps per side" if dose.sidedness == Sidedness.ALTERNATING else "reps"
            text = f"{reps} {unit}{'' if dose.sidedness == Sidedness.ALTERNATING else per_side}"
            if dose.sidedness == Sidedness.ALTERNATING:
                text += ", alternating"
            return _with_sets(text, sets, rest)
        case BreathHoldDose(breaths=breaths):
            return f"hold {breaths} deep breaths{per_side}"
        case RangeThenHoldDose(range_seconds=range_seconds, breaths=breaths):
            return f"{range_seconds} s slow range, then hold {breaths} breaths{per_side}"
        case MultiPhaseRepsDose(reps=reps, phases=phases):
            parts = ", ".join(f"{p.name.lower()} {p.breaths} breaths" for p in phases)
            return f"{reps} reps{per_side}; each rep: {parts}"
    raise AssertionError(f"unhandled dose {dose!r}")  # pragma: no cover


def _with_sets(text: str, sets: int, rest_seconds: int) -> str:
    if sets == 1:
        return text
    rest = f", {rest_seconds} s rest" if rest_seconds else ""
    return f"{sets} sets of {text}{rest}"
