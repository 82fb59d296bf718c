"""Forms the domain asks people to fill in, free of any platform.

A form is a few fields (a choice or free text). Slack shows it as a modal opened from a
button, Teams as an Adaptive Card with inputs; both hand the submitted values back as an
`Answer` whose action is the form's `action`. Checking the values is the domain's job, here,
so both platforms refuse the same things with the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

from pydantic import Field as Spec

from bot.records import Frozen

# A button whose action starts with this opens the named form (Slack: a modal; Teams: the
# card is replaced by the form). The button's value travels into the form's `value`.
OPEN_FORM = "form:"


class Option(Frozen):
    value: str = Spec(min_length=1, max_length=150)
    label: str = Spec(min_length=1, max_length=75)


class Condition(Frozen):
    """Show a field only once an earlier field of the same form holds one of `values`
    (a survey's "if yes, what was it?")."""

    field: str = Spec(min_length=1, max_length=64)
    values: tuple[str, ...] = Spec(min_length=1)


class Field(Frozen):
    id: str = Spec(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Spec(min_length=1, max_length=150)
    kind: Literal["choice", "text"]
    options: tuple[Option, ...] = ()
    optional: bool = False
    multiline: bool = False
    max_length: int = Spec(default=2000, ge=1, le=3000)
    # Option values an earlier version used, and the value each one means now: a card or
    # modal sent before an upgrade still submits them.
    aliases: dict[str, str] = Spec(default_factory=dict)
    show_if: Condition | None = None


class Form(Frozen):
    name: str = Spec(min_length=1, max_length=48, pattern=r"^[a-z][a-z0-9_]*$")
    # Slack caps a modal title at 24 characters.
    title: str = Spec(min_length=1, max_length=24)
    open_label: str = Spec(min_length=1, max_length=75)
    intro: str | None = None
    fields: tuple[Field, ...]
    submit: str = Spec(default="Send", min_length=1, max_length=24)
    action: str = Spec(min_length=1, max_length=64)
    value: str = Spec(default="", max_length=150)


FormBuilder = Callable[[str], Form]


def form_name_of(action: str) -> str | None:
    """The form a button opens, or None when the button does something else."""
    return action.removeprefix(OPEN_FORM) if action.startswith(OPEN_FORM) else None


def shown_fields(form: Form, submitted: Mapping[str, str | None]) -> tuple[Field, ...]:
    """The fields these values show; a hidden field also hides the fields that depend on it.

    A Teams card shows every input at once, so it may submit values for fields the person's
    own answers hide: checking and cleaning ignore those."""
    shown: list[Field] = []
    given: dict[str, str] = {}
    for field in form.fields:
        if field.show_if is None or given.get(field.show_if.field) in field.show_if.values:
            shown.append(field)
            value = (submitted.get(field.id) or "").strip()
            given[field.id] = field.aliases.get(value, value)
    return tuple(shown)


def check_values(form: Form, submitted: Mapping[str, str | None]) -> dict[str, str]:
    """Problems per field id; empty when the values fit the form."""
    problems: dict[str, str] = {}
    for field in shown_fields(form, submitted):
        value = (submitted.get(field.id) or "").strip()
        if not value:
            if not field.optional:
                problems[field.id] = (
                    "Pick one." if field.kind == "choice" else "Please fill this in."
                )
            continue
        if field.kind == "choice" and value not in {option.value for option in field.options}:
            problems[field.id] = "Pick one of the options."
        elif len(value) > field.max_length:
            problems[field.id] = f"Keep it under {field.max_length} characters."
    return problems


def clean_values(form: Form, submitted: Mapping[str, str | None]) -> dict[str, str]:
    """The form's shown fields only, stripped, retired option values renamed; unknown keys a
    client added are dropped."""
    values = {}
    for field in shown_fields(form, submitted):
        value = (submitted.get(field.id) or "").strip()
        values[field.id] = field.aliases.get(value, value)
    return values


class FormCatalog:
    """Every form a feature can show, by name: a button names a form, not its contents."""

    def __init__(self) -> None:
        self._builders: dict[str, FormBuilder] = {}

    def add(self, name: str, builder: FormBuilder) -> None:
        self._builders[name] = builder

    def build(self, name: str, value: str = "") -> Form | None:
        builder = self._builders.get(name)
        return builder(value) if builder is not None else None
