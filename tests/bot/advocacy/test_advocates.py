"""Advocate candidates, lead review and the champion lifecycle, read like a conversation."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.advocacy.champions import (
    CHAMPION_ACCEPT,
    CHAMPION_NOT_NOW,
    HELP_WANTED,
    INVITATION,
    RECAP,
)
from bot.advocacy.review import REVIEW
from bot.advocacy.wins import WinReport
from bot.chat.answers import ADVOCATE_APPROVE, ADVOCATE_DISMISS, Answer
from bot.chat.commands import Invocation
from bot.records import FeedbackSource, PersonRef, Platform
from bot.services import Services, build_services
from tests.support.messenger import RecordingMessenger
from tests.support.server import make_settings

ALICE = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_ALICE")
BOB = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_BOB")
LEAD = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_LEAD")
NOW = datetime.now(UTC)
WINS = (
    "the assistant drafted the supplier letter and it went out today, saved me ~2h",
    "used it to reconcile the March accounts, done in 20 minutes instead of half a day",
)


def services_for(database_url: str) -> tuple[Services, RecordingMessenger]:
    services = build_services(make_settings(database_url, leads=["slack:U_LEAD"]))
    messenger = RecordingMessenger()
    services.outreach.use(Platform.SLACK, messenger)
    return services, messenger


async def report(services: Services, person: PersonRef, text: str, days_ago: int) -> None:
    await services.wins.record(
        WinReport(
            key=f"{person.user_id}-{days_ago}",
            person=person,
            text=text,
            source=FeedbackSource.COMMAND,
            occurred_at=NOW - timedelta(days=days_ago),
        )
    )


def press(person: PersonRef, action: str, value: str = "", key: str = "k") -> Answer:
    return Answer(key=key, person=person, action=action, value=value, occurred_at=NOW)


async def test_wins_on_two_days_make_a_candidate_with_reasons_and_quotes(
    database_url: str,
) -> None:
    services, _ = services_for(database_url)
    await report(services, ALICE, WINS[0], 3)
    await report(services, ALICE, WINS[1], 1)
    await report(services, BOB, WINS[0], 1)  # one lucky day is not a habit
    candidates = await services.advocacy.service.list(("candidate",))
    await services.close()
    assert [c.ref for c in candidates] == [ALICE]
    assert candidates[0].explanation.startswith("2 wins on 2 days (latest 1 day ago)")
    assert "about 5 h 40 min saved" in candidates[0].explanation
    assert len(candidates[0].evidence["quotes"]) == 2


async def test_people_who_opted_out_are_never_candidates(database_url: str) -> None:
    services, _ = services_for(database_url)
    await report(services, ALICE, WINS[0], 3)
    await report(services, ALICE, WINS[1], 1)
    await services.people.opt_out(ALICE)
    at_once = await services.advocacy.service.list()
    await services.advocacy.service.tick(NOW)
    candidates = await services.advocacy.service.list()
    await services.close()
    assert at_once == [] and candidates == []


async def test_a_non_lead_cannot_approve_and_nothing_is_sent(database_url: str) -> None:
    services, messenger = services_for(database_url)
    await report(services, ALICE, WINS[0], 3)
    await report(services, ALICE, WINS[1], 1)
    (candidate,) = await services.advocacy.service.list(("candidate",))
    refused = await services.answers.handle(press(BOB, ADVOCATE_APPROVE, str(candidate.person_id)))
    command = await services.commands.handle(
        Invocation(person=BOB, text="advocates", key="c1", at=NOW)
    )
    await services.advocacy.service.tick(NOW)
    after = await services.advocacy.service.list()
    await services.close()
    assert refused.text.startswith("Sorry, only programme leads")
    assert command.text.startswith("Sorry, `advocates` is for programme leads")
    assert [a.status for a in after] == ["candidate"]
    assert messenger.kinds_for(ALICE) == []  # no approval, no invitation


async def test_lead_approves_in_chat_then_invitation_accept_recap_and_step_down(
    database_url: str,
) -> None:
    services, messenger = services_for(database_url)
    await report(services, ALICE, WINS[0], 3)
    await report(services, ALICE, WINS[1], 1)
    listed = await services.commands.handle(
        Invocation(person=LEAD, text="advocates", key="c1", at=NOW)
    )
    await services.dispatcher.dispatch_once()  # the cards go out after the command's answer
    (card,) = [d.message for d in messenger.delivered if d.person == LEAD]
    approve = next(c for c in card.choices if c.action == ADVOCATE_APPROVE)
    approved = await services.answers.handle(press(LEAD, ADVOCATE_APPROVE, approve.value))
    again = await services.answers.handle(press(LEAD, ADVOCATE_DISMISS, approve.value))
    invitation = messenger.delivered[-1].message
    accepted = await services.answers.handle(press(ALICE, CHAMPION_ACCEPT))
    month_later = NOW + timedelta(days=28)  # the first recap is due a month after accepting
    await services.advocacy.service.tick(NOW)
    await services.advocacy.service.tick(month_later)
    await services.advocacy.service.tick(month_later)  # at most one note a week
    export = json.loads(await services.people.export(ALICE))
    stepped = await services.commands.handle(
        Invocation(person=ALICE, text="step down", key="c2", at=NOW)
    )
    await services.close()
    assert listed.text.startswith("1 advocate candidate")
    assert card.kind == REVIEW and "2 wins on 2 days" in card.text and "> " in card.text
    assert approved.text.startswith("Approved")
    assert again.text == "Someone already decided on this candidate."
    assert invitation.kind == INVITATION and "2 wins on 2 days" in invitation.text
    assert [c.label for c in invitation.choices] == ["Accept", "Not now"]
    assert accepted.text.startswith("Welcome aboard")
    assert messenger.kinds_for(ALICE) == [INVITATION, RECAP]
    assert "you shared 1 win, about 3 h 40 min saved" in messenger.delivered[-1].message.text
    assert export["advocate"]["explanation"].startswith("2 wins on 2 days")
    assert export["advocate"]["evidence"]["quotes"]
    assert [(d["action"], d["actor"]) for d in export["advocate_decisions"]] == [
        ("approve", "slack:U_LEAD"),
        ("accept", "slack:U_ALICE"),
    ]
    assert stepped.text.startswith("Done: you are no longer a champion")
    assert HELP_WANTED not in messenger.kinds_for(ALICE)


async def test_not_now_declines_and_forget_me_erases_the_proposal(database_url: str) -> None:
    services, messenger = services_for(database_url)
    await report(services, ALICE, WINS[0], 3)
    await report(services, ALICE, WINS[1], 1)
    (candidate,) = await services.advocacy.service.list(("candidate",))
    await services.answers.handle(press(LEAD, ADVOCATE_APPROVE, str(candidate.person_id)))
    declined = await services.answers.handle(press(ALICE, CHAMPION_NOT_NOW))
    again = await services.answers.handle(press(ALICE, CHAMPION_ACCEPT))
    await services.advocacy.service.tick(NOW)
    statuses = [a.status for a in await services.advocacy.service.list()]
    await services.people.forget(ALICE)
    after = await services.advocacy.service.list()
    await services.close()
    assert declined.text.startswith("No problem")
    assert again.text == "This invitation is no longer open."
    assert statuses == ["declined"]
    assert messenger.kinds_for(ALICE) == [INVITATION]  # nothing more after "not now"
    assert after == []
