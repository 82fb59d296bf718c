"""What a destination is told about one opinion: its current value, or that it is withdrawn.

The score id is derived (keyed) from our own ids of the person and the answer, so every change
of one person's opinion of one answer, and every retry, lands on the same score instead of
adding one; it is also the opaque reference shown in exports. The person is a keyed pseudonym
unless the operator asked for raw platform ids.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from bot.records import Frozen, Platform, Rating
from storage.database import Session
from storage.repositories import opinions as opinions_repo
from storage.repositories import questions as questions_repo
from storage.repositories.exports import ExportItem
from storage.repositories.opinions import Opinion


class ChangeKind(StrEnum):
    UPSERTED = "feedback.upserted"
    DELETED = "feedback.deleted"


class ExportChange(Frozen):
    # Same for every attempt at one version, so a receiver can drop a redelivery.
    event_id: str
    score_id: str
    kind: ChangeKind
    trace_id: str | None = None
    value: bool | None = None
    comment: str | None = None
    user: str | None = None
    occurred_at: datetime | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


def derive_score_id(key: bytes, *, person_id: int, output_id: int) -> str:
    """A UUID (LangSmith wants one) keyed with the server's pseudonym key, so it reveals
    neither our row ids nor who rated."""
    digest = hmac.new(key, f"score:{person_id}:{output_id}".encode(), hashlib.sha256).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def pseudonym(key: bytes, *, platform: Platform, tenant: str, user_id: str) -> str:
    digest = hmac.new(key, f"user:{platform}:{tenant}:{user_id}".encode(), hashlib.sha256)
    return "u_" + digest.hexdigest()[:24]


def permalink(opinion: Opinion) -> str:
    """A link to the rated message that opens in the right workspace for whoever may see it."""
    if opinion.platform is Platform.SLACK:
        # Slack's archive links redirect to the viewer's workspace: p + the ts without its dot.
        return (
            f"https://slack.com/archives/{opinion.channel}/p{opinion.message_id.replace('.', '')}"
        )
    return f"https://teams.microsoft.com/l/message/{opinion.channel}/{opinion.message_id}"


def describe_change(
    item: ExportItem,
    opinion: Opinion | None,
    *,
    key: bytes,
    raw_user_ids: bool,
    answers: Sequence[str] = (),
) -> ExportChange:
    score_id = derive_score_id(key, person_id=item.person_id, output_id=item.output_id)
    event_id = f"msg_{score_id.replace('-', '')}_{item.version}"
    if opinion is None:
        return ExportChange(event_id=event_id, score_id=score_id, kind=ChangeKind.DELETED)
    user = (
        f"{opinion.platform}:{opinion.user_id}"
        if raw_user_ids
        else pseudonym(
            key, platform=opinion.platform, tenant=opinion.tenant, user_id=opinion.user_id
        )
    )
    words = [part for part in (opinion.reason, opinion.comment) if part]
    # Answers to the team's follow-up questions (bot/exports/questions.py), never signed.
    words += [f"Follow-up answer: {answer}" for answer in answers]
    return ExportChange(
        event_id=event_id,
        score_id=score_id,
        kind=ChangeKind.UPSERTED,
        trace_id=opinion.trace_id,
        value=opinion.rating is Rating.UP,
        comment=": ".join(words) if words else None,
        user=user,
        occurred_at=opinion.occurred_at,
        metadata={
            "ref": score_id,
            "platform": opinion.platform.value,
            "workspace": opinion.tenant,
            "channel": opinion.channel,
            "permalink": permalink(opinion),
            "assistant": opinion.assistant,
            "use_case": opinion.use_case,
            "source": opinion.source.value,
            "reason": opinion.reason,
            "user": user,
        },
    )


def describe_claimed(
    session: Session, items: list[ExportItem], *, key: bytes, raw_user_ids: bool
) -> list[ExportChange]:
    """What to tell each destination about these claimed rows, read in one transaction."""
    changes = []
    for item in items:
        opinion = opinions_repo.read_opinion(
            session, person_id=item.person_id, output_id=item.output_id
        )
        subject = derive_score_id(key, person_id=item.person_id, output_id=item.output_id)
        answers = questions_repo.answers_on(session, subject=subject) if opinion else []
        changes.append(
            describe_change(item, opinion, key=key, raw_user_ids=raw_user_ids, answers=answers)
        )
    return changes
