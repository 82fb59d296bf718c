"""The digest as a chat message: the Markdown digest cut to what a DM holds, with the lead's
Approve/Dismiss buttons for the newest advocate candidates."""

from __future__ import annotations

from bot.chat.messenger import Choice, Outgoing
from bot.reports import figures as fig
from bot.reports.markdown import render_markdown

DIGEST_KIND = "digest"
# Slack refuses a section over 3,000 characters and Teams cards get slow past that; the full
# report is the HTML file and `groundswell digest`.
MAX_TEXT = 2900
BUTTONED_CANDIDATES = 3
APPROVE = "advocate_approve"
DISMISS = "advocate_dismiss"


def summary_text(digest: fig.Digest) -> str:
    """Slack-style *bold* (the Teams renderer turns it into **bold**), cut at a line end."""
    text = render_markdown(digest, bold="*")
    if len(text) <= MAX_TEXT:
        return text
    tail = f"\n… the full report: `groundswell digest --week {digest.week} --format html`"
    cut = text.rfind("\n", 0, MAX_TEXT - len(tail))
    return text[: max(cut, 0)] + tail


def candidate_choices(digest: fig.Digest) -> tuple[Choice, ...]:
    choices: list[Choice] = []
    for candidate in digest.advocates.new_candidates[:BUTTONED_CANDIDATES]:
        name = (candidate.name or "candidate")[:50]
        value = str(candidate.person_id)
        choices.append(Choice(label=f"Approve {name}", action=APPROVE, value=value, primary=True))
        choices.append(Choice(label=f"Dismiss {name}", action=DISMISS, value=value))
    return tuple(choices)


def channel_copy(digest: fig.Digest) -> fig.Digest:
    """The digest for a channel: everything but who the advocate candidates are."""
    advocates = digest.advocates.model_copy(update={"new_candidates": [], "leads_only": True})
    return digest.model_copy(update={"advocates": advocates})


def digest_message(digest: fig.Digest) -> Outgoing:
    return Outgoing(
        kind=DIGEST_KIND,
        title=f"Weekly impact digest {digest.week}",
        text=summary_text(digest),
        choices=candidate_choices(digest),
    )
