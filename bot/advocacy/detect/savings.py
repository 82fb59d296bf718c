"""From durations with roles to one figure: minutes saved, and per what.

Said-outright savings win over arithmetic: "saved me 2h (took 20 min instead of 2h 20)" is
120. Several outright one-off savings add up ("2h on the deck and 30 min on the notes"); a
rate is reported as the first rate stated, never multiplied out. Without an outright saving,
each "instead of / from … to" baseline pairs with the nearest actual time; without an actual,
a counterfactual cost ("would have taken me 2 days") is the saving claimed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.advocacy.detect.durations import (
    MAX_MINUTES_SAVED,
    Reading,
    Role,
    SavedSpan,
    is_counterfactual_baseline,
    read_durations,
)
from bot.advocacy.detect.rates import habitual, rate_before, recurrence
from bot.advocacy.detect.segments import fold
from bot.advocacy.detect.verdict import TimeSaved

Realised = Callable[[int], bool]
# "the nightly run went from 50 minutes to 8" is a machine's time, not a person's.
_MACHINE_TIME = re.compile(
    r"\b(?:run|job|build|query|queries|pipeline|runtime|load|batch|tests?|suite|page)"
    r"(?:\s+time)?\s+(?:went|dropped|fell|is\s+down|now\s+runs|now\s+takes|takes|runs)\b"
)


def read_time_saved(text: str, realised: Realised | None = None) -> SavedSpan | None:
    """Minutes saved in `text`. `realised(offset)` lets the detector drop savings that sit in a
    hypothetical, negated or counterfactual clause ("could save 2 hours")."""
    folded = fold(text)
    keep = realised or (lambda _offset: True)
    readings = read_durations(folded, text)
    return (
        _outright(folded, readings, keep)
        or _paired(folded, readings, keep)
        or _counterfactual(folded, readings)
    )


def _outright(folded: str, readings: list[Reading], keep: Realised) -> SavedSpan | None:
    saved = [
        r if r.per else replace(r, per=habitual(folded, r.mention.start))
        for r in readings
        if r.role is Role.SAVED and keep(r.mention.start)
    ]
    if not saved:
        return None
    one_off = [r for r in saved if r.per is None]
    if one_off:
        total = sum(r.mention.minutes for r in one_off)
        return _span(total, None, one_off)
    first = saved[0]
    return _span(first.mention.minutes, first.per, [first])


def _paired(folded: str, readings: list[Reading], keep: Realised) -> SavedSpan | None:
    baselines = [r for r in readings if r.role is Role.BASELINE]
    # Time spent is the actual side of a comparison: "spent 5 min instead of 45".
    sides = (Role.ACTUAL, Role.OTHER, Role.COST)
    actuals = [r for r in readings if r.role in sides and keep(r.mention.start)]
    total, used, per = 0.0, [], None
    for baseline in baselines:
        shorter = baseline.mention.minutes
        free = [a for a in actuals if a not in used and a.mention.minutes < shorter]
        if not free:
            continue
        actual = min(free, key=lambda a: abs(a.mention.start - baseline.mention.start))
        first = min(actual.mention.start, baseline.mention.start)
        if _MACHINE_TIME.search(folded, max(0, first - 40), first):
            continue
        used += [actual, baseline]
        total += baseline.mention.minutes - actual.mention.minutes
        per = per or actual.per or baseline.per or rate_before(folded, first)
        per = per or recurrence(folded, first) or habitual(folded, first)
    return _span(total, per, used) if total > 0 else None


def _counterfactual(folded: str, readings: list[Reading]) -> SavedSpan | None:
    for reading in readings:
        if is_counterfactual_baseline(folded, reading):
            return _span(reading.mention.minutes, None, [reading])
    return None


def _span(minutes: float, per: str | None, used: list[Reading]) -> SavedSpan | None:
    rounded = min(round(minutes), MAX_MINUTES_SAVED)
    if rounded <= 0:
        return None
    start = min(r.mention.start for r in used)
    end = max(max(r.mention.end, r.rate_end) for r in used)
    return SavedSpan(TimeSaved(rounded, per), start, end)
