"""Rows to domain objects, in one place so every repository returns the same shapes.

They read attributes by column name, so Core rows and ORM rows both fit.
"""

from __future__ import annotations

from typing import Any

from bot.records import (
    AIOutput,
    Feedback,
    FeedbackSource,
    MessageRef,
    Person,
    PersonRef,
    Platform,
    Rating,
    Win,
)


def person_ref(row: Any) -> PersonRef:
    return PersonRef(platform=Platform(row.platform), tenant=row.tenant, user_id=row.user_id)


def to_person(row: Any) -> Person:
    return Person(
        id=row.id,
        ref=person_ref(row),
        display_name=row.display_name,
        department=row.department,
        timezone=row.timezone,
        opted_out=row.opted_out,
        email=row.email,
        title=row.title,
        name_source=row.name_source,
        department_source=row.department_source,
        timezone_source=row.timezone_source,
        platform_timezone=row.platform_timezone,
        profile_checked_at=row.profile_checked_at,
        deactivated=row.deactivated_at is not None,
        is_bot=bool(row.is_bot),
    )


def to_output(row: Any) -> AIOutput:
    return AIOutput(
        id=row.id,
        message=MessageRef(
            platform=Platform(row.platform),
            tenant=row.tenant,
            channel=row.channel,
            message_id=row.message_id,
        ),
        assistant=row.assistant,
        use_case=row.use_case,
        trace_id=row.trace_id,
        posted_at=row.posted_at,
        registered_at=row.registered_at,
    )


def to_feedback(row: Any, person: Any, output: Any) -> Feedback:
    return Feedback(
        id=row.id,
        key=row.event_key,
        person=person_ref(person),
        output=to_output(output) if output is not None else None,
        rating=Rating(row.rating),
        comment=row.comment,
        reason=row.reason,
        source=FeedbackSource(row.source),
        occurred_at=row.occurred_at,
        recorded_at=row.recorded_at,
        retracted_at=row.retracted_at,
        superseded_at=row.superseded_at,
    )


def to_win(row: Any, person: Any) -> Win:
    return Win(
        id=row.id,
        person=person_ref(person),
        text=row.text,
        use_case=row.use_case,
        minutes_saved=row.minutes_saved,
        time_saved=row.time_saved,
        shareable=row.shareable,
        confidence=row.confidence,
        source=FeedbackSource(row.source),
        occurred_at=row.occurred_at,
        evidence=evidence_text(row.evidence),
        detected=row.evidence.get("detected") if isinstance(row.evidence, dict) else None,
    )


def evidence_text(evidence: Any) -> str | None:
    span = evidence.get("span") if isinstance(evidence, dict) else None
    text = span.get("text") if isinstance(span, dict) else None
    return text if isinstance(text, str) else None
