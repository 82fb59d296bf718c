"""What a person is told about their exported ratings when they ask to be forgotten."""

from __future__ import annotations

from collections.abc import Sequence

# Destinations whose API deletes what was sent; a webhook receiver can only be asked to.
NAMES = {"langfuse": "Langfuse", "langsmith": "LangSmith", "webhook": "the webhook receiver"}
DELETABLE = frozenset({"langfuse", "langsmith"})


def forget_note(destinations: Sequence[str]) -> str | None:
    deleted = [NAMES[name] for name in destinations if name in DELETABLE]
    asked = [NAMES[name] for name in destinations if name not in DELETABLE]
    parts = []
    if deleted:
        parts.append(f"Your ratings sent to {' and '.join(deleted)} are being deleted there.")
    if asked:
        parts.append(
            f"{' and '.join(asked).capitalize()} is told to delete its copy; Groundswell "
            "cannot delete it there itself."
        )
    return " ".join(parts) or None
