"""Reading how much time a text says was saved, from the durations `amounts` finds.

A duration only counts as saved when the words around it say so:
- said outright: "saved me ~2h", "3 hours back", "a day early", "half an hour quicker";
- a before and after: "in 20 minutes instead of half a day" (240 - 20), "cut it from 3 hours
  to 40 minutes", "took 40 mins vs the usual 3 hrs", "would've been an hour";
- only the avoided cost: "would have taken me 2 days by hand".
Everything else is not a saving: how long something took ("answered in 2 mins"), time lost
("wasted an hour"), or a span of something else ("2 weeks of logs"). A rate stays a rate:
"10 minutes per ticket" is 10, per ticket; "an hour a day" is 60, per day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.advocacy.detect.amounts import WORD_NUMBERS, Mention, find_mentions
from bot.advocacy.detect.rates import RECURS_LATER, rate_after
from bot.advocacy.detect.verdict import TimeSaved

MAX_MINUTES_SAVED = 60 * 24 * 30  # a typo must not claim a year
_APPROX = (
    r"(?:\s+(?:about|around|roughly|approx\.?|approximately|nearly|almost|over|at\s+least|easily"
    r"|like|maybe|probably|close\s+to|more\s+than|well\s+over|a\s+good|a\s+solid|an\s+estimated"
    r"|just\s+over|just\s+under|literally|only|just|under|less\s+than|~|me|us|the|my|our|usual"
    r"|normal|typical|whole|entire|full|(?:the\s+)?(?:best|better|most|good)\s+part\s+of))*"
    r"\s*~?\s*"
)
_BENEFICIARY = (
    r"(?:\s+(?:me|us|you|him|her|them|myself|ourselves|everyone|everybody|each\s+of\s+us"
    r"|(?:the|my|our|their|his|her|whole|entire)(?:\s+[\w-]+){0,2}?\s+(?:team|dept|department|folks"
    r"|people|group)))?"
)
_SAVED_BEFORE = re.compile(
    rf"(?:sav(?:ed|es|e|ing|d)|shav(?:ed|es|ing)|knock(?:ed|s)|trimm(?:ed|ing)|skip(?:ped|s)?"
    rf"|avoid(?:ed|s)?|reclaim(?:ed|s)?|freed(?:\s+up)?){_BENEFICIARY}(?:\s+(?:up|from))?"
    rf"(?:\s*:)?{_APPROX}$"
)
_SAVED_AFTER = re.compile(
    r"\s*(?:(?:of\s+(?:[\w-]+\s+){0,3})?saved|back\b|early|earlier|sooner|ahead|faster|quicker"
    r"|less\b(?!\s+than\s+(?:i|we)\s+(?:hoped|expected)))"
)
# "a day's work in an hour", "a week of work done in a day": the first is the usual cost.
# "a week-long review done in two days": a duration describing the task is its usual length.
_WORK_OF = re.compile(r"-long\b|(?:'s)?\s+(?:worth\s+of\s+|of\s+)?(?:work|effort|admin)\b")
_SAID_SAVED = re.compile(r"\s*(?:saved|back|less|quicker|faster|shorter)\b")
_ARROW = re.compile(r"\s*(?:→|->|=>|-->|⇒)")
_CUT_OFF_BEFORE = re.compile(rf"(?:cut|cuts|shaved|knocked|trimmed|takes?|took|taken){_APPROX}$")
_BASELINE_BEFORE = re.compile(
    rf"(?:instead\s+of|rather\s+than|\bvs\.?|versus|compared\s+(?:to|with)|as\s+opposed\s+to"
    rf"|\bnot|normally|usually|typically|used\s+to\s+(?:take|be|eat|need)|down\s+from|\bfrom"
    rf"|would(?:'ve|\s+have)?(?:\s+(?:normally|usually|easily|probably))?\s+(?:take|taken|be"
    rf"|been|need|needed|cost|eat|eaten|spend|spent)|'d\s+have\s+(?:taken|been|spent)"
    rf"|(?:last\s+(?:time|year|quarter|month|week)|previously|before)(?:\s+(?:it|this|that))?"
    rf"\s+(?:took|takes?|was\s+taking|used\s+to\s+take)"
    rf"|(?:usually|normally|typically)\s+(?:takes?|eats|costs|needs|spend|spends|take)"
    rf"|'d\s+(?:normally\s+|usually\s+)?(?:spend|take|need)"
    rf"|(?:my|our|the)\s+usual\s+(?:is|was)|(?:normally|usually)\s+(?:it'?s|is|was)){_APPROX}$"
)
# The usual cost named after the duration: "took me two days last year", "3 hours by hand".
_BASELINE_AFTER = re.compile(
    r"\s*(?:last\s+(?:time|year|quarter|month|week|cycle|round)|before\b|previously"
    r"|in\s+the\s+past|the\s+old\s+way|by\s+hand|manually)"
)
_COUNTERFACTUAL_BASELINE = re.compile(r"would|'d\s+have|'ve\s+(?:taken|been)")
_ACTUAL_BEFORE = re.compile(
    rf"(?:\bin|took|takes|taking|within|under|\bto|now\s+takes?|done\s+in|→|->|=>|⇒)"
    rf"{_APPROX}$"
)
_COST_BEFORE = re.compile(
    rf"(?:wast(?:ed|ing|e)|lost|los(?:e|ing)|cost(?:s|ing)?|spent|spend(?:ing)?|burn(?:ed|t)"
    rf"|sunk|another|extra){_APPROX}$"
)
# A bare number that borrows its unit from the other side: "from 90 min to 15", "instead of 4".
_BARE = re.compile(
    r"(?<![\w$€£.,])(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen"
    r"|twenty|thirty|forty|fifty|sixty|ninety)(?![\w%]|[.,]\d|\s*(?:x\b|k\b|[$€£%]))"
    r"(?=\s*$|\s*[.,!);]|\s+(?:i|we|it|and|with|now|today|this|on|for|thanks|thx|using|in|since"
    r"|because|as|when|after|once|each|per|every|a\s+(?!few\b|lot\b|bit\b)[a-z]+)\b)"
)


class Role(StrEnum):
    SAVED = "saved"
    BASELINE = "baseline"
    ACTUAL = "actual"
    COST = "cost"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Reading:
    mention: Mention
    role: Role
    per: str | None = None
    rate_end: int = 0  # where a rate phrase ("a day") ends, so its own duration is not re-read


@dataclass(frozen=True, slots=True)
class SavedSpan:
    saved: TimeSaved
    start: int
    end: int


def read_durations(folded: str, original: str) -> list[Reading]:
    """Every duration with the role its neighbours give it, plus bare partner numbers."""
    mentions = find_mentions(folded, original)
    readings: list[Reading] = []
    rate_ends: list[int] = []
    for mention in mentions:
        if any(mention.start < end for end in rate_ends):
            continue  # "a day" in "an hour a day" is the rate, not a second duration
        role = _role_of(folded, mention)
        per, rate_end = None, 0
        if role is not Role.COST:
            # "20 min saved per dispute": the rate may follow the word "saved".
            said = _SAID_SAVED.match(folded, mention.end)
            per, rate_end = rate_after(folded, said.end() if said else mention.end)
        if rate_end:
            rate_ends.append(rate_end)
            if role is Role.OTHER:
                # A bare rate ("an hour a day on triage") is how people state a recurring saving.
                role = Role.SAVED
        elif role in (Role.SAVED, Role.BASELINE):
            later = RECURS_LATER.match(folded, mention.end)
            per = later["unit"] if later else None
        readings.append(Reading(mention, role, per, rate_end))
    readings.extend(_bare_partners(folded, readings))
    readings.sort(key=lambda reading: reading.mention.start)
    return readings


def is_counterfactual_baseline(folded: str, reading: Reading) -> bool:
    """ "would have taken me 2 days": the cost avoided, stated without the actual time."""
    before = folded[max(0, reading.mention.start - 45) : reading.mention.start]
    return reading.role is Role.BASELINE and bool(_COUNTERFACTUAL_BASELINE.search(before))


def _role_of(folded: str, mention: Mention) -> Role:
    before = folded[max(0, mention.start - 60) : mention.start]
    after = folded[mention.end : mention.end + 40]
    if _SAVED_BEFORE.search(before) or _SAVED_AFTER.match(after):
        return Role.SAVED
    if after.lstrip().startswith("off") and _CUT_OFF_BEFORE.search(before):
        return Role.SAVED
    if _BASELINE_BEFORE.search(before) or _ARROW.match(after) or _WORK_OF.match(after):
        return Role.BASELINE  # "instead of 2h", "normally half a day", "45 mins → 5 mins"
    if _BASELINE_AFTER.match(after):
        return Role.BASELINE
    if _COST_BEFORE.search(before) or re.match(r"\s*(?:longer|extra|more\b)", after):
        return Role.COST
    if _ACTUAL_BEFORE.search(before):
        return Role.ACTUAL
    return Role.OTHER


def _bare_partners(folded: str, readings: list[Reading]) -> list[Reading]:
    """ "from 90 min to 15": the 15 is minutes because its partner is; only next to a partner."""
    partners: list[Reading] = []
    taken = [(r.mention.start, max(r.mention.end, r.rate_end)) for r in readings]
    for match in _BARE.finditer(folded):
        if any(start <= match.start() < end for start, end in taken):
            continue
        before = folded[max(0, match.start() - 40) : match.start()]
        role = Role.BASELINE if _BASELINE_BEFORE.search(before) else None
        if role is None and re.search(rf"\bto{_APPROX}$", before):
            role = Role.ACTUAL
        near = [r for r in readings if abs(r.mention.start - match.start()) < 80]
        if role is None or not near:
            continue
        unit = min(near, key=lambda r: abs(r.mention.start - match.start())).mention.unit
        number = match.group(1)
        amount = (int(number) if number.isdigit() else WORD_NUMBERS[number]) * unit
        per, rate_end = rate_after(folded, match.end())  # "from 45 minutes to 10 each"
        mention = Mention(match.start(), match.end(), amount, unit)
        partners.append(Reading(mention, role, per, rate_end))
    return partners
