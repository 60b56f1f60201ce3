"""The real catalog and sessions, as the package ships them."""

from __future__ import annotations

import pytest

from gethip.content import load_catalog, load_sessions
from gethip.core.catalog import Catalog
from gethip.core.sessions import SessionBook


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def book() -> SessionBook:
    return load_sessions()
