"""What goes wrong, in a handful of themes: comments grouped by the words they share.

Pure Python and deterministic, no model and no network: each comment becomes a set of
content words (lower-cased, a crude stem, stop words dropped); the word found in the most
comments not yet placed names the next theme and takes every comment containing it. A
theme's label adds its most common companion word ("outdated policy"). Comments sharing no
frequent word end up in "other".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_THEMES = 6
MIN_THEME_COMMENTS = 2
QUOTES = 2
QUOTE_CHARS = 140
WORD = re.compile(r"[a-z][a-z']+")
STOP = frozenset(
    """a about above after again all also am an and any are as at be because been before
    being but by can could did do does doing don't for from had has have having he her here
    him his how i i'm if in into is it it's its just me more most my no not of off on once
    only or other our out over own same she should so some such than that the their them
    then there these they this those through to too under until up very was we were what
    when where which while who why will with would you your yes get got gave give really
    still even one thing things bit lot answer answers assistant bot didn't doesn't
    wasn't isn't dont didnt doesnt wasnt isnt im ive i've""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Theme:
    label: str
    comments: list[int] = field(default_factory=list)  # indexes into the input


def stem(word: str) -> str:
    word = word.strip("'")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words_of(text: str, seen: dict[str, Counter[str]] | None = None) -> set[str]:
    """The content words of a text as stems; `seen` collects how each stem was written."""
    found = set()
    for word in WORD.findall(text.lower()):
        if word in STOP or len(word) <= 2:
            continue
        stemmed = stem(word)
        found.add(stemmed)
        if seen is not None:
            seen.setdefault(stemmed, Counter())[word.strip("'")] += 1
    return found


def group_comments(texts: Sequence[str]) -> list[Theme]:
    """At most MAX_THEMES themes plus "other", largest first."""
    written: dict[str, Counter[str]] = {}
    bags = [words_of(text, written) for text in texts]

    def spelled(stemmed: str) -> str:
        return min(written[stemmed].items(), key=lambda item: (-item[1], item[0]))[0]

    unplaced = set(range(len(texts)))
    themes: list[Theme] = []
    while unplaced and len(themes) < MAX_THEMES:
        counts = Counter(word for index in unplaced for word in bags[index])
        if not counts:
            break
        # Ties go to the alphabetically first word, so the same comments give the same themes.
        word, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
        if count < MIN_THEME_COMMENTS:
            break
        members = sorted(index for index in unplaced if word in bags[index])
        companions = Counter(w for index in members for w in bags[index] if w != word)
        label = spelled(word)
        if companions:
            partner, seen = min(companions.items(), key=lambda item: (-item[1], item[0]))
            if seen * 2 >= len(members):
                label = f"{label} {spelled(partner)}"
        themes.append(Theme(label, members))
        unplaced -= set(members)
    if unplaced:
        themes.append(Theme("other", sorted(unplaced)))
    return sorted(themes, key=lambda theme: (theme.label == "other", -len(theme.comments)))


def short_quote(text: str) -> str:
    """One line, at most QUOTE_CHARS, cut at a word."""
    flat = " ".join(text.split())
    if len(flat) <= QUOTE_CHARS:
        return flat
    return flat[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
