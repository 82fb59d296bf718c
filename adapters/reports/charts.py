"""The HTML digest's charts as PNG bytes, drawn by matplotlib without a display (Agg)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # headless: servers and CI have no display

from matplotlib import pyplot
from matplotlib.figure import Figure

from bot.reports import figures as fig

SIZE = (6.4, 3.2)  # inches; at 100 dpi a phone shows it at full width


def to_png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=100)
    pyplot.close(figure)
    return buffer.getvalue()


def draw_helpful_rates(digest: fig.Digest) -> bytes:
    """Helpful rate per use case over the weeks; gaps where there was too little data."""
    figure, axes = pyplot.subplots(figsize=SIZE)
    weeks = [point.week[-3:] for point in digest.history]
    names = sorted({name for point in digest.history for name in point.helpful_rates})
    for name in names:
        values = [point.helpful_rates.get(name) for point in digest.history]
        axes.plot(
            weeks, [float("nan") if v is None else v * 100 for v in values], marker="o", label=name
        )
    axes.set_ylim(0, 100)
    axes.set_ylabel("helpful %")
    axes.set_title("Helpful rate per use case")
    if names:
        axes.legend(fontsize=7, loc="lower left")
    return to_png(figure)


def draw_wins(digest: fig.Digest) -> bytes:
    figure, axes = pyplot.subplots(figsize=SIZE)
    weeks = [point.week[-3:] for point in digest.history]
    axes.bar(weeks, [point.wins for point in digest.history], color="#4c956c", label="wins")
    axes.set_ylabel("wins")
    hours = axes.twinx()
    hours.plot(
        weeks,
        [point.minutes_stated / 60 for point in digest.history],
        color="#d68c45",
        marker="o",
        label="hours saved (stated)",
    )
    hours.set_ylabel("hours saved (stated)")
    axes.set_title("Wins and time saved per week")
    return to_png(figure)


def draw_response_rates(digest: fig.Digest) -> bytes:
    figure, axes = pyplot.subplots(figsize=SIZE)
    runs = [run for run in digest.pulse if run.response_rate is not None]
    labels = [f"{run.survey}\n{run.run_date}" for run in runs]
    axes.bar(labels, [(run.response_rate or 0) * 100 for run in runs], color="#2c7da0")
    axes.axhline(35, color="#c1121f", linestyle="--", linewidth=1)
    axes.set_ylim(0, 100)
    axes.set_ylabel("answered %")
    axes.set_title("Pulse response rates" if runs else "Pulse response rates (none this week)")
    return to_png(figure)
