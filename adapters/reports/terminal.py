"""The digest in a terminal: rich tables for the figures, Markdown for the rest."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from bot.reports import figures as fig
from bot.reports.markdown import interval, percent, render_markdown


def use_case_table(digest: fig.Digest) -> Table:
    table = Table(title=f"Helpful rate by use case, week {digest.week}")
    for column in ("assistant", "use case", "👍", "👎", "helpful", "change"):
        table.add_column(column, justify="right" if column in "👍👎" else "left")
    for row in digest.by_use_case:
        if row.suppressed:
            table.add_row(row.assistant, row.use_case, "–", "–", "suppressed", "")
            continue
        change = "" if row.change is None else f"{row.change:+.0%}"
        if row.beyond_noise:
            change = f"[bold red]{change}[/]" if (row.change or 0) < 0 else f"[green]{change}[/]"
        table.add_row(
            row.assistant,
            row.use_case,
            str(row.up),
            str(row.down),
            percent(row.helpful_rate) + interval(row.helpful_rate_ci),
            change,
        )
    return table


def print_digest(digest: fig.Digest, console: Console) -> None:
    console.print(Markdown(render_markdown(digest)))
    console.print()
    console.print(use_case_table(digest))
