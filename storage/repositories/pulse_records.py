"""Writing a finished pulse run in one go: what the demo programme's surveys left behind.

The survey engine (its fan-out, reminders and answers) writes these rows one by one as they
happen; the demo needs six weeks of them at once, in the same tables, so the digest reads
them exactly as it reads a real run.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from storage.database import Session
from storage.tables import DeliveryRow, ResponseRow, SurveyRow, SurveyRunRow


def ensure_survey(session: Session, *, name: str, questions: list[dict[str, Any]]) -> int:
    found = session.scalar(select(SurveyRow.id).where(SurveyRow.name == name))
    if found is not None:
        return int(found)
    return int(
        session.execute(
            insert(SurveyRow)
            .values(name=name, questions=questions, schedule="weekly", anonymous=True)
            .returning(SurveyRow.id)
        ).scalar_one()
    )


def record_run(
    session: Session,
    *,
    survey_id: int,
    scheduled_for: datetime,
    closes_at: datetime,
    invited: list[int],
    answers: dict[int, tuple[datetime, dict[str, Any], str | None]],
) -> int:
    """One closed run: a delivery per invited person, a response per answer (anonymous: the
    response keeps only the segment)."""
    run_id = int(
        session.execute(
            insert(SurveyRunRow)
            .values(
                survey_id=survey_id,
                scheduled_for=scheduled_for,
                closes_at=closes_at,
                closed_at=closes_at,
            )
            .returning(SurveyRunRow.id)
        ).scalar_one()
    )
    session.execute(
        insert(DeliveryRow),
        [
            {
                "run_id": run_id,
                "person_id": person,
                "status": "answered" if person in answers else "sent",
                "due_at": scheduled_for,
                "sent_at": scheduled_for,
                "answered_at": answers[person][0] if person in answers else None,
                "attempts": 1,
            }
            for person in invited
        ],
    )
    if answers:
        session.execute(
            insert(ResponseRow),
            [
                {
                    "run_id": run_id,
                    "person_id": None,
                    "segment": segment,
                    "answers": given,
                    "submitted_at": when,
                }
                for when, given, segment in answers.values()
            ],
        )
    return run_id
