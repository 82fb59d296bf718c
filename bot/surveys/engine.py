"""Starting a run: one transaction writes a delivery row per recipient and the outbox item that
carries it, so a crash mid fan-out resumes without asking anyone twice or missing anyone.

The outbox (bot/outreach) then sends each item at the person's own moment, through the one
fatigue budget every bot-initiated message shares: it is checked here, in the same
transaction, against what the outbox already holds for the person (a follow-up today counts).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.chat.messenger import Outgoing
from bot.outreach.budget import BudgetLimits
from bot.outreach.outbox import Send, row_values
from bot.records import Budget, PersonRef, Platform
from bot.surveys.allowance import history_by_person, lock_people, settle
from bot.surveys.definition import SurveyDefinition
from bot.surveys.form import form_for
from bot.surveys.recipients import Candidate, Planned, Skip, known_zone, plan_run
from bot.surveys.runs import run_close, run_start
from bot.surveys.spread import run_key
from bot.surveys.steps import slack_message
from bot.surveys.timing import closing_instant
from storage.database import Database, Session
from storage.repositories import outbox as outbox_repo
from storage.repositories import surveys as surveys_repo

SURVEY_KIND = "survey"
UTC_ZONE = ZoneInfo("UTC")
# Channel audiences: the platform lists a channel's members' user ids (Slack
# conversations.members).
MembersOf = Callable[[str], Awaitable[frozenset[str]]]


@dataclass
class RunReport:
    """What a run did (or, dry, would do): who is asked when, who is skipped and why."""

    survey: str
    run_date: date
    run_id: int | None = None
    already_started: bool = False
    asked: list[tuple[PersonRef, datetime]] = field(default_factory=list)
    skipped: list[tuple[PersonRef, Skip]] = field(default_factory=list)

    def skip_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, reason in self.skipped:
            counts[reason.value] = counts.get(reason.value, 0) + 1
        return counts


def candidate_of(row: object) -> Candidate:
    return Candidate(
        person_id=row.id,  # type: ignore[attr-defined]
        ref=surveys_repo.person_ref(row),
        department=row.department,  # type: ignore[attr-defined]
        timezone=row.timezone,  # type: ignore[attr-defined]
        opted_out=bool(row.opted_out),  # type: ignore[attr-defined]
        unreachable=row.deactivated_at is not None or bool(row.is_bot),  # type: ignore[attr-defined]
    )


def survey_message(survey: SurveyDefinition, delivery_id: int, platform: Platform) -> Outgoing:
    """Slack: the first question's buttons (steps.py); Teams: the whole survey as one card.
    The delivery id travels back with every answer."""
    if platform is Platform.SLACK:
        return slack_message(survey, delivery_id, SURVEY_KIND)
    return Outgoing(
        kind=SURVEY_KIND,
        title=survey.title,
        text=survey.intro or survey.title,
        form=form_for(survey, value=str(delivery_id)),
    )


class RunEngine:
    def __init__(self, database: Database, limits: BudgetLimits) -> None:
        self._db = database
        self._limits = limits

    async def start(
        self,
        survey: SurveyDefinition,
        *,
        run_date: date,
        now: datetime,
        members: Mapping[str, frozenset[str]] | None = None,
        dry_run: bool = False,
    ) -> RunReport:
        """Start the run of `run_date` (once: a second start finds it started)."""
        key = run_key(survey.name, run_date)
        report = RunReport(survey=survey.name, run_date=run_date)

        def work(session: Session) -> RunReport:
            candidates = [candidate_of(row) for row in surveys_repo.audience_rows(session)]
            plan = plan_run(
                survey,
                run=key,
                run_date=run_date,
                now=now,
                candidates=candidates,
                members=members or {},
            )
            if dry_run:
                spent = history_by_person(session, plan, now)
                for planned in plan:
                    settle(report, planned, spent, self._limits)
                return report
            survey_id = surveys_repo.ensure_survey(
                session,
                name=survey.name,
                values={
                    "questions": [q.model_dump(mode="json") for q in survey.questions],
                    "schedule": survey.schedule.describe()[:255],
                    "anonymous": survey.anonymous,
                },
            )
            run_id = surveys_repo.create_run(
                session,
                values={
                    "survey_id": survey_id,
                    "scheduled_for": run_start(run_date),
                    "closes_at": run_close(survey, run_date),
                    "anonymous": survey.anonymous,
                    "started_at": now,
                },
            )
            if run_id is None:
                report.already_started = True
                return report
            report.run_id = run_id
            lock_people(session, plan)
            spent = history_by_person(session, plan, now)
            closes = run_close(survey, run_date)
            for planned in plan:
                at = settle(report, planned, spent, self._limits)
                closes = max(closes, self._write(session, survey, run_id, planned, at, now))
            surveys_repo.set_run_close(session, run_id=run_id, closes_at=closes)
            return report

        return await self._db.run(work)

    def _write(
        self,
        session: Session,
        survey: SurveyDefinition,
        run_id: int,
        planned: Planned,
        at: datetime | None,
        now: datetime,
    ) -> datetime:
        """One delivery row, and for someone asked its outbox item; their closing instant."""
        person = planned.candidate
        skipped = planned.skipped or (None if at is not None else Skip.OVER_BUDGET)
        delivery_id = surveys_repo.add_delivery(
            session,
            values={
                "run_id": run_id,
                "person_id": person.person_id,
                "status": "skipped" if skipped else "pending",
                "due_at": at or now,
                "skip_reason": skipped.value if skipped else None,
                "timezone": person.timezone,
                "attempts": 0,
            },
        )
        if delivery_id is None or at is None or skipped is not None:
            return now
        send = Send(
            person=person.ref,
            message=survey_message(survey, delivery_id, person.ref.platform),
            key=f"{SURVEY_KIND}:{run_id}:{person.person_id}",
            budget=Budget.SURVEY,
            due_at=at,
        )
        values = row_values(send, person.person_id, now)
        outbox_id = outbox_repo.add_item(session, values=values)
        if outbox_id is not None:
            surveys_repo.link_outbox(session, delivery_id=delivery_id, outbox_id=outbox_id)
        zone = known_zone(person.timezone) or UTC_ZONE
        return closing_instant(
            window=survey.window, delivered_at=at, zone=zone, open_days=survey.open_days
        )
