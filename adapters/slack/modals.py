"""Domain forms as Slack modals: build the view, read the submitted values back.

Which form a modal shows, and the value it carries (e.g. the answer being judged), travel
in `private_metadata`, not in server memory: any replica can take the submission.
"""

from __future__ import annotations

import json
from typing import Any

from bot.chat.forms import Field, Form

FORM_MODAL = "groundswell_form"
# Modals opened by earlier versions (still open on someone's screen during an upgrade), and
# the form each one was; their block ids match the forms'.
LEGACY_MODALS = {
    "groundswell_feedback_modal": "what_went_wrong",
    "groundswell_win_modal": "share_win",
}
INPUT = "value"


def option(value: str, label: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": label}, "value": value}


def element_for(field: Field) -> dict[str, Any]:
    if field.kind == "choice":
        options = [option(item.value, item.label) for item in field.options]
        # Radio buttons show every option at once; Slack allows at most 10 of them.
        kind = "radio_buttons" if len(options) <= 10 else "static_select"
        return {"type": kind, "action_id": INPUT, "options": options}
    return {
        "type": "plain_text_input",
        "action_id": INPUT,
        "multiline": field.multiline,
        "max_length": field.max_length,
    }


def build_form_modal(form: Form) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    if form.intro:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": form.intro}})
    for field in form.fields:
        blocks.append(
            {
                "type": "input",
                "block_id": field.id,
                "optional": field.optional,
                "label": {"type": "plain_text", "text": field.label},
                "element": element_for(field),
            }
        )
    return {
        "type": "modal",
        "callback_id": FORM_MODAL,
        "title": {"type": "plain_text", "text": form.title},
        "submit": {"type": "plain_text", "text": form.submit},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps({"form": form.name, "value": form.value}),
        "blocks": blocks,
    }


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
    for key in ("state", "values", block_id, INPUT):
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


def read_values(view: dict[str, Any], form: Form) -> dict[str, str | None]:
    return {field.id: read_value(view, field.id) for field in form.fields}


def read_meta(view: dict[str, Any]) -> tuple[str | None, str]:
    """(form name, value) from the view; legacy modals name the form by their callback id
    and carried `{"output_id": N}`."""
    text = view.get("private_metadata")
    try:
        meta = json.loads(text) if isinstance(text, str) and text else {}
    except ValueError:
        meta = {}
    if not isinstance(meta, dict):
        meta = {}
    name = meta.get("form")
    if not isinstance(name, str):
        name = LEGACY_MODALS.get(str(view.get("callback_id")))
    value = meta.get("value", meta.get("output_id"))
    if isinstance(value, bool) or not isinstance(value, str | int):
        value = ""
    return name, str(value)[:150]
