"""What Groundswell asks after a rating, and the forms behind the questions.

The same intent goes to Slack and Teams; each renders it (Slack: a private note with a
button that opens a modal; Teams: a card with the form inline).
"""

from __future__ import annotations

from bot.chat.forms import Field, Form, Option
from bot.chat.messenger import Outgoing
from bot.feedback.vocabulary import REASONS, RETIRED_REASONS, TIME_SAVED
from bot.outreach.followups import FOLLOWUP_DOWN, FOLLOWUP_UP

WHAT_WENT_WRONG = "what_went_wrong"
SHARE_WIN = "share_win"
# The answer actions the forms submit to (the feedback flow owns them).
FOLLOWUP_SUBMIT = "followup_submit"
WIN_SUBMIT = "win_submit"

MAX_COMMENT = 1000
MAX_WIN_TEXT = 3000


def what_went_wrong_form(output_id: str = "") -> Form:
    return Form(
        name=WHAT_WENT_WRONG,
        title="What went wrong?",
        open_label="Tell us what went wrong",
        fields=(
            Field(
                id="reason",
                label="What was the problem?",
                kind="choice",
                options=tuple(Option(value=key, label=label) for key, label in REASONS.items()),
                aliases=RETIRED_REASONS,
            ),
            Field(
                id="comment",
                label="Anything to add?",
                kind="text",
                optional=True,
                multiline=True,
                max_length=MAX_COMMENT,
            ),
        ),
        action=FOLLOWUP_SUBMIT,
        value=output_id,
    )


def share_win_form(output_id: str = "") -> Form:
    return Form(
        name=SHARE_WIN,
        title="Share a win",
        open_label="Share a win",
        fields=(
            Field(
                id="text",
                label="What did the assistant help you get done?",
                kind="text",
                multiline=True,
                max_length=MAX_WIN_TEXT,
            ),
            Field(
                id="time_saved",
                label="Roughly how much time did it save?",
                kind="choice",
                optional=True,
                options=tuple(Option(value=b.key, label=b.label) for b in TIME_SAVED),
            ),
            Field(
                id="share",
                label="May the programme team share it (without your name)?",
                kind="choice",
                options=(Option(value="yes", label="Yes"), Option(value="no", label="No")),
            ),
        ),
        submit="Share",
        action=WIN_SUBMIT,
        value=output_id,
    )


def ask_what_went_wrong(output_id: int) -> Outgoing:
    return Outgoing(
        kind=FOLLOWUP_DOWN,
        ref_id=str(output_id),
        text="Thanks for flagging that answer. What went wrong? It takes ten seconds and goes "
        "straight to the team improving the assistant.",
        form=what_went_wrong_form(str(output_id)),
    )


def ask_for_a_win(output_id: int) -> Outgoing:
    return Outgoing(
        kind=FOLLOWUP_UP,
        ref_id=str(output_id),
        text="Glad that helped! Did it help you get something real done?",
        form=share_win_form(str(output_id)),
    )
