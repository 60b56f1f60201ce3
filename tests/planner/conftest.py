"""The sessions as the package ships them, shared by every planner test."""

from __future__ import annotations

import pytest

from gethip.content import load_sessions
from gethip.core.sessions import SessionBook


@pytest.fixture(scope="session")
def book() -> SessionBook:
    return load_sessions()
