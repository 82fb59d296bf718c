"""Checks that span several fields, reported with the path of the field to fix.

Pydantic checks each field's shape; these rules need the whole model (a `show_if` needs the
questions before it). A model raises them when built in code; the file loader asks for them
by path instead, so an operator reads `surveys[1].questions[2].show_if` and its line number.
"""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import ValidationInfo

# A field's place inside a model: ("questions", 2, "show_if").
Path = tuple[str | int, ...]
Finding = tuple[Path, str]

# Validation context under which models keep their cross-field findings for the caller.
DEFER = "defer_cross_field_rules"


class Checked(Protocol):
    def findings(self) -> list[Finding]: ...


def raise_findings(model: Checked, info: ValidationInfo) -> None:
    """Called from a model's after-validator: refuse the model unless the loader defers."""
    context: Any = info.context
    if isinstance(context, dict) and context.get(DEFER):
        return
    problems = model.findings()
    if problems:
        raise ValueError("; ".join(f"{render_path(path)}: {text}" for path, text in problems))


def nest(prefix: Path, findings: list[Finding]) -> list[Finding]:
    return [(prefix + path, text) for path, text in findings]


def render_path(path: Path) -> str:
    """("surveys", 1, "questions", 2, "show_if") → surveys[1].questions[2].show_if"""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
