"""A session to take away: a watch workout, a printable card, or its timeline as JSON.

Every format reads the same compiled timeline the players play, at the
settings asked for, so a shortened session is shortened (and says so) alike
on the watch, on paper and on screen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from gethip.app.timelines import compiled_for
from gethip.content import load_catalog, load_sessions
from gethip.core.sessions import Session
from gethip.core.timeline import Settings, Timeline
from gethip.shapes import timeline_json


class Format(StrEnum):
    FIT = "fit"
    MARKDOWN = "markdown"
    JSON = "json"


MEDIA_TYPES = {
    Format.FIT: "application/vnd.ant.fit",
    Format.MARKDOWN: "text/markdown; charset=utf-8",
    Format.JSON: "application/json",
}
FILENAMES = {
    Format.FIT: "gethip-{id}.fit",
    Format.MARKDOWN: "gethip-{id}.md",
    Format.JSON: "gethip-{id}-timeline.json",
}
DESCRIPTIONS = {
    Format.FIT: "Garmin FIT workout",
    Format.MARKDOWN: "printable card",
    Format.JSON: "timeline JSON",
}


@dataclass(frozen=True)
class Exported:
    session: Session
    timeline: Timeline
    format: Format
    data: bytes

    @property
    def filename(self) -> str:
        return FILENAMES[self.format].format(id=self.session.id)


def export_session(
    session_id: str, settings: Settings, formats: list[Format], now: datetime
) -> list[Exported]:
    """Every format asked for, built before any is written: a failure leaves no half set."""
    from gethip.exports.card import session_card
    from gethip.exports.fit_workout import export_fit_workout

    session = load_sessions().get(session_id)
    timeline = compiled_for(session_id, settings)
    catalog = load_catalog()
    made = []
    for kind in formats:
        if kind == Format.FIT:
            data = export_fit_workout(timeline, session, catalog, now)
        elif kind == Format.MARKDOWN:
            data = session_card(timeline, session, catalog).encode("utf-8")
        else:
            text = json.dumps(timeline_json(timeline), indent=2, ensure_ascii=False)
            data = (text + "\n").encode("utf-8")
        made.append(Exported(session, timeline, kind, data))
    return made
