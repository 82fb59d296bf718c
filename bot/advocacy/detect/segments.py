"""Cutting a message into the pieces the rules look at, keeping offsets into the original text.

Negation, modality and complaints reach only so far: "didn't fix it, but the draft went out"
holds a failure and a win. So the rules look at clauses (split at sentence ends, commas,
dashes and "but"), and remember which clause sits after a contrast, because what follows
"but" is what the writer means to leave you with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# People type slack-style: curly quotes from phones, "didnt" without the apostrophe. Folding is
# per character so every offset found in the folded text is an offset into the original.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})

# Sentence ends ("." only before a space or the end, so "1.5h" and "v2.1" stay whole; "..."
# is a pause inside a thought — "saved me hours... of fact checking" — not a boundary),
# line breaks, semicolons, spaced dashes and bullets.
_SENTENCE_END = re.compile(r"(?<!\.)[.!?]+(?!\.)(?=\s|$)|\n+|;|\s[-–—]+\s|\s*[•|]\s*|—")
# Inside a sentence: commas (not "2,000"), parentheses, and contrast words.
_CLAUSE_BREAK = re.compile(r",(?!\d)|\(|\)|:(?!\d)")
_CONTRAST = re.compile(
    r"\b(?:but|though|although|however|except|unfortunately|sadly|whereas|too\s+bad|shame"
    r"|pity|only\s+(?:problem|issue|catch)|problem\s+is|catch\s+is|downside|still(?=,)"
    r"|that\s+said|nonetheless|nevertheless|even\s+so)\b"
)


def words(*alternatives: str) -> re.Pattern[str]:
    """Any of `alternatives` (regex sources) as whole words. One word-boundary test per position
    instead of one per alternative: a lexicon of a hundred phrases stays cheap to scan. A word
    followed by "'t" is another word: "won't" is no "won", "can't" no "can"."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b(?!'t\b)")


def fold(text: str) -> str:
    """Lower-case with straight quotes, the same length as `text` (a character whose lower-case
    form is longer, like "İ", is kept as it is)."""
    straight = text.translate(_APOSTROPHES)
    lowered = straight.lower()
    if len(lowered) == len(straight):
        return lowered  # the usual case; only a few letters grow when lower-cased
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in straight)


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    text: str  # folded
    sentence: int
    after_contrast: bool  # opened by "but"/"though"/…, or in a sentence after one


# What a reply quotes is context, not the writer's words: Slack's "> did the assistant help?"
# lines, or an e-mail style "re: did the assistant help –" before the answer.
_QUOTED = re.compile(
    r"^[ \t]*(?:>|&gt;|q\s*:)[^\n]*(?:\n|$)|^\s*re:[^\n–—-]*(?:[–—-]|\n)", re.MULTILINE
)


def quoted_spans(folded: str) -> list[tuple[int, int]]:
    """Spans of quoted context (same offsets as the text), to be blanked before reading."""
    return [match.span() for match in _QUOTED.finditer(folded)]


def split_clauses(folded: str) -> list[Clause]:
    """Clauses in reading order; empty pieces (between two commas) are dropped."""
    clauses: list[Clause] = []
    contrast_seen = False
    for index, (s_start, s_end) in enumerate(_spans(folded, _SENTENCE_END, 0, len(folded))):
        for c_start, c_end in _spans(folded, _CLAUSE_BREAK, s_start, s_end):
            for piece_start, piece_end, opens_contrast in _contrast_pieces(folded, c_start, c_end):
                contrast_seen = contrast_seen or opens_contrast
                start, end = _trim(folded, piece_start, piece_end)
                if start < end:
                    clauses.append(Clause(start, end, folded[start:end], index, contrast_seen))
    return clauses


def sentence_span(folded: str, clauses: list[Clause], clause: Clause) -> tuple[int, int]:
    """The whole sentence a clause belongs to: the evidence people can read on its own."""
    same = [c for c in clauses if c.sentence == clause.sentence]
    return same[0].start, same[-1].end


def _spans(text: str, boundary: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for match in boundary.finditer(text, start, end):
        # A sentence keeps its own "." / "!" / "?": a question is read as a question.
        keeps_mark = match.group()[:1] in ".!?"
        spans.append((cursor, match.end() if keeps_mark else match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return spans


def _contrast_pieces(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    pieces = []
    cursor, opens = start, False
    for match in _CONTRAST.finditer(text, start, end):
        pieces.append((cursor, match.start(), opens))
        cursor, opens = match.start(), True
    pieces.append((cursor, end, opens))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\"'*_~>":
        start += 1
    while end > start and text[end - 1] in " \t\"'*_~":
        end -= 1
    return start, end
