"""Each use case against the success criteria its lead wrote down: met, not met, or not
enough data to say. Judged before anything else in the digest."""

from __future__ import annotations

from collections.abc import Sequence

from bot.reports import figures as fig
from bot.reports.programme import Programme
from storage.repositories.digest import WinTotals

WEEKS_PER_MONTH = 52 / 12


def judge_use_cases(
    programme: Programme,
    by_use_case: Sequence[fig.UseCaseRatings],
    wins: dict[str, WinTotals],
    pulse: Sequence[fig.Pulse],
    month_weeks: int,
) -> list[fig.Criterion]:
    """Wins and hours are per month: the last `month_weeks` weeks, scaled to a month."""
    ratings = {(row.assistant, row.use_case): row for row in by_use_case}
    scale = WEEKS_PER_MONTH / month_weeks
    found: list[fig.Criterion] = []
    for assistant, use_case, criteria in programme.use_cases():
        row = ratings.get((assistant, use_case))
        if criteria.helpful_rate is not None:
            rate = row.helpful_rate if row is not None else None
            found.append(
                fig.Criterion(
                    assistant=assistant,
                    use_case=use_case,
                    criterion="helpful rate",
                    target=criteria.helpful_rate,
                    actual="–" if rate is None else f"{rate:.0%}",
                    verdict=verdict(rate, criteria.helpful_rate),
                )
            )
        totals = wins.get(use_case)
        if criteria.wins_per_month is not None:
            count = round(totals.count * scale) if totals else 0
            found.append(
                fig.Criterion(
                    assistant=assistant,
                    use_case=use_case,
                    criterion="wins per month",
                    target=criteria.wins_per_month,
                    actual=str(count),
                    verdict="met" if count >= criteria.wins_per_month else "not met",
                )
            )
        if criteria.hours_saved_per_month is not None:
            found.append(
                judge_hours(assistant, use_case, criteria.hours_saved_per_month, totals, scale)
            )
    if programme.pulse_response_rate is not None:
        rates = [run.response_rate for run in pulse if run.response_rate is not None]
        rate = sum(rates) / len(rates) if rates else None
        found.append(
            fig.Criterion(
                assistant="(programme)",
                use_case="pulse surveys",
                criterion="response rate",
                target=programme.pulse_response_rate,
                actual="–" if rate is None else f"{rate:.0%}",
                verdict=verdict(rate, programme.pulse_response_rate),
            )
        )
    return found


def verdict(actual: float | None, target: float) -> fig.Verdict:
    if actual is None:
        return "not enough data"
    return "met" if actual >= target else "not met"


def judge_hours(
    assistant: str, use_case: str, target: float, totals: WinTotals | None, scale: float
) -> fig.Criterion:
    """Hours saved are a range: met when even its low end reaches the target, not met when
    its high end falls short, otherwise honestly undecided."""
    low = (totals.stated_minutes + totals.bucket_low) * scale / 60 if totals else 0.0
    high = None
    if totals and not totals.open_ended:
        high = (totals.stated_minutes + totals.bucket_high) * scale / 60
    elif not totals:
        high = 0.0
    if low >= target:
        outcome: fig.Verdict = "met"
    elif high is not None and high < target:
        outcome = "not met"
    else:
        outcome = "not enough data"
    shown = (
        f"{low:.0f} h" if high is None or round(high) == round(low) else (f"{low:.0f}–{high:.0f} h")
    )
    if high is None:
        shown += "+"
    return fig.Criterion(
        assistant=assistant,
        use_case=use_case,
        criterion="hours saved per month",
        target=target,
        actual=shown,
        verdict=outcome,
    )
