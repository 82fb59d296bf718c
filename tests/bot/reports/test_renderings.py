"""What leads see: the Slack DM within Block Kit's rules (slack-sdk's models), the Teams card
within Adaptive Cards 1.5, and the HTML report well-formed with its three charts."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from slack_sdk.models.blocks import Block

from adapters.reports.html import render_html
from adapters.slack.digest_blocks import MAX_BLOCKS, render_digest
from adapters.teams.render import render_outgoing
from bot.people.groups import AudienceGroups
from bot.reports.build import DigestBuilder, Thresholds
from bot.reports.chat import digest_message
from bot.reports.figures import Digest
from bot.reports.programme import Programme
from bot.services import build_services
from tests.bot.reports import programme_fixture as fx
from tests.support import databases
from tests.support.server import make_settings
from tests.teams.test_cards import check_card

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def digest(sqlite_template: Path, tmp_path: Path) -> AsyncIterator[Digest]:
    services = build_services(make_settings(databases.clone_sqlite(sqlite_template, tmp_path)))
    try:
        await fx.play_fixture(services)
        builder = DigestBuilder(
            services.database,
            programme=Programme(),
            groups=AudienceGroups(),
            thresholds=Thresholds(),
        )
        yield await builder.build(fx.WEEK, now=fx.NOW)
    finally:
        await services.close()


def test_the_slack_dm_passes_slack_sdks_block_models(digest: Digest) -> None:
    blocks = render_digest(digest_message(digest))
    assert 2 < len(blocks) <= MAX_BLOCKS
    for raw in blocks:
        rebuilt = Block.parse(raw)
        assert rebuilt is not None
        rebuilt.validate_json()  # raises on any limit Slack enforces
    sections = [block for block in blocks if block["type"] == "section"]
    assert all(len(block["text"]["text"]) <= 3000 for block in sections)
    [actions] = [block for block in blocks if block["type"] == "actions"]
    labels = [element["text"]["text"] for element in actions["elements"]]
    assert labels == ["Approve Person 1", "Dismiss Person 1"]
    ids = [element["action_id"] for element in actions["elements"]]
    assert len(set(ids)) == len(ids)


def test_a_very_long_digest_still_fits_slack(digest: Digest) -> None:
    long = digest_message(digest).model_copy(update={"text": "line of text\n" * 2000})
    blocks = render_digest(long)
    assert len(blocks) <= MAX_BLOCKS
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")


def test_the_teams_card_keeps_the_adaptive_card_rules(digest: Digest) -> None:
    activity = render_outgoing(digest_message(digest))
    assert activity.attachments
    card = activity.attachments[0].content
    assert check_card(card) == []
    assert card["version"] == "1.5"
    assert "2026-W47" in json.dumps(card)
    texts = [element["text"] for element in card["body"]]
    assert any("**Success criteria**" in text for text in texts)  # Teams' bold, not Slack's


class Collector(HTMLParser):
    """Fails on tags closed out of order; collects images."""

    VOID = frozenset({"meta", "img", "br", "link", "hr", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


def test_the_html_report_is_well_formed_with_three_embedded_charts(digest: Digest) -> None:
    page = render_html(digest)
    parser = Collector()
    parser.feed(page)
    parser.close()
    assert parser.open == []
    assert page.startswith("<!DOCTYPE html>")
    assert 'name="viewport"' in page  # readable on a phone
    assert len(parser.images) == 3
    for image in parser.images:
        source = image["src"] or ""
        assert source.startswith("data:image/png;base64,")
        assert base64.b64decode(source.split(",", 1)[1]).startswith(PNG)
        assert image["alt"]
    assert "http://" not in page and "https://" not in page  # self-contained
