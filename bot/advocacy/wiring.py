"""Builds the advocacy feature and hooks it into wins, chat commands and card buttons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.advocacy.advocates import AdvocacyService
from bot.advocacy.champions import CHAMPION_ACCEPT, CHAMPION_NOT_NOW, ChampionProgramme
from bot.advocacy.notes import CHAMPION_STEP_DOWN
from bot.advocacy.review import LeadReview
from bot.advocacy.wins import WinService
from bot.chat.answers import ADVOCATE_APPROVE, ADVOCATE_DISMISS, Answer, AnswerRouter
from bot.chat.commands import CommandHandler, Invocation, Reply
from bot.outreach.outbox import Outreach
from bot.people.groups import AudienceGroups
from bot.people.service import PeopleService
from bot.settings import Settings
from storage.database import Database

# The buttons this feature owns: adapters route them to the AnswerRouter.
ADVOCACY_ACTIONS = (
    ADVOCATE_APPROVE,
    ADVOCATE_DISMISS,
    CHAMPION_ACCEPT,
    CHAMPION_NOT_NOW,
    CHAMPION_STEP_DOWN,
)


@dataclass(frozen=True)
class Advocacy:
    service: AdvocacyService
    review: LeadReview
    champions: ChampionProgramme


def build_advocacy(
    settings: Settings,
    database: Database,
    *,
    wins: WinService,
    people: PeopleService,
    outreach: Outreach,
    commands: CommandHandler,
    answers: AnswerRouter,
    wake: Callable[[], None],
) -> Advocacy:
    """`wake` tells the outbox dispatcher something is due now."""
    champions = ChampionProgramme(
        database, outreach, settings.advocacy, min_group_size=settings.surveys.min_group_size
    )
    service = AdvocacyService(
        database, settings.advocacy, AudienceGroups.from_settings(settings.surveys), champions
    )
    review = LeadReview(
        database,
        advocacy=service,
        champions=champions,
        people=people,
        outreach=outreach,
        wake=wake,
    )
    wins.on_new_win(service.on_new_win)
    commands.on("advocates", review.show)

    async def step_down(call: Invocation, rest: str) -> Reply:
        return await champions.step_down(call.person, call.at)

    async def step_down_button(answer: Answer) -> Reply:
        return await champions.step_down(answer.person, answer.occurred_at)

    commands.on("step-down", step_down)
    answers.on(ADVOCATE_APPROVE, review.approve)
    answers.on(ADVOCATE_DISMISS, review.dismiss)
    answers.on(CHAMPION_ACCEPT, champions.accept)
    answers.on(CHAMPION_NOT_NOW, champions.not_now)
    answers.on(CHAMPION_STEP_DOWN, step_down_button)
    return Advocacy(service=service, review=review, champions=champions)
