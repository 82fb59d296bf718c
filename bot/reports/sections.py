"""The digest's sections, from raw counts: rates, intervals, suppressions, quotes, ranking.

Every section hides a segment with fewer distinct people than the minimum group size, and
says so, rather than showing counts that could point at a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.feedback.vocabulary import REASONS
from bot.people.groups import AudienceGroup, AudienceGroups
from bot.reports import figures as fig
from bot.reports.read import BUCKETS, Raw
from bot.reports.stats import beyond_noise, wilson_interval
from bot.reports.themes import group_comments, short_quote
from storage.repositories import digest as digest_repo

# Below this many ratings a rate is noise: say "too little data" instead of a percentage.
MIN_RATINGS = 10


@dataclass(frozen=True)
class Thresholds:
    min_group_size: int = 5
    min_group_size_text: int = 10


def rate_of(up: int, down: int) -> float | None:
    return up / (up + down) if up + down >= MIN_RATINGS else None


def use_case_ratings(
    row: digest_repo.RatingCounts, before: digest_repo.RatingCounts | None, limits: Thresholds
) -> fig.UseCaseRatings:
    if row.people < limits.min_group_size:
        return fig.UseCaseRatings(
            assistant=row.assistant,
            use_case=row.use_case,
            up=None,
            down=None,
            helpful_rate=None,
            helpful_rate_ci=None,
            previous_rate=None,
            change=None,
            beyond_noise=False,
            suppressed=True,
        )
    rate = rate_of(row.up, row.down)
    previous = None
    if before is not None and before.people >= limits.min_group_size:
        previous = rate_of(before.up, before.down)
    change = rate - previous if rate is not None and previous is not None else None
    noisy = change is not None and before is not None
    return fig.UseCaseRatings(
        assistant=row.assistant,
        use_case=row.use_case,
        up=row.up,
        down=row.down,
        helpful_rate=rate,
        helpful_rate_ci=wilson_interval(row.up, row.up + row.down) if rate is not None else None,
        previous_rate=previous,
        change=change,
        beyond_noise=noisy
        and before is not None
        and beyond_noise(row.up, row.up + row.down, before.up, before.up + before.down),
        suppressed=False,
    )


def wins_figures(raw: Raw, limits: Thresholds) -> fig.Wins:
    totals = raw.wins
    if 0 < totals.people < limits.min_group_size:
        return fig.Wins(count=None, people=None, minutes_saved=None, highlights=[], suppressed=True)
    answers, low, high, open_ended = surveyed_minutes(raw, limits)
    minutes = fig.MinutesSaved(
        stated=totals.stated_minutes,
        low=totals.stated_minutes + totals.bucket_low + low,
        high=None
        if totals.open_ended or open_ended
        else totals.stated_minutes + totals.bucket_high + high,
        survey_answers=answers,
    )
    highlights = [
        fig.Highlight(
            text=short_quote(item.text),
            use_case=item.use_case,
            minutes_saved=item.minutes_saved,
            author=item.author,
        )
        for item in raw.highlights
    ]
    return fig.Wins(
        count=totals.count, people=totals.people, minutes_saved=minutes, highlights=highlights
    )


def choice_values(question: dict[str, object]) -> set[object]:
    choices = question.get("choices")
    if not isinstance(choices, list):
        return set()
    return {choice.get("value") for choice in choices if isinstance(choice, dict)}


def surveyed_minutes(raw: Raw, limits: Thresholds) -> tuple[int, int, int, bool]:
    """Pulse answers that picked a time-saved bucket (a question with `choices: time_saved`),
    from runs answered by enough people to be shown: (answers, low, high, open-ended)."""
    answers = low = high = 0
    open_ended = False
    for run, distributions in raw.pulse:
        if run.answered < limits.min_group_size:
            continue
        for question in run.questions:
            if choice_values(question) != set(BUCKETS):
                continue
            key = str(question.get("key") or question.get("id"))
            for value, count in distributions.get(key, []):
                bucket_low, bucket_high = BUCKETS[value]
                answers += count
                low += count * bucket_low
                high += count * (bucket_high if bucket_high is not None else bucket_low)
                open_ended = open_ended or bucket_high is None
    return answers, low, high, open_ended


def pulse_figures(
    run: digest_repo.PulseRun, answers: dict[str, list[tuple[str, int]]], limits: Thresholds
) -> fig.Pulse:
    hidden = run.answered < limits.min_group_size
    return fig.Pulse(
        survey=run.survey,
        run_date=run.scheduled_for.date().isoformat(),
        invited=run.invited,
        answered=None if hidden else run.answered,
        response_rate=None if hidden or not run.invited else run.answered / run.invited,
        distributions={} if hidden else {key: dict(pairs) for key, pairs in answers.items()},
        suppressed=hidden,
    )


def reasons_figures(rows: list[digest_repo.Counted], limits: Thresholds) -> list[fig.Reason]:
    return [
        fig.Reason(
            reason=row.key,
            label=REASONS.get(row.key, row.key),
            count=row.count if row.people >= limits.min_group_size else None,
            suppressed=row.people < limits.min_group_size,
        )
        for row in rows
    ]


def themes_figures(comments: list[digest_repo.Comment], limits: Thresholds) -> list[fig.Theme]:
    """Themes of what people wrote. Quotes only from themes with at least min_group_size_text
    distinct authors: free text identifies people more easily than a count."""
    found = []
    for theme in group_comments([comment.text for comment in comments]):
        members = [comments[index] for index in theme.comments]
        people = len({member.person_id for member in members})
        hidden = people < limits.min_group_size
        quotes = [] if people < limits.min_group_size_text else pick_quotes(members)
        found.append(
            fig.Theme(
                label=theme.label,
                count=None if hidden else len(members),
                quotes=quotes,
                suppressed=hidden,
            )
        )
    return found


def pick_quotes(members: list[digest_repo.Comment]) -> list[str]:
    """The two shortest distinct comments: short quotes say the most per word."""
    quotes: list[str] = []
    for member in sorted(members, key=lambda item: (len(item.text), item.text)):
        quote = short_quote(member.text)
        if len(quote) >= 12 and quote not in quotes:
            quotes.append(quote)
        if len(quotes) == 2:
            break
    return quotes


def rank_candidates(
    candidates: list[digest_repo.Candidate], groups: AudienceGroups
) -> list[fig.Candidate]:
    """Business first: a win there is what the programme is for (bot/people/groups.py)."""
    order = {AudienceGroup.BUSINESS: 0, AudienceGroup.IT: 1, AudienceGroup.AI_TEAM: 2}
    ranked = sorted(
        enumerate(candidates),
        key=lambda pair: (order[groups.of_department(pair[1].department)], pair[0]),
    )
    return [
        fig.Candidate(
            person_id=item.person_id,
            name=item.name,
            department=item.department,
            group=groups.of_department(item.department).value,
            explanation=item.explanation,
        )
        for _, item in ranked[:20]
    ]
