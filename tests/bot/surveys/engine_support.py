"""A small organisation for the run-engine tests: people with timezones and departments, a
survey service on the test database, and a messenger that keeps what was sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.chat.answers import SURVEY_ANSWER, Answer
from bot.outreach.budget import BudgetLimits
from bot.outreach.dispatcher import Dispatcher
from bot.outreach.outbox import Outreach
from bot.people.directory import Directory
from bot.people.entries import DirectoryEntry, Source
from bot.people.groups import AudienceGroups
from bot.people.service import PeopleService
from bot.records import PersonRef, Platform
from bot.settings import SurveySettings
from bot.surveys.catalog import CatalogEntry, Origin, SurveyCatalog
from bot.surveys.definition import SurveyDefinition
from bot.surveys.loading import load_surveys
from bot.surveys.service import SurveyService
from bot.surveys.steps import decode
from storage.database import Database
from tests.support.messenger import RecordingMessenger
from tests.support.secrets import FINGERPRINT_KEY


def slack(user: str) -> PersonRef:
    return PersonRef(platform=Platform.SLACK, tenant="T1", user_id=user)


def templates() -> SurveyCatalog:
    found = load_surveys(None)
    assert isinstance(found, SurveyCatalog)
    return found


def with_survey(survey: SurveyDefinition) -> SurveyCatalog:
    return SurveyCatalog(entries=(CatalogEntry(definition=survey, origin=Origin.FILE),))


@dataclass
class Org:
    database: Database
    surveys: SurveyService
    outreach: Outreach
    people: PeopleService
    messenger: RecordingMessenger

    async def add(
        self, user: str, *, timezone: str | None = "Europe/Berlin", department: str | None = None
    ) -> PersonRef:
        ref = slack(user)
        directory = Directory(
            self.database,
            fingerprint_key=FINGERPRINT_KEY,
            groups=AudienceGroups.from_settings(SurveySettings.model_construct()),
        )
        await directory.store(
            [DirectoryEntry(ref=ref, timezone=timezone, department=department)],
            source=Source.IMPORT,
        )
        return ref

    async def dispatch_all(self) -> None:
        dispatcher = Dispatcher(self.outreach, workers=4)
        while await dispatcher.dispatch_once():
            pass

    def delivery_of(self, ref: PersonRef, kind: str = "survey") -> str:
        sent = [d for d in self.messenger.delivered if d.person == ref and d.message.kind == kind]
        assert sent, f"no {kind} for {ref.user_id}"
        message = sent[-1].message
        if message.form is not None:  # Teams: the whole form
            return message.form.value
        return decode(message.choices[0].value)[0]  # Slack: the first step's buttons


def org(database: Database, catalog: SurveyCatalog, limits: BudgetLimits | None = None) -> Org:
    limits = limits or BudgetLimits()
    outreach = Outreach(database, limits)
    messenger = RecordingMessenger()
    outreach.use(Platform.SLACK, messenger)
    service = SurveyService(database, catalog, limits, min_group=5, min_text=10)
    people = PeopleService(database, [], fingerprint_key=FINGERPRINT_KEY)
    return Org(database, service, outreach, people, messenger)


def answer(
    ref: PersonRef, delivery: str, inputs: dict[str, str], *, key: str = "click-1"
) -> Answer:
    return Answer(
        key=key,
        person=ref,
        action=SURVEY_ANSWER,
        value=delivery,
        inputs=inputs,
        occurred_at=datetime.now(UTC),
    )
