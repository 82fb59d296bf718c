"""`WinDetector`: the one place the product asks "is this text a win?".

Every free-text path (👍 follow-up, `/groundswell win`, survey answers, 👎 comments, API
comments) calls `judge(text, context)`. With a model configured, the model decides and the
rules fill in what a model should not be trusted with (minutes saved, and the evidence when
its quote is not in the text); whenever the model cannot answer — timeout, error, rate limit,
malformed or off-schema answer — the rules decide alone and the fallback is counted by
reason, for /metrics. Without a model, it is the rules, synchronously fast.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable, Iterable

from bot.advocacy.detect.model import redact
from bot.advocacy.detect.rules import RuleReading, names_pattern, read_text
from bot.advocacy.detect.verdict import (
    ClassifierUnavailable,
    Evidence,
    WinClassifier,
    WinContext,
    WinVerdict,
)

log = logging.getLogger(__name__)
DEADLINE_SECONDS = 10.0  # a last guard; the model client's own timeout is shorter


class WinDetector:
    def __init__(
        self,
        model: WinClassifier | None = None,
        *,
        assistant_names: Iterable[str] = (),
        deadline_seconds: float = DEADLINE_SECONDS,
        on_fallback: Callable[[str], None] | None = None,
        on_answer: Callable[[], None] | None = None,
    ) -> None:
        self._model = model
        self._names = names_pattern(assistant_names)
        self._deadline = deadline_seconds
        self._on_fallback = on_fallback
        self._on_answer = on_answer
        self.fallbacks: Counter[str] = Counter()  # reason → times the rules stood in
        self.model_answers = 0

    @property
    def uses_model(self) -> bool:
        return self._model is not None

    def judge_by_rules(self, text: str, context: WinContext = WinContext.UNKNOWN) -> WinVerdict:
        return read_text(text, context, self._names).verdict

    async def judge(self, text: str, context: WinContext = WinContext.UNKNOWN) -> WinVerdict:
        reading = read_text(text, context, self._names)
        if self._model is None or not text.strip():
            return reading.verdict
        try:
            async with asyncio.timeout(self._deadline):
                answer = await self._model.classify(redact(text), context)
        except ClassifierUnavailable as unavailable:
            return self._fall_back(unavailable.reason, reading)
        except TimeoutError:
            return self._fall_back("timeout", reading)
        except Exception as error:  # an optional model must never break a person's flow
            log.warning("win classifier failed unexpectedly (%s)", type(error).__name__)
            return self._fall_back("error", reading)
        self.model_answers += 1
        if self._on_answer is not None:
            self._on_answer()
        return _merge(text, answer, reading)

    def _fall_back(self, reason: str, reading: RuleReading) -> WinVerdict:
        self.fallbacks[reason] += 1
        if self._on_fallback is not None:
            self._on_fallback(reason)
        return reading.verdict


def _merge(text: str, answer: WinVerdict, reading: RuleReading) -> WinVerdict:
    """The model's decision; minutes from the duration reader; evidence from the model's quote
    when it is in the original text, else the rules' strongest outcome, else the whole text."""
    if not answer.is_win:
        return WinVerdict(False, answer.probability, reasons=answer.reasons, source="model")
    evidence = None
    if answer.evidence is not None and text[answer.evidence.start : answer.evidence.end] == (
        answer.evidence.text
    ):
        evidence = answer.evidence
    evidence = evidence or reading.evidence or _whole(text)
    return WinVerdict(
        is_win=True,
        probability=answer.probability,
        evidence=evidence,
        time_saved=reading.time_saved,
        reasons=answer.reasons,
        source="model",
    )


def _whole(text: str) -> Evidence | None:
    stripped = text.strip()
    if not stripped:
        return None
    start = text.index(stripped)
    return Evidence(start, start + len(stripped), stripped)
