"""Reaction names to ratings: every spelling Slack sends for a thumb, skin tones included."""

from __future__ import annotations

from collections.abc import Iterable

from bot.records import Rating

# Slack sends canonical names ("+1", "-1") in events but its docs and some clients use the
# aliases ("thumbsup", "thumbsdown"); both always count, whatever the operator configured.
THUMBS_UP = frozenset({"+1", "thumbsup", "thumbs_up"})
THUMBS_DOWN = frozenset({"-1", "thumbsdown", "thumbs_down"})


def normalise_emoji(name: str) -> str:
    """`+1::skin-tone-4` → `+1`; `:ThumbsUp:` → `thumbsup`. Skin tones arrive as a suffix."""
    base = name.strip().lower().split("::", 1)[0]
    return base.strip(":")


class EmojiRatings:
    """Which reactions mean 👍 and 👎 for this install (GROUNDSWELL_SLACK_*_EMOJI)."""

    def __init__(self, positive: Iterable[str], negative: Iterable[str]) -> None:
        self._positive = THUMBS_UP | {normalise_emoji(name) for name in positive}
        self._negative = THUMBS_DOWN | {normalise_emoji(name) for name in negative}
        # An emoji configured as both would flip-flop; the negative reading is the safer one.
        self._positive -= self._negative

    def rate(self, reaction: str) -> Rating | None:
        """The rating a reaction means, or None for any other emoji (ignored, cheaply)."""
        name = normalise_emoji(reaction)
        if name in self._negative:
            return Rating.DOWN
        if name in self._positive:
            return Rating.UP
        return None
