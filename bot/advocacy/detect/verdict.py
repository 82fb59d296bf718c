"""What the win detector decides about one text, and the seam a model-backed classifier plugs into.

The verdict is a plain frozen record so the rules, an LLM and the batch CLI all hand back the
same thing, and the wins store can keep it as it is (confidence, evidence span, minutes).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class WinContext(StrEnum):
    """What the text answers, when the caller knows. It only shifts the prior: the words decide."""

    UNKNOWN = "unknown"  # an API comment, a batch line: no hint
    HELPED = "helped"  # answers "did the assistant help?" (👍 follow-up, a survey's free text)
    WIN_REPORT = "win_report"  # the writer chose to report a win (/groundswell win, the form)
    COMPLAINT = "complaint"  # explains a 👎: wins are rare there ("still saved me an hour")


@dataclass(frozen=True, slots=True)
class Evidence:
    """The span of the text that carries the win: offsets into the text exactly as given."""

    start: int
    end: int
    text: str

    def as_json(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class TimeSaved:
    """Minutes the text says were saved; `per` names a rate's unit ("ticket", "day") or is None."""

    minutes: int
    per: str | None = None


@dataclass(frozen=True, slots=True)
class WinVerdict:
    """`probability` is P(real win); `confidence` is how sure the verdict is (high for clear cases,
    whichever way they go), so a plain "love it" is a confident not-win."""

    is_win: bool
    probability: float
    evidence: Evidence | None = None
    time_saved: TimeSaved | None = None
    reasons: tuple[str, ...] = ()
    source: str = "rules"

    @property
    def confidence(self) -> float:
        return round(max(self.probability, 1.0 - self.probability), 3)

    @property
    def time_saved_minutes(self) -> int | None:
        return self.time_saved.minutes if self.time_saved else None

    def as_json(self) -> dict[str, object]:
        """The shape `groundswell wins classify` writes (without the caller's id)."""
        return {
            "is_win": self.is_win,
            "confidence": self.confidence,
            "time_saved_minutes": self.time_saved_minutes,
            "time_saved_per": self.time_saved.per if self.time_saved else None,
            "evidence": self.evidence.as_json() if self.evidence else None,
        }


class ClassifierUnavailable(Exception):
    """A model could not give a usable answer; `reason` is a short label safe to count and log
    ("timeout", "http_500", "rate_limited", "malformed", "schema", "connection")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class WinClassifier(Protocol):
    """Anything that can judge a text: the rules here, or a model behind an adapter."""

    async def classify(self, text: str, context: WinContext = WinContext.UNKNOWN) -> WinVerdict:
        """Raise ClassifierUnavailable rather than guess when the answer cannot be trusted."""
        ...
