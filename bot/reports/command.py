"""`/groundswell report [week]`: the digest on demand, for leads only (the command handler
checks who is asking before it gets here)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from bot.chat.commands import Reply
from bot.chat.messenger import Attachment
from bot.records import Platform
from bot.reports.build import DigestBuilder
from bot.reports.chat import summary_text
from bot.reports.figures import Digest
from bot.reports.markdown import render_markdown
from bot.reports.weeks import IsoWeek

# An adapter that can draw charts hands in the HTML renderer; without one the file is Markdown.
FileRenderer = Callable[[Digest], Attachment]


def markdown_file(digest: Digest) -> Attachment:
    return Attachment(
        filename=f"groundswell-digest-{digest.week}.md",
        content=render_markdown(digest).encode("utf-8"),
        mime="text/markdown",
    )


class ReportCommand:
    def __init__(self, builder: DigestBuilder, render_file: FileRenderer = markdown_file) -> None:
        self._builder = builder
        self.render_file = render_file

    async def answer(self, rest: str, platform: Platform) -> Reply:
        if rest.strip():
            try:
                week = IsoWeek.parse(rest.strip().split()[0])
            except ValueError as error:
                return Reply(text=f"{error}. For example: `report 2026-W47`, or just `report`.")
        else:
            week = IsoWeek.last_complete(datetime.now(UTC))
        digest = await self._builder.build(week)
        # Teams shows a command's file inline as text (adapters/teams/render.py): the
        # summary alone there; `groundswell digest --format html` has the full report.
        attachment = None
        if platform is Platform.SLACK:
            # Drawing the charts takes a second of CPU: never on the serving loop.
            attachment = await asyncio.to_thread(self.render_file, digest)
        return Reply(text=summary_text(digest), attachment=attachment, to_dm=True)
