"""A simulated month at a company of 300: the planted advocates come out on top, each with an
explanation that matches what they did; heavy IT users, one-off praisers and sarcastic
complainers do not; IT and the AI team are ranked in their own lists."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.chat.answers import Answer
from bot.chat.commands import Invocation
from bot.feedback.prompts import WIN_SUBMIT
from bot.people.entries import DirectoryEntry, Source
from bot.records import (
    FeedbackEvent,
    FeedbackSource,
    MessageRef,
    OutputRegistration,
    PersonRef,
    Platform,
    Rating,
)
from bot.services import Services, build_services
from bot.settings import SurveySettings
from tests.support.server import make_settings

END = datetime.now(UTC)
USE_CASES = ("month-end close", "policy lookups", "contract review", "customer replies", "code")
BUSINESS = ("Finance", "HR", "Legal", "Sales", "Support")


@dataclass
class Planted:
    ref: PersonRef
    department: str
    # (days before the end, how it was reported, words)
    wins: list[tuple[int, str, str]] = field(default_factory=list)


ADVOCATES = [
    (
        "Finance",
        [
            (
                27,
                "command",
                "reconciled 300 supplier invoices with it this morning, took 40 minutes "
                "instead of a full day",
            ),
            (
                15,
                "form",
                "The assistant pulled the variance commentary together and the month-end "
                "pack went out on time",
            ),
            (3, "comment", "got the board paper finished a day early thanks to the draft it wrote"),
        ],
    ),
    (
        "Legal",
        [
            (22, "form", "it found the clause we were missing in the NDA, signed it off today"),
            (
                9,
                "command",
                "summarised 12 contracts for the renewal review, done by lunch instead of two days",
            ),
            (
                2,
                "form",
                "Sent the proposal to Acme today, the assistant wrote most of the first draft",
            ),
        ],
    ),
    (
        "Support",
        [
            (
                20,
                "comment",
                "used the bot to answer a customer's refund question, ticket closed in 5 minutes",
            ),
            (
                6,
                "form",
                "resolved the escalation for the Berlin customer after the bot found the "
                "right KB article",
            ),
        ],
    ),
    (
        "HR",
        [
            (
                25,
                "command",
                "Drafted the job description for the analyst role with it; posted it the "
                "same afternoon",
            ),
            (12, "command", "the onboarding checklist it made saved me about 2 hours"),
            (
                1,
                "form",
                "It explained the new parental leave policy clearly and I answered the "
                "employee's question straight away",
            ),
        ],
    ),
    (
        "IT",
        [
            (
                18,
                "command",
                "migrated the deploy script with its help and the pipeline is green "
                "again, saved half a day",
            ),
            (4, "comment", "it diagnosed the flaky test in CI; fixed and merged"),
        ],
    ),
    (
        "AI Lab",
        [
            (day, "command", f"wrote the SQL for the churn report {n} with it, report shipped")
            for n, day in enumerate((28, 21, 14, 7, 0))
        ],
    ),
]
ONE_OFF = "Finally fixed the pricing formula in the quote template thanks to the assistant"
PRAISE = ("love it", "great tool!", "really useful assistant", "amazing, thanks")
SARCASM = (
    "oh great, it 'saved' me another afternoon of fixing its mistakes",
    "Wonderful. It confidently made up a policy again. Saved me so much time... not",
    "Thanks for nothing, I had to redo the whole reconciliation by hand",
    "yeah it totally solved my problem by inventing a new one",
)


class Month:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.keys = itertools.count()
        self.outputs: dict[str, int] = {}

    def key(self) -> str:
        return f"e{next(self.keys)}"

    async def register_outputs(self) -> None:
        for use_case in USE_CASES:
            recorded = await self.services.outputs.register(
                OutputRegistration(
                    message=MessageRef(
                        platform=Platform.SLACK,
                        tenant="T1",
                        channel="C1",
                        message_id=f"{len(self.outputs)}.0001",
                    ),
                    assistant="Copilot",
                    use_case=use_case,
                )
            )
            self.outputs[use_case] = recorded.id

    async def rate(self, person: PersonRef, rating: Rating, use_case: str, days: int) -> None:
        await self.services.feedback.record(
            FeedbackEvent(
                key=self.key(),
                person=person,
                output_id=self.outputs[use_case],
                rating=rating,
                source=FeedbackSource.REACTION,
                occurred_at=END - timedelta(days=days, minutes=next(self.keys)),
            )
        )

    async def says(self, person: PersonRef, how: str, text: str, days: int, use_case: str) -> None:
        at = END - timedelta(days=days)
        if how == "command":
            await self.services.commands.handle(
                Invocation(person=person, text=f"win {text}", key=self.key(), at=at)
            )
        elif how == "form":  # the share-a-win form offered after a 👍 on an answer
            await self.services.answers.handle(
                Answer(
                    key=self.key(),
                    person=person,
                    action=WIN_SUBMIT,
                    value=str(self.outputs[use_case]),
                    inputs={"text": text, "share": "yes"},
                    occurred_at=at,
                )
            )
        else:  # a comment sent with a rating through the API
            await self.services.feedback.record(
                FeedbackEvent(
                    key=self.key(),
                    person=person,
                    output_id=self.outputs[use_case],
                    rating=Rating.UP,
                    comment=text,
                    source=FeedbackSource.API,
                    occurred_at=at,
                )
            )


def person(n: int) -> PersonRef:
    return PersonRef(platform=Platform.SLACK, tenant="T1", user_id=f"U{n:04d}")


async def simulate(services: Services) -> tuple[list[Planted], list[DirectoryEntry]]:
    month = Month(services)
    await month.register_outputs()
    numbers = itertools.count(1)
    planted = [Planted(person(next(numbers)), dept, wins) for dept, wins in ADVOCATES]
    entries = [
        DirectoryEntry(ref=p.ref, name=f"Advocate {p.department}", department=p.department)
        for p in planted
    ]
    heavy_it = [person(next(numbers)) for _ in range(25)]
    one_off = [person(next(numbers)) for _ in range(60)]
    praisers = [person(next(numbers)) for _ in range(20)]
    sarcastic = [person(next(numbers)) for _ in range(15)]
    background = [person(next(numbers)) for _ in range(300 - len(entries) - 120)]
    entries += [DirectoryEntry(ref=ref, department="IT") for ref in heavy_it]
    for index, ref in enumerate((*one_off, *praisers, *sarcastic, *background)):
        entries.append(DirectoryEntry(ref=ref, department=BUSINESS[index % len(BUSINESS)]))
    await services.directory.store(entries, source=Source.IMPORT)

    for index, advocate in enumerate(planted):
        use_case = USE_CASES[index % len(USE_CASES)]
        for days, how, text in advocate.wins:
            await month.says(advocate.ref, how, text, days, use_case)
    for index, ref in enumerate(heavy_it):  # 20 helpful ratings each, no wins
        for day in range(20):
            await month.rate(ref, Rating.UP, USE_CASES[(index + day) % 5], day)
    for index, ref in enumerate(one_off):
        await month.says(ref, "command", ONE_OFF, index % 28, "code")
    for index, ref in enumerate(praisers):
        await month.says(ref, "command", PRAISE[index % 4], 20, "code")
        await month.says(ref, "command", PRAISE[(index + 1) % 4], 5, "code")
    for index, ref in enumerate(sarcastic):
        await month.says(ref, "command", SARCASM[index % 4], 17, "code")
        await month.says(ref, "comment", SARCASM[(index + 1) % 4], 8, "policy lookups")
        await month.rate(ref, Rating.DOWN, "policy lookups", 8)
    for index, ref in enumerate(background):
        await month.rate(ref, (Rating.UP, Rating.DOWN)[index % 2], USE_CASES[index % 5], index % 30)
    return planted, entries


async def test_a_month_ranks_the_planted_advocates_with_their_reasons(database_url: str) -> None:
    settings = make_settings(database_url, leads=["slack:U9999"])
    settings.surveys = SurveySettings.model_construct(
        it_departments=["IT"], ai_team_departments=["AI Lab"]
    )
    services = build_services(settings)
    planted, entries = await simulate(services)
    await services.advocacy.service.tick(END)
    candidates = await services.advocacy.service.list(("candidate",))
    await services.close()

    assert len(entries) == 300
    by_ref = {advocate.ref: advocate for advocate in planted}
    # The planted advocates, and nobody else: no heavy IT user, praiser or sarcastic complainer.
    assert {c.ref for c in candidates} == set(by_ref)
    # Business first (four of them), then IT, then the AI team: ranked separately.
    assert [c.audience for c in candidates] == ["business"] * 4 + ["it", "ai_team"]
    assert [c.department for c in candidates[4:]] == ["IT", "AI Lab"]
    for candidate in candidates:
        wins = by_ref[candidate.ref].wins
        days = len({day for day, _, _ in wins})
        assert candidate.explanation.startswith(f"{len(wins)} wins on {days} days"), (
            candidate.explanation
        )
        texts = [text for _, _, text in wins]
        quotes = candidate.evidence["quotes"]
        assert quotes and all(any(q in text for text in texts) for q in quotes)
    finance = next(c for c in candidates if c.department == "Finance")
    assert "about 15 h 20 min saved" in finance.explanation  # 440 + 480 minutes
    assert "use case (month-end close)" in finance.explanation
    it = next(c for c in candidates if c.department == "IT")
    assert it.explanation.endswith("ranked with IT.")
