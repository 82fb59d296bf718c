"""The digest's figures against hand-computed ones (tests/bot/reports/programme_fixture.py),
on real SQLite and PostgreSQL databases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest

from bot.people.groups import AudienceGroups
from bot.reports.build import DigestBuilder, Thresholds
from bot.reports.figures import Digest
from bot.reports.programme import parse_programme
from bot.services import Services, build_services
from bot.surveys.questions import Question
from storage.database import Session
from storage.repositories import people as people_repo
from storage.repositories import pulse_records
from tests.bot.reports import programme_fixture as fx
from tests.support.server import make_settings

PROGRAMME = """
assistants:
  - name: helper
    use_cases:
      - name: alpha
        criteria: {helpful_rate: 0.75, wins_per_month: 100}
      - name: falling
        criteria: {helpful_rate: 0.8}
      - name: five
        criteria: {helpful_rate: 0.5}
"""


@pytest.fixture
async def services(database_url: str) -> AsyncIterator[Services]:
    built = build_services(make_settings(database_url))
    yield built
    await built.close()


async def build(services: Services, now: datetime = fx.NOW) -> Digest:
    programme = parse_programme(PROGRAMME)
    assert not hasattr(programme, "problems"), programme
    builder = DigestBuilder(
        services.database,
        programme=programme,  # type: ignore[arg-type]
        groups=AudienceGroups(it=frozenset({"it"})),
        thresholds=Thresholds(min_group_size=5, min_group_size_text=10),
    )
    return await builder.build(fx.WEEK, now=now)


async def test_figures_match_the_hand_computed_ones(services: Services) -> None:
    await fx.play_fixture(services)
    digest = await build(services)

    assert digest.week == "2026-W47"
    assert (digest.ratings.up, digest.ratings.down, digest.ratings.people) == (25, 14, 14)
    assert digest.ratings.helpful_rate == pytest.approx(25 / 39)
    rows = {row.use_case: row for row in digest.by_use_case}
    alpha = rows["alpha"]
    assert (alpha.up, alpha.down, alpha.helpful_rate) == (8, 2, pytest.approx(0.8))
    assert alpha.helpful_rate_ci == (
        pytest.approx(0.4902, abs=1e-4),
        pytest.approx(0.9433, abs=1e-4),
    )
    # 4 people: suppressed, and no count of any kind shown.
    assert rows["four"].suppressed
    assert (rows["four"].up, rows["four"].down, rows["four"].helpful_rate) == (None, None, None)
    # 5 people: shown, but 5 ratings are too few for a percentage.
    assert not rows["five"].suppressed
    assert (rows["five"].up, rows["five"].helpful_rate) == (5, None)

    falling = rows["falling"]
    assert (falling.previous_rate, falling.helpful_rate) == (
        pytest.approx(0.95),
        pytest.approx(0.4),
    )
    assert falling.beyond_noise
    fell = [flag for flag in digest.flags if flag.kind == "helpful_rate_fell"]
    assert [(flag.assistant, flag.use_case) for flag in fell] == [("helper", "falling")]

    assert (digest.wins.count, digest.wins.people) == (5, 5)
    minutes = digest.wins.minutes_saved
    assert minutes is not None
    assert (minutes.stated, minutes.low, minutes.high) == (100, 175, 340)
    # Only the win its author agreed to share is a highlight, attributed.
    assert [(h.author, h.minutes_saved) for h in digest.wins.highlights] == [("Person 1", 30)]

    assert [c.name for c in digest.advocates.new_candidates] == ["Person 1"]

    verdicts = {(c.use_case, c.criterion): c.verdict for c in digest.criteria}
    assert verdicts == {
        ("alpha", "helpful rate"): "met",
        ("alpha", "wins per month"): "not met",
        ("falling", "helpful rate"): "not met",
        ("five", "helpful rate"): "not enough data",
    }


async def test_quotes_need_ten_people_and_a_rate_never_rests_on_four(
    services: Services,
) -> None:
    await fx.add_people(services)
    for n in range(1, 10):
        await fx.comment(
            services, n, f"The travel policy it quoted is outdated ({n})", fx.at(fx.WEEK)
        )
    nine = await build(services)
    [theme] = [theme for theme in nine.themes if theme.count]
    assert theme.count == 9
    assert theme.quotes == []

    await fx.comment(services, 10, "Outdated travel policy again", fx.at(fx.WEEK))
    ten = await build(services)
    [theme] = [theme for theme in ten.themes if theme.count]
    assert theme.count == 10
    assert len(theme.quotes) == 2
    reasons = {reason.reason: reason.count for reason in ten.reasons}
    assert reasons == {"out_of_date": 10}


async def test_a_settled_week_reads_the_same_from_its_rollup(services: Services) -> None:
    await fx.play_fixture(services)
    later = fx.NOW + timedelta(days=8)  # 2026-W46 ended over a week ago: settled
    first = await build(services, later)  # rolls it up
    again = await build(services, later)  # reads it back
    assert again.by_use_case == first.by_use_case
    assert again.history == first.history
    [previous] = [point for point in again.history if point.week == "2026-W46"]
    assert previous.helpful_rates == {"helper / falling": pytest.approx(0.95)}


async def record_pulse(services: Services, day: int, picks: list[str]) -> None:
    """A finished run of a survey defined as operators define one (bot/surveys/questions.py):
    how much time the assistant saved, in the win form's buckets, and a free-text question."""
    questions = [
        Question.model_validate(question).model_dump(mode="json")
        for question in (
            {"id": "saved", "kind": "choice", "choices": "time_saved", "text": "Time saved?"},
            {"id": "story", "kind": "text", "text": "What did it help with?"},
        )
    ]
    refs = [fx.person(n) for n in range(1, len(picks) + 1)]
    sent = fx.at(fx.WEEK, day=day)

    def write(session: Session) -> None:
        ids = [people_repo.find_person_id(session, ref=ref) for ref in refs]
        survey = pulse_records.ensure_survey(session, name="weekly", questions=questions)
        answers = {
            int(pid): (sent + timedelta(hours=1), {"saved": pick, "story": f"board pack {n}"}, None)
            for n, (pid, pick) in enumerate(zip(ids, picks, strict=True))
        }
        pulse_records.record_run(
            session,
            survey_id=survey,
            scheduled_for=sent,
            closes_at=sent + timedelta(days=2),
            invited=list(answers),
            answers=answers,
        )

    await services.database.run(write)


async def test_pulse_time_saved_widens_the_range_and_free_text_is_never_counted(
    services: Services,
) -> None:
    await fx.play_fixture(services)
    # Five answers: 15–60 m twice, 1–3 h twice, under 15 m once. Four more on another day are
    # a run too small to show: they count nowhere.
    await record_pulse(services, 1, ["15_60m", "15_60m", "1_3h", "under_15m", "1_3h"])
    await record_pulse(services, 3, ["over_3h", "over_3h", "1_3h", "1_3h"])
    digest = await build(services)

    minutes = digest.wins.minutes_saved
    assert minutes is not None
    # The wins alone: 100 stated, 175–340 in all (test_figures_match_the_hand_computed_ones).
    assert (minutes.stated, minutes.low, minutes.high, minutes.survey_answers) == (
        100,
        175 + 15 + 15 + 60 + 0 + 60,
        340 + 60 + 60 + 180 + 15 + 180,
        5,
    )
    shown = [run for run in digest.pulse if not run.suppressed]
    assert [run.distributions for run in shown] == [
        {"saved": {"15_60m": 2, "1_3h": 2, "under_15m": 1}}
    ]
