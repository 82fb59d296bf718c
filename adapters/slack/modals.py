"""The two modals: "what went wrong?" (feedback) and "share a win" — views and submissions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

FEEDBACK_MODAL = "groundswell_feedback_modal"
WIN_MODAL = "groundswell_win_modal"
MAX_COMMENT = 1000
MAX_WIN_TEXT = 3000

REASONS = {
    "incorrect": "Incorrect",
    "unanswered": "Didn't answer my question",
    "incomplete": "Incomplete",
    "unsafe": "Unsafe or inappropriate",
    "other": "Other",
}
TIME_SAVED = {
    "15": "About 15 minutes",
    "30": "About half an hour",
    "60": "About an hour",
    "120": "A couple of hours",
    "240": "Half a day",
    "480": "A day or more",
}


def option(value: str, label: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": label}, "value": value}


def modal(
    callback_id: str, title: str, blocks: list[dict[str, Any]], meta: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        # Which answer this is about travels with the view, not in server memory.
        "private_metadata": json.dumps(meta),
        "blocks": blocks,
    }


def build_feedback_modal(meta: dict[str, Any]) -> dict[str, Any]:
    return modal(
        FEEDBACK_MODAL,
        "What went wrong?",
        [
            {
                "type": "input",
                "block_id": "reason",
                "label": {"type": "plain_text", "text": "What was the problem?"},
                "element": {
                    "type": "radio_buttons",
                    "action_id": "value",
                    "options": [option(key, label) for key, label in REASONS.items()],
                },
            },
            {
                "type": "input",
                "block_id": "comment",
                "optional": True,
                "label": {"type": "plain_text", "text": "Anything to add?"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": MAX_COMMENT,
                },
            },
        ],
        meta,
    )


def build_win_modal(meta: dict[str, Any]) -> dict[str, Any]:
    return modal(
        WIN_MODAL,
        "Share a win",
        [
            {
                "type": "input",
                "block_id": "text",
                "label": {"type": "plain_text", "text": "What did it help you get done?"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": MAX_WIN_TEXT,
                },
            },
            {
                "type": "input",
                "block_id": "minutes",
                "optional": True,
                "label": {"type": "plain_text", "text": "Roughly how much time did it save?"},
                "element": {
                    "type": "static_select",
                    "action_id": "value",
                    "options": [option(key, label) for key, label in TIME_SAVED.items()],
                },
            },
            {
                "type": "input",
                "block_id": "share",
                "label": {
                    "type": "plain_text",
                    "text": "May we share it with the programme team?",
                },
                "element": {
                    "type": "radio_buttons",
                    "action_id": "value",
                    "options": [option("yes", "Yes"), option("no", "No")],
                },
            },
        ],
        meta,
    )


def build_thanks_modal(text: str) -> dict[str, Any]:
    """What a submitted form turns into: the outcome, in the same window, and a Close."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Groundswell"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}],
    }


def read_value(view: dict[str, Any], block_id: str) -> str | None:
    """The submitted value of one input: text, or the selected option's value."""
    state: Any = view
    for key in ("state", "values", block_id, "value"):
        # Any level may be missing or of another type in a forged or future payload.
        state = state.get(key) if isinstance(state, dict) else None
    if not isinstance(state, dict):
        return None
    selected = state.get("selected_option")
    if isinstance(selected, dict):
        value = selected.get("value")
        return value if isinstance(value, str) else None
    value = state.get("value")
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_meta(view: dict[str, Any]) -> dict[str, Any]:
    text = view.get("private_metadata")
    try:
        meta = json.loads(text) if isinstance(text, str) and text else {}
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


@dataclass(frozen=True)
class FeedbackForm:
    reason: str
    comment: str | None


@dataclass(frozen=True)
class WinForm:
    text: str
    minutes: int | None
    shareable: bool


def parse_feedback(view: dict[str, Any]) -> FeedbackForm | dict[str, str]:
    """The form, or Slack's `errors` map (block id → message) shown under the inputs."""
    reason = read_value(view, "reason")
    comment = read_value(view, "comment")
    if reason not in REASONS:
        return {"reason": "Pick what went wrong."}
    if comment is not None and len(comment) > MAX_COMMENT:
        return {"comment": f"Keep it under {MAX_COMMENT} characters."}
    return FeedbackForm(reason=reason, comment=comment)


def parse_win(view: dict[str, Any]) -> WinForm | dict[str, str]:
    text = read_value(view, "text")
    minutes = read_value(view, "minutes")
    share = read_value(view, "share")
    if text is None:
        return {"text": "Tell us what it helped you do."}
    if len(text) > MAX_WIN_TEXT:
        return {"text": f"Keep it under {MAX_WIN_TEXT} characters."}
    if share not in ("yes", "no"):
        return {"share": "Choose yes or no."}
    return WinForm(
        text=text, minutes=int(minutes) if minutes in TIME_SAVED else None, shareable=share == "yes"
    )
