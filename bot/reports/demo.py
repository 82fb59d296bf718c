"""`groundswell demo`: six weeks of a programme, played through the real services.

People arrive through the directory, answers are registered and rated, follow-up reasons
and comments are recorded, wins are reported (the win detector reads their minutes) — the
same calls chat traffic makes. Pulse runs are written as the survey engine leaves them.
Writes go in concurrent batches so SQLite's group commit keeps the whole thing in seconds.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable
from datetime import datetime, timedelta
from typing import Any

from bot.advocacy.wins import WinReport
from bot.feedback.vocabulary import TIME_SAVED
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
from bot.reports import demo_script as script
from bot.reports.weeks import IsoWeek
from bot.services import Services
from bot.surveys.questions import Question
from storage.repositories import people as people_repo
from storage.repositories import pulse_records

TENANT = "TDEMO"
CONCURRENCY = 200
# Stored as the survey engine stores a definition's questions (bot/surveys/engine.py).
PULSE_QUESTIONS: list[dict[str, Any]] = [
    Question.model_validate(question).model_dump(mode="json")
    for question in (
        {"id": "helped", "kind": "yes_no", "text": "Did the assistant help you this week?"},
        {
            "id": "time_saved",
            "kind": "choice",
            "choices": "time_saved",
            "text": "How much time did it save you this week?",
        },
    )
]


def ref_of(person: script.DemoPerson) -> PersonRef:
    return PersonRef(platform=Platform.SLACK, tenant=TENANT, user_id=person.user_id)


async def in_batches(calls: list[Awaitable[Any]]) -> list[Any]:
    results: list[Any] = []
    for first in range(0, len(calls), CONCURRENCY):
        results += await asyncio.gather(*calls[first : first + CONCURRENCY])
    return results


def moment(rng: random.Random, week: IsoWeek) -> datetime:
    """A working-hours instant on a weekday of the week."""
    day = rng.randrange(5)
    return week.start + timedelta(days=day, hours=rng.randint(8, 17), minutes=rng.randrange(60))


async def play_demo(services: Services, last_week: IsoWeek, *, seed: int = 7) -> None:
    rng = random.Random(seed)
    people = script.demo_people()
    entries = [
        DirectoryEntry(ref=ref_of(p), name=p.name, department=p.department, timezone="UTC")
        for p in people
    ]
    await services.directory.store(entries, source=Source.IMPORT)
    weeks = [last_week.shift(offset - script.WEEKS + 1) for offset in range(script.WEEKS)]
    champions = [p for p in people if p.department == script.CHAMPION_DEPARTMENT][
        : script.CHAMPIONS
    ]
    for index, week in enumerate(weeks):
        await play_ratings(services, rng, people, week, index)
        await play_wins(services, rng, people, champions, week, index)
    await play_pulse(services, rng, people, weeks)


async def play_ratings(
    services: Services,
    rng: random.Random,
    people: list[script.DemoPerson],
    week: IsoWeek,
    index: int,
) -> None:
    weights = [script.usage_weight(p) for p in people]
    askers = rng.choices(people, weights=weights, k=900)
    answers = []
    for n, person in enumerate(askers):
        use_case = script.USE_CASES[n % len(script.USE_CASES)]
        answers.append((person, use_case, moment(rng, week)))
    registered = await in_batches(
        [
            services.outputs.register(
                OutputRegistration(
                    message=MessageRef(
                        platform=Platform.SLACK,
                        tenant=TENANT,
                        channel=f"DDEMO{person.user_id[-4:]}",
                        message_id=f"{week}.{n:05d}",
                    ),
                    assistant=use_case[0],
                    use_case=use_case[1],
                    posted_at=at,
                )
            )
            for n, (person, use_case, at) in enumerate(answers)
        ]
    )
    events = []
    for n, ((person, use_case, at), output) in enumerate(zip(answers, registered, strict=True)):
        if rng.random() > 0.65:
            continue  # most answers get no feedback at all
        up = rng.random() < script.helpful_chance(use_case, index)
        key = f"demo:{week}:{n}"
        events.append(
            FeedbackEvent(
                key=key,
                person=ref_of(person),
                output_id=output.id,
                rating=Rating.UP if up else Rating.DOWN,
                source=FeedbackSource.REACTION,
                occurred_at=at,
            )
        )
        if not up and rng.random() < 0.6:
            stale = use_case == script.DEGRADING and index >= script.WEEKS - 2
            events.append(
                FeedbackEvent(
                    key=f"{key}:why",
                    person=ref_of(person),
                    output_id=output.id,
                    reason="out_of_date"
                    if stale
                    else rng.choice(("wrong", "incomplete", "had_to_fix")),
                    comment=script.pick_comment(rng, use_case, index),
                    source=FeedbackSource.MODAL,
                    occurred_at=at + timedelta(minutes=2),
                )
            )
    await in_batches([services.feedback.record(event) for event in events])


async def play_wins(
    services: Services,
    rng: random.Random,
    people: list[script.DemoPerson],
    champions: list[script.DemoPerson],
    week: IsoWeek,
    index: int,
) -> None:
    reports = []
    # Champions report most weeks; everyone else now and then, once.
    authors = [p for p in champions if rng.random() < 0.8]
    others = [p for p in people if p not in champions]
    authors += rng.sample(others, 10)
    for n, person in enumerate(authors):
        use_case = rng.choice(script.USE_CASES)
        bucket = rng.random() < 0.3
        text = rng.choice(script.WIN_BUCKET_TEXTS if bucket else script.WIN_TEXTS)
        reports.append(
            WinReport(
                key=f"demo-win:{week}:{n}",
                person=ref_of(person),
                text=text,
                use_case=use_case[1],
                time_saved=rng.choice(TIME_SAVED).key if bucket else None,
                shareable=rng.random() < 0.4,
                source=FeedbackSource.COMMAND,
                occurred_at=moment(rng, week),
            )
        )
    await in_batches([services.wins.record(report) for report in reports])


async def play_pulse(
    services: Services, rng: random.Random, people: list[script.DemoPerson], weeks: list[IsoWeek]
) -> None:
    refs = [ref_of(p) for p in people]
    ids = await services.database.run(
        lambda session: [people_repo.find_person_id(session, ref=ref) for ref in refs]
    )
    departments = {pid: p.department for pid, p in zip(ids, people, strict=True) if pid}
    rates = (0.62, 0.58, 0.55, 0.57, 0.5, 0.31)  # the last run is answered by too few
    for index, week in enumerate(weeks):
        sent = week.start + timedelta(days=2, hours=10)
        invited = [pid for pid in departments if rng.random() < 0.8]
        answers = {}
        for pid in invited:
            if rng.random() < rates[index]:
                helped = "yes" if rng.random() < 0.75 else "no"
                given = {"helped": helped, "time_saved": rng.choice(TIME_SAVED).key}
                answers[pid] = (sent + timedelta(hours=rng.randint(1, 40)), given, departments[pid])

        def write(
            session: Any,
            invited: list[int] = invited,
            answers: Any = answers,
            sent: datetime = sent,
        ) -> None:
            survey = pulse_records.ensure_survey(
                session, name="weekly-impact", questions=PULSE_QUESTIONS
            )
            pulse_records.record_run(
                session,
                survey_id=survey,
                scheduled_for=sent,
                closes_at=sent + timedelta(days=3),
                invited=invited,
                answers=answers,
            )

        await services.database.run(write)
