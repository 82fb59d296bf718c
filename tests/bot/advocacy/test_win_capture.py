"""Every place a person writes free text runs through the win detector, and a detected win is
stored with the detector's confidence, evidence span and minutes."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.chat.answers import Answer
from bot.chat.commands import Invocation
from bot.feedback.prompts import FOLLOWUP_SUBMIT, WIN_SUBMIT
from bot.records import FeedbackEvent, FeedbackSource, PersonRef, Platform, Rating, Win
from bot.services import Services, build_services
from tests.support.server import make_settings

ALICE = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_ALICE")
BOB = PersonRef(platform=Platform.TEAMS, tenant="tenant", user_id="29:bob")
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
WIN_TEXT = "the assistant drafted the supplier letter and it went out today, saved me ~2h"


def services_for(database_url: str) -> Services:
    return build_services(make_settings(database_url))


def detected(wins: list[Win]) -> list[tuple[str | None, int | None, bool | None]]:
    return [(w.evidence, w.minutes_saved, w.detected) for w in wins]


async def test_a_win_command_keeps_the_detectors_reading_on_slack_and_teams(
    database_url: str,
) -> None:
    services = services_for(database_url)
    for person in (ALICE, BOB):
        await services.commands.handle(
            Invocation(person=person, text=f"win {WIN_TEXT}", key=f"c-{person.user_id}", at=NOW)
        )
    wins = [w for person in (ALICE, BOB) for w in await services.wins.list_for(person)]
    await services.close()
    assert len(wins) == 2
    for win in wins:
        assert win.detected is True and win.minutes_saved == 120
        assert win.confidence is not None and win.confidence >= 0.5
        assert win.evidence and win.evidence in WIN_TEXT


async def test_a_win_someone_reports_is_kept_even_when_the_detector_reads_none(
    database_url: str,
) -> None:
    services = services_for(database_url)
    await services.commands.handle(Invocation(person=ALICE, text="win love it", key="c-1", at=NOW))
    wins = await services.wins.list_for(ALICE)
    await services.close()
    assert [(w.text, w.detected) for w in wins] == [("love it", False)]
    assert wins[0].confidence is not None and wins[0].confidence < 0.5


async def test_the_share_a_win_form_is_read_by_the_detector(database_url: str) -> None:
    services = services_for(database_url)
    reply = await services.answers.handle(
        Answer(
            key="form-1",
            person=BOB,
            action=WIN_SUBMIT,
            inputs={"text": WIN_TEXT, "share": "yes"},
            occurred_at=NOW,
        )
    )
    wins = await services.wins.list_for(BOB)
    await services.close()
    assert reply.text == "Thanks! Your win is recorded."
    assert detected(wins) == [(wins[0].evidence, 120, True)] and wins[0].evidence


async def test_a_comment_that_reports_a_win_becomes_one_and_a_complaint_does_not(
    database_url: str,
) -> None:
    services = services_for(database_url)
    for person, text in (
        (
            ALICE,
            "It got the VAT rate wrong, but the rest of the reconciliation was done "
            "in 20 minutes instead of half a day",
        ),
        (BOB, "it keeps citing last year's travel policy, useless"),
    ):
        await services.answers.handle(
            Answer(
                key=f"wrong-{person.user_id}",
                person=person,
                action=FOLLOWUP_SUBMIT,
                inputs={"reason": "wrong", "comment": text},
                occurred_at=NOW,
            )
        )
    alice, bob = await services.wins.list_for(ALICE), await services.wins.list_for(BOB)
    await services.close()
    assert [w.source for w in alice] == [FeedbackSource.MODAL]
    assert alice[0].detected is True and alice[0].minutes_saved == 220
    assert bob == []


async def test_api_and_command_comments_are_read_for_wins(database_url: str) -> None:
    services = services_for(database_url)
    await services.feedback.record(
        FeedbackEvent(
            key="api:slack:T1:e1",
            person=ALICE,
            rating=Rating.UP,
            comment="Used it to answer the customer's warranty question, ticket closed in 5 min",
            source=FeedbackSource.API,
            occurred_at=NOW,
        )
    )
    await services.commands.handle(
        Invocation(
            person=BOB, text="feedback could save hours if it knew our templates", key="c-2", at=NOW
        )
    )
    alice, bob = await services.wins.list_for(ALICE), await services.wins.list_for(BOB)
    await services.close()
    assert [(w.source, w.detected) for w in alice] == [(FeedbackSource.API, True)]
    assert bob == []  # a hope, not a win


async def test_survey_answers_become_wins_only_when_they_report_one(database_url: str) -> None:
    services = services_for(database_url)
    text = "It summarised 40 contracts for the audit; done by lunch instead of two days"
    answers = [(ALICE, text, "resp-1"), (ALICE, text, "resp-1"), (BOB, "not used it yet", "r2")]
    results = [
        await services.wins.consider_survey_answer(
            person=person,
            text=words,
            survey="pulse",
            question="what_helped",
            key=key,
            occurred_at=NOW,
        )
        for person, words, key in answers
    ]
    wins = await services.wins.list_for(ALICE)
    await services.close()
    kept, again, none = results
    assert kept is not None and kept.created and again is not None and not again.created
    assert none is None
    assert [(w.source, w.detected) for w in wins] == [(FeedbackSource.SURVEY, True)]
