"""A session as a printable one-page Markdown card: moves in order, doses, cues, time.

The card reads the compiled timeline, so a shortened session prints the
shortened version and says so at the top; nothing is recomputed here.
"""

from __future__ import annotations

from gethip.core.catalog import Catalog, Dose, describe_dose
from gethip.core.durations import mmss
from gethip.core.safety import SAFETY_NOTES
from gethip.core.sessions import Session
from gethip.core.timeline import SegmentKind, Timeline

# Lead-ins belong to the pause before a move, not to the move itself.
_LEAD_IN = {SegmentKind.PREPARE, SegmentKind.TRANSITION}


def session_card(timeline: Timeline, session: Session, catalog: Catalog) -> str:
    lines = [
        f"# {session.name}",
        "",
        f"**{mmss(timeline.total_seconds)}** in all · {session.when} · "
        f"one deep breath ≈ {timeline.settings.breath_seconds:g} s",
        "",
    ]
    if timeline.deviation is not None:
        lines += [f"> **{timeline.deviation.label}**", ">"]
        lines += [f"> - {change.text}" for change in timeline.deviation.changes]
        lines.append("")
    played: dict[str, Dose] = (
        {c.move: c.after for c in timeline.deviation.changes} if timeline.deviation else {}
    )
    for number, move_id in enumerate(session.moves, 1):
        move = catalog.get(move_id)
        seconds = sum(
            s.duration for s in timeline.segments if s.move == move_id and s.kind not in _LEAD_IN
        )
        dose = describe_dose(move.dose)
        if move_id in played:
            dose = f"{describe_dose(played[move_id])} (shortened)"
        lines += [
            f"{number}. **{move.name}** — {dose} · {mmss(seconds)}  ",
            f"   {move.summary}  ",
            f"   *Cues:* {' · '.join(move.cues)}",
            "",
        ]
    lines += ["---", "", "☐ done  ·  tightness after (0–10): ____  ·  pain (0–10): ____", ""]
    lines.append(" ".join(SAFETY_NOTES[:2]))
    return "\n".join(lines) + "\n"
