"""App Home: what the person told us, their privacy controls and a Share a win button."""

from __future__ import annotations

from typing import Any

from adapters.slack.blocks import render_section
from adapters.slack.deps import SlackDeps
from bot.advocacy.wins import describe_minutes
from bot.chat.forms import OPEN_FORM
from bot.feedback.prompts import SHARE_WIN
from bot.people.service import PersonSummary
from bot.records import PersonRef

HOME_COMMAND = "groundswell_home_command"


def button(label: str, action: str, value: str, style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "action_id": action,
        "text": {"type": "plain_text", "text": label},
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def count_of(count: int, noun: str) -> str:
    """Singular or plural ("1 win", "2 wins"): the Home tab is read by people."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def build_home(summary: PersonSummary) -> dict[str, Any]:
    saved = describe_minutes(summary.minutes_saved)
    counts = (
        f"*What you've told us*\n👍 {summary.ratings_up}   👎 {summary.ratings_down}   "
        f"💬 {count_of(summary.comments, 'comment')}   🏆 {count_of(len(summary.wins), 'win')}"
        + (f" (about {saved} saved)" if saved else "")
    )
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Groundswell"}},
        render_section(counts),
        {
            "type": "actions",
            "elements": [button("Share a win", f"{OPEN_FORM}{SHARE_WIN}", "", "primary")],
        },
    ]
    for win in summary.wins[:5]:
        blocks.append(render_section(f"🏆 {win.text[:280]}"))
    privacy = (
        "You are opted out of surveys, nudges and follow-ups."
        if summary.opted_out
        else "You get the occasional survey and follow-up."
    )
    toggle = ("Opt back in", "optin") if summary.opted_out else ("Opt out", "optout")
    blocks += [
        {"type": "divider"},
        render_section(f"*Your privacy*\n{privacy}"),
        {
            "type": "actions",
            "elements": [
                button(toggle[0], f"{HOME_COMMAND}_{toggle[1]}", toggle[1]),
                button("Export my data", f"{HOME_COMMAND}_export", "export-me"),
                button("Forget me", f"{HOME_COMMAND}_forget", "forget-me", "danger"),
            ],
        },
    ]
    return {"type": "home", "blocks": blocks}


async def publish_home(deps: SlackDeps, client: Any, person: PersonRef) -> None:
    summary = await deps.services.people.summarise(person)
    await client.views_publish(user_id=person.user_id, view=build_home(summary))
