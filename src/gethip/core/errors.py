"""Failures a user can cause, one type each, so every edge can turn them into one clear line."""

from __future__ import annotations

from collections.abc import Iterable


class GethipError(Exception):
    """Base for errors that are the user's input, not a bug."""


class CatalogError(GethipError):
    def __init__(self, source: str, field: str, problem: str) -> None:
        super().__init__(f"{source}: field '{field}': {problem}")
        self.source = source
        self.field = field
        self.problem = problem


class UnknownName(GethipError):
    kind = "name"

    def __init__(self, name: str, choices: Iterable[str]) -> None:
        self.name = name
        self.choices = tuple(choices)
        super().__init__(f"unknown {self.kind} '{name}'; choose one of: {', '.join(self.choices)}")


class UnknownMove(UnknownName):
    kind = "move"


class UnknownSession(UnknownName):
    kind = "session"


class InvalidSettings(GethipError):
    """Settings that cannot be compiled (a breath length out of range, a budget too small)."""
