"""A run's results as leads see them: response rate, answer counts, and the free text —
with every group too small to hide a person suppressed.

A segment (a department) with fewer respondents than GROUNDSWELL_MIN_GROUP_SIZE shows no
counts; free text needs GROUNDSWELL_MIN_GROUP_SIZE_TEXT people who wrote something. The run
as a whole follows the same rules, so a run answered by four people shows only its rate.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.surveys.definition import SurveyDefinition
from bot.surveys.questions import QuestionKind

NO_SEGMENT = "(no department)"


@dataclass
class Breakdown:
    respondents: int
    suppressed: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class Results:
    survey: str
    run_id: int
    asked: int
    answered: int
    skipped: dict[str, int]
    overall: Breakdown
    segments: dict[str, Breakdown]
    comments: dict[str, list[str]]
    comments_suppressed: bool

    @property
    def response_rate(self) -> float:
        return self.answered / self.asked if self.asked else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "survey": self.survey,
            "run_id": self.run_id,
            "asked": self.asked,
            "answered": self.answered,
            "response_rate": round(self.response_rate, 4),
            "skipped": self.skipped,
            "overall": breakdown_json(self.overall),
            "segments": {name: breakdown_json(b) for name, b in self.segments.items()},
            "comments": None if self.comments_suppressed else self.comments,
        }


def breakdown_json(breakdown: Breakdown) -> dict[str, Any]:
    return {
        "respondents": breakdown.respondents,
        "suppressed": breakdown.suppressed,
        "counts": None if breakdown.suppressed else breakdown.counts,
    }


def count_answers(
    survey: SurveyDefinition, answers: Iterable[Mapping[str, str]], minimum: int
) -> Breakdown:
    rows = list(answers)
    if len(rows) < minimum:
        return Breakdown(respondents=len(rows), suppressed=True)
    counts: dict[str, dict[str, int]] = {}
    for question in survey.questions:
        if question.kind is QuestionKind.TEXT:
            continue
        tally = Counter(row[question.id] for row in rows if row.get(question.id))
        counts[question.id] = {c.value: tally.get(c.value, 0) for c in question.options()}
    return Breakdown(respondents=len(rows), suppressed=False, counts=counts)


def summarise(
    survey: SurveyDefinition,
    *,
    run_id: int,
    delivery_counts: Mapping[str, int],
    responses: Iterable[tuple[str | None, Mapping[str, str]]],
    min_group: int,
    min_text: int,
) -> Results:
    rows = list(responses)
    by_segment: dict[str, list[Mapping[str, str]]] = {}
    for segment, answers in rows:
        by_segment.setdefault(segment or NO_SEGMENT, []).append(answers)
    comments: dict[str, list[str]] = {}
    writers = 0
    for _, answers in rows:
        wrote = False
        for question in survey.questions:
            text = answers.get(question.id) if question.kind is QuestionKind.TEXT else None
            if text:
                comments.setdefault(question.id, []).append(text)
                wrote = True
        writers += wrote
    for texts in comments.values():
        random.shuffle(texts)  # storage order is no one's business
    return Results(
        survey=survey.name,
        run_id=run_id,
        asked=delivery_counts.get("asked", 0),
        answered=delivery_counts.get("answered", 0),
        skipped={
            k.removeprefix("skipped: "): v
            for k, v in delivery_counts.items()
            if k.startswith("skipped: ")
        },
        overall=count_answers(survey, (answers for _, answers in rows), min_group),
        segments={
            name: count_answers(survey, answers, min_group)
            for name, answers in sorted(by_segment.items())
        },
        comments=comments if writers >= min_text else {},
        comments_suppressed=writers < min_text,
    )


def render(results: Results) -> str:
    """Plain text for the CLI and chat."""
    lines = [
        f"{results.survey} run {results.run_id}: {results.answered} of {results.asked} answered"
        f" ({results.response_rate:.0%})"
    ]
    if results.skipped:
        lines.append(
            "skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(results.skipped.items()))
        )
    lines += render_breakdown("all", results.overall)
    for name, breakdown in results.segments.items():
        lines += render_breakdown(name, breakdown)
    if results.comments_suppressed:
        lines.append("comments: hidden (too few people wrote one)")
    for question, texts in results.comments.items():
        lines.append(f"comments on {question}:")
        lines += [f"  – {text}" for text in texts]
    return "\n".join(lines)


def render_breakdown(name: str, breakdown: Breakdown) -> list[str]:
    if breakdown.suppressed:
        return [f"{name}: {breakdown.respondents} respondents — suppressed (too few to show)"]
    lines = [f"{name}: {breakdown.respondents} respondents"]
    for question, counts in breakdown.counts.items():
        lines.append(f"  {question}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return lines
