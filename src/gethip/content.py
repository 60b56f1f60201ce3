"""Reads the program's data files (the moves and the built-in sessions) shipped in the package."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from gethip.core.catalog import Catalog, parse_catalog
from gethip.core.errors import CatalogError
from gethip.core.sessions import SessionBook, parse_sessions

_DATA = resources.files("gethip") / "data"
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(name: str, text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise CatalogError(name, "(file)", f"not valid YAML: {error}") from None


@cache
def load_catalog() -> Catalog:
    moves_dir = _DATA / "moves"
    sources = {
        f"moves/{entry.name}": _read_yaml(entry.name, entry.read_text(encoding="utf-8"))
        for entry in sorted(moves_dir.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml")
    }
    order = _read_yaml("catalog.yaml", (_DATA / "catalog.yaml").read_text(encoding="utf-8"))
    return parse_catalog(sources, order.get("order", []))


@cache
def load_sessions() -> SessionBook:
    raw = _read_yaml("sessions.yaml", (_DATA / "sessions.yaml").read_text(encoding="utf-8"))
    return parse_sessions("sessions.yaml", raw, load_catalog())
