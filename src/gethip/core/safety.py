"""When to stop, and what to tell a runner who hurts."""

from __future__ import annotations

# Pain at or above this (0-10) ends the session with the advice below.
PAIN_STOP_THRESHOLD = 7
# Pain at or above this, rated within the last PAIN_RECENT_DAYS, turns a hip
# check that flags something into advice to have the hip looked at: milder
# than a stop, but not the ache that stretching is expected to bring.
PAIN_LOOK_THRESHOLD = 4
PAIN_RECENT_DAYS = 14

SAFETY_NOTES = (
    "Stretch to mild tension, never to pain.",
    "Stop at once on sharp or stabbing pain, numbness or tingling.",
    "Pain that lasts more than a few days, or comes back every run, is for a "
    "physiotherapist or doctor to look at, not for more stretching.",
    "Recovering from an injury or surgery? Ask whoever treats you before you start.",
)

HIGH_PAIN_ADVICE = (
    "That is a lot of pain. Stop here for today: no more stretching or strength work on "
    "that hip. Rest, and if it is still there in a day or two, or it is sharp, numb or "
    "tingling, see a physiotherapist or doctor before your next session."
)


def advice_for_pain(pain: int | None) -> str | None:
    if pain is not None and pain >= PAIN_STOP_THRESHOLD:
        return HIGH_PAIN_ADVICE
    return None
