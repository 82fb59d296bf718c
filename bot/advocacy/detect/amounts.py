"""Finding durations in text ("2h", "half a day", "an hour and a half", "the usual week") and
their length in working minutes; `durations` decides which of them were *saved*.

A day is a working day (8 h), half a day 4 h, a week 5 working days, a month 4 such weeks:
people mean working time when they say a report "took a day". Money and counts are not
durations: "$5m", "3D models", "10 tickets" never match; only "m" glued to a whole number
means minutes, and only a lower-case "d" glued to one means days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HOUR = 60
DAY = 8 * HOUR
WEEK = 5 * DAY
UNIT_MINUTES = {
    "sec": 1 / 60, "min": 1, "mn": 1, "m": 1, "hour": HOUR, "hr": HOUR, "h": HOUR,
    "day": DAY, "d": DAY, "week": WEEK, "wk": WEEK, "month": 4 * WEEK,
}  # fmt: skip
# Parts of a day people name as spans of work: "in an afternoon", "saved my morning".
PERIOD_MINUTES = {"morning": DAY // 2, "afternoon": DAY // 2, "evening": DAY // 2, "day": DAY,
                  "weekend": 2 * DAY, "week": WEEK}  # fmt: skip
WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "forty five": 45, "fifty": 50,
    "sixty": 60, "ninety": 90, "a couple": 2, "a couple of": 2, "couple": 2, "couple of": 2,
    "a few": 3, "few": 3, "several": 3,
}  # fmt: skip

_NUM = r"\d{1,4}(?:[.,]\d{1,2})?"
_WORD = (
    r"(?:a\s+couple(?:\s+of)?|couple(?:\s+of)?|a\s+few|few|several|one|two|three|four|five|six"
    r"|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty[- ]five|forty|fifty"
    r"|sixty|ninety|an?)"
)
_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?)(?:'s)?"
_ADJ = r"(?:(?:good|solid|full|whole|entire|extra|clear|working|business|straight)\s+)?"
_WEEKDAY = r"monday|tuesday|wednesday|thursday|friday"
_MENTION = re.compile(
    rf"""(?<![\w$€£¥.,])(?:
      (?P<n1>{_NUM})\s*(?:-|–|to|or)\s*(?P<n2>{_NUM})\s*{_ADJ}(?P<range_unit>{_UNIT})\b
    | (?P<hh>\d{{1,2}})\s*h(?:rs?|ours?)?\s*(?P<mm>\d{{1,2}})(?:\s*m(?:ins?)?)?\b
    | (?P<num>{_NUM})(?P<num_half>\s+and\s+a\s+half)?\s*{_ADJ}(?P<unit>{_UNIT})\b
    | (?P<glued>\d{{1,4}})(?P<short>h|m|d|mn)\b
    | (?P<decimal_h>\d{{1,2}}[.,]\d{{1,2}})\s*h\b
    | half\s+(?:an?|the)\s+{_ADJ}(?P<half>{_UNIT}|morning|afternoon)\b
    | (?P<quarter>a\s+quarter\s+of\s+an?\s+hour)
    | (?P<word>{_WORD})(?P<word_half>\s+and\s+a\s+half)?\s+{_ADJ}(?P<word_unit>{_UNIT})\b
      (?P<half_after>\s+and\s+a\s+half)?
    | (?P<det>an?|one|my|all|the\s+(?:whole|entire|full)|my\s+(?:whole|entire)|a\s+(?:whole|full)
        |an\s+entire|most\s+of\s+(?:a|the|my))\s+(?P<period>morning|afternoon|evening|weekend
        |day|week|{_WEEKDAY})\b
    | (?:the|my|our)\s+(?:usual|normal|typical)\s+(?P<usual>{_UNIT})\b
    | (?:an?|the|my|our)\s+(?:(?:usual|normal|typical|whole|full)\s+)?(?P<half_day>half[- ]day)\b
    | the\s+(?P<the_unit>hour|day|week|morning|afternoon)(?=\s+(?:it|this|that)\s+(?:\w+\s+)?
        (?:takes?|took|used\s+to)\b)
    )""",
    re.VERBOSE,
)
# "5m ARR", "2.5m users": glued "m" that is money or a count after all.
_MILLIONS_AFTER = re.compile(
    r"\s*(?:arr|mrr|revenue|users|customers|rows|records|dollars|euros|pounds|usd|eur|gbp"
    r"|budget|deal|pipeline|views|impressions|\+|in\s+(?:revenue|sales|pipeline|arr|savings))\b"
)
_JOINS = re.compile(r"\s*(?:and|,|&|\+)?\s*")
_AND_MINUTES = re.compile(
    r"\s+and\s+(\d{1,2}|ten|fifteen|twenty|thirty|forty[- ]five|forty|fifty)\b"
    r"(?!\s*(?:%|[\w-]+s\b|min|sec|hour|hr|day|week|month))"
)
_DIMENSIONS_AFTER = re.compile(r"[\s-]*(?:models?|print\w*|render\w*|scan\w*|design|graphics|art)")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    minutes: float
    unit: float  # minutes in one of its units, for a bare partner: "from 90 min to 15"


def find_mentions(folded: str, original: str) -> list[Mention]:
    """Every duration in reading order; `original` is consulted only for letter case."""
    mentions: list[Mention] = []
    for match in _MENTION.finditer(folded):
        minutes = _minutes_of(match, folded, original)
        if not minutes:
            continue
        mention = Mention(match.start(), match.end(), minutes, _unit_of(match, minutes))
        previous = mentions[-1] if mentions else None
        if (
            previous
            and _JOINS.fullmatch(folded, previous.end, mention.start)
            and (mention.unit < previous.unit)
        ):
            # "2 hours and 30 minutes", "1.5h and 30 mins", "1h 30m": one amount, added up.
            mention = Mention(
                previous.start, mention.end, previous.minutes + minutes, previous.unit
            )
            mentions[-1] = mention
        else:
            mentions.append(mention)
        mentions[-1] = _with_bare_minutes(folded, mentions[-1])
    return mentions


def _with_bare_minutes(folded: str, mention: Mention) -> Mention:
    """ "an hour and forty": minutes left unsaid after hours, as people say them aloud."""
    if mention.unit != HOUR:
        return mention
    found = _AND_MINUTES.match(folded, mention.end)
    if found is None:
        return mention
    word = found.group(1)
    extra = int(word) if word.isdigit() else WORD_NUMBERS[word.replace("-", " ")]
    return Mention(mention.start, found.end(), mention.minutes + extra, mention.unit)


def _unit_of(match: re.Match[str], minutes: float) -> float:
    unit = match["range_unit"] or match["unit"] or match["word_unit"] or match["usual"]
    if unit:
        return _unit(unit)
    if match["glued"]:
        return UNIT_MINUTES[match["short"]]
    if match["half"]:
        return _unit(match["half"]) or minutes * 2  # "half a day instead of two": days
    return HOUR if match["hh"] or match["quarter"] or match["decimal_h"] else minutes


def _minutes_of(match: re.Match[str], folded: str, original: str) -> float:
    if match["n1"]:
        low, high = _number(match["n1"]), _number(match["n2"])
        return (low + high) / 2 * _unit(match["range_unit"])  # "2-3 hours": the middle
    if match["hh"]:
        return int(match["hh"]) * HOUR + min(int(match["mm"]), 59)
    if match["num"]:
        half = 0.5 if match["num_half"] else 0.0
        return (_number(match["num"]) + half) * _unit(match["unit"])
    if match["glued"]:
        return _glued(match, folded, original)
    if match["decimal_h"]:
        return _number(match["decimal_h"]) * HOUR
    if match["half"]:
        part: str = match["half"]
        return PERIOD_MINUTES[part] / 2 if part in PERIOD_MINUTES else _unit(part) / 2
    if match["quarter"]:
        return 15
    if match["word"]:
        count = WORD_NUMBERS[re.sub(r"\s+", " ", match["word"])]
        half = 0.5 if match["word_half"] or match["half_after"] else 0.0
        return (count + half) * _unit(match["word_unit"])
    if match["period"]:
        return PERIOD_MINUTES.get(match["period"], DAY)  # a weekday named whole is a day
    if match["usual"]:
        return _unit(match["usual"])
    if match["half_day"]:
        return DAY // 2
    if match["the_unit"]:  # "the hour it usually takes me": the span a task costs
        return PERIOD_MINUTES.get(match["the_unit"]) or _unit(match["the_unit"])
    return 0


def _glued(match: re.Match[str], folded: str, original: str) -> float:
    amount, short = int(match["glued"]), match["short"]
    after = folded[match.end() : match.end() + 24]
    if short == "m" and _MILLIONS_AFTER.match(after):
        return 0
    # "3D models" is three-dimensional; "2d" typed in lower case is two days.
    if short == "d" and (original[match.end() - 1] != "d" or _DIMENSIONS_AFTER.match(after)):
        return 0
    return amount * UNIT_MINUTES[short]


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _unit(word: str) -> float:
    stem = word.removesuffix("'s").rstrip("s") or word
    for prefix, minutes in UNIT_MINUTES.items():
        if stem.startswith(prefix) and len(prefix) > 1:
            return minutes
    return UNIT_MINUTES.get(stem, 0)
