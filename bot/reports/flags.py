"""Honest flags: what a lead should look at first, said plainly."""

from __future__ import annotations

from collections.abc import Sequence

from bot.people.groups import AudienceGroup, AudienceGroups
from bot.reports import figures as fig
from storage.repositories.digest import Counted

LOW_RESPONSE_RATE = 0.35
# Usage or wins mostly from IT and the AI team: the assistant is not reaching the business.
CONCENTRATION = 0.5


def raise_flags(
    *,
    by_use_case: Sequence[fig.UseCaseRatings],
    ratings: fig.Ratings,
    pulse: Sequence[fig.Pulse],
    by_department: tuple[list[Counted], list[Counted]],
    groups: AudienceGroups,
    min_ratings: int,
) -> list[fig.Flag]:
    flags: list[fig.Flag] = []
    for row in by_use_case:
        if row.beyond_noise and row.change is not None and row.change < 0:
            flags.append(
                fig.Flag(
                    kind="helpful_rate_fell",
                    message=f"{row.assistant} / {row.use_case}: helpful rate fell from "
                    f"{row.previous_rate:.0%} to {row.helpful_rate:.0%}, more than chance "
                    "would explain",
                    assistant=row.assistant,
                    use_case=row.use_case,
                )
            )
        elif not row.suppressed and row.helpful_rate is None:
            flags.append(
                fig.Flag(
                    kind="too_little_data",
                    message=f"{row.assistant} / {row.use_case}: fewer than {min_ratings} "
                    "ratings this week, too few to give a helpful rate",
                    assistant=row.assistant,
                    use_case=row.use_case,
                )
            )
    if ratings.suppressed or ratings.helpful_rate is None:
        flags.append(
            fig.Flag(
                kind="too_little_data",
                message="Too few ratings this week to say how helpful the assistant was",
            )
        )
    ratings_by_department, wins_by_department = by_department
    for what, counted in (("raters", ratings_by_department), ("wins", wins_by_department)):
        share = technical_share(counted, groups)
        if share is not None and share > CONCENTRATION:
            flags.append(
                fig.Flag(
                    kind="it_concentration",
                    message=f"{share:.0%} of this week's {what} came from IT and the AI team: "
                    "the assistant is not yet reaching the business",
                )
            )
    for run in pulse:
        if run.response_rate is not None and run.response_rate < LOW_RESPONSE_RATE:
            flags.append(
                fig.Flag(
                    kind="low_response_rate",
                    message=f"Pulse '{run.survey}' ({run.run_date}): {run.response_rate:.0%} "
                    f"answered, below {LOW_RESPONSE_RATE:.0%}; its results may not speak for "
                    "everyone",
                )
            )
    return flags


def technical_share(counted: list[Counted], groups: AudienceGroups) -> float | None:
    """Share from IT and the AI team; None when too few people to say."""
    people = sum(row.people for row in counted)
    total = sum(row.count for row in counted)
    if people < 2 * 5 or not total:
        return None
    technical = sum(
        row.count for row in counted if groups.of_department(row.key) is not AudienceGroup.BUSINESS
    )
    return technical / total
