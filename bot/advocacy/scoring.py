"""An advocate score a lead can read: what counted, how much, and the quotes behind it.

Per person, over their detected wins:
- win days: wins count once per day (ten on one afternoon is one good afternoon), each
  weighed by how sure the detector was and halved every `half_life_days`;
- impact: the minutes their wins say were saved, on a log scale so one big claim does not
  outweigh a habit;
- breadth: each further use case the wins span;
- helpfulness: the 👍 they gave the assistant's answers (a little; heavy use is not a win).
A candidate needs wins on at least `min_win_days` different days and must not have opted out.
People in IT or AI-team departments get a score too, but are ranked in their own list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime

from bot.advocacy.detect import WinContext, WinDetector
from bot.advocacy.wins import describe_minutes
from bot.people.groups import AudienceGroup, AudienceGroups
from storage.repositories.advocates import PersonLine, WinLine

WIN_DAY_WEIGHT = 2.0
BREADTH_WEIGHT = 0.75
HELPFUL_WEIGHT = 0.1
HELPFUL_CAP = 10
# One claim's minutes count up to a working week: "saved us 3 months" is not 3 months of hers.
MINUTES_CAP = 5 * 8 * 60
QUOTES = 3
QUOTE_LENGTH = 200
RULES = WinDetector()


@dataclass(frozen=True)
class Score:
    person_id: int
    audience: AudienceGroup
    score: float
    candidate: bool
    win_days: int
    wins: int
    minutes: int
    use_cases: tuple[str, ...]
    helpful_ratings: int
    latest_days_ago: int | None
    # When the latest win happened: a candidate counts as proposed then, not when the scoring
    # ran (a digest of last week lists who its wins made a candidate, even scored today).
    latest_win_at: datetime | None
    explanation: str
    quotes: tuple[str, ...]

    def evidence(self) -> dict[str, object]:
        """What the advocates.evidence column keeps, and a person's export shows."""
        return {
            "wins": self.wins,
            "win_days": self.win_days,
            "minutes_saved": self.minutes,
            "use_cases": list(self.use_cases),
            "helpful_ratings": self.helpful_ratings,
            "latest_days_ago": self.latest_days_ago,
            "quotes": list(self.quotes),
        }


def is_detected(win: WinLine) -> bool:
    """The stored reading; a win recorded before detection existed is read by the rules now."""
    if win.evidence is not None and "detected" in win.evidence:
        return bool(win.evidence["detected"])
    return RULES.judge_by_rules(win.text, WinContext.WIN_REPORT).is_win


def quote_of(win: WinLine) -> str:
    span = (win.evidence or {}).get("span")
    text = span.get("text") if isinstance(span, dict) else None
    quote = text if isinstance(text, str) and text.strip() else win.text
    return quote.strip()[:QUOTE_LENGTH]


def score_person(
    line: PersonLine,
    *,
    now: datetime,
    groups: AudienceGroups,
    half_life_days: float,
    min_win_days: int,
) -> Score:
    wins = [win for win in line.wins if is_detected(win)]

    def weight(win: WinLine) -> float:
        age_days = max((now - win.occurred_at).total_seconds() / 86400, 0.0)
        return float(0.5 ** (age_days / half_life_days) * (win.confidence or 0.5))

    best_per_day: dict[str, float] = {}
    for win in wins:
        day = win.occurred_at.date().isoformat()
        best_per_day[day] = max(best_per_day.get(day, 0.0), weight(win))
    minutes = sum(min(win.minutes or 0, MINUTES_CAP) for win in wins)
    weighted_hours = sum(min(win.minutes or 0, MINUTES_CAP) * weight(win) for win in wins) / 60
    use_cases = tuple(sorted({win.use_case for win in wins if win.use_case}))
    helpful = min(line.helpful_ratings, HELPFUL_CAP)
    score = (
        WIN_DAY_WEIGHT * sum(best_per_day.values())
        + math.log2(1 + weighted_hours)
        + BREADTH_WEIGHT * max(len(use_cases) - 1, 0)
        + HELPFUL_WEIGHT * helpful
    )
    latest = max((win.occurred_at for win in wins), default=None)
    latest_days_ago = (now - latest).days if latest is not None else None
    strongest = sorted(wins, key=weight, reverse=True)
    quotes = tuple(dict.fromkeys(quote_of(win) for win in strongest))[:QUOTES]
    result = Score(
        person_id=line.person_id,
        audience=groups.of_department(line.department),
        score=round(score, 3),
        candidate=len(best_per_day) >= min_win_days and not line.opted_out,
        win_days=len(best_per_day),
        wins=len(wins),
        minutes=minutes,
        use_cases=use_cases,
        helpful_ratings=line.helpful_ratings,
        latest_days_ago=latest_days_ago,
        latest_win_at=latest,
        explanation="",
        quotes=quotes,
    )
    return replace(result, explanation=explain(result))


def explain(score: Score) -> str:
    """One line a lead can check against the quotes."""
    if not score.wins:
        return "No wins read yet."
    parts = [f"{plural(score.wins, 'win')} on {plural(score.win_days, 'day')}"]
    if score.latest_days_ago is not None:
        parts[0] += (
            " (latest today)"
            if score.latest_days_ago == 0
            else (f" (latest {plural(score.latest_days_ago, 'day')} ago)")
        )
    if score.minutes:
        parts.append(f"about {describe_minutes(score.minutes)} saved")
    if score.use_cases:
        parts.append(f"{plural(len(score.use_cases), 'use case')} ({', '.join(score.use_cases)})")
    if score.helpful_ratings:
        parts.append(f"{plural(score.helpful_ratings, 'helpful rating')} given")
    if score.audience is not AudienceGroup.BUSINESS:
        parts.append(
            "ranked with " + ("IT" if score.audience is AudienceGroup.IT else "the AI team")
        )
    return "; ".join(parts) + "."


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


AUDIENCE_ORDER = {AudienceGroup.BUSINESS: 0, AudienceGroup.IT: 1, AudienceGroup.AI_TEAM: 2}


def ranked(scores: list[Score]) -> list[Score]:
    """Business first, then IT, then the AI team; highest score first within each."""
    return sorted(scores, key=lambda s: (AUDIENCE_ORDER[s.audience], -s.score, s.person_id))
