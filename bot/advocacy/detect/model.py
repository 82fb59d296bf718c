"""What a language model is asked, and what answer is accepted: the contract between the
detector and any OpenAI-compatible endpoint an adapter talks to.

Only the text goes out, and not even all of it: mentions, e-mail addresses, links and long
ids are replaced by placeholders first, so no name or id a platform put in the text leaves.
The answer must be one JSON object that validates; anything else is refused (and the rules
answer instead), because a model that rambles cannot be trusted to have judged.
"""

from __future__ import annotations

import json
import re

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator

from bot.advocacy.detect.verdict import ClassifierUnavailable, Evidence, WinContext, WinVerdict

SYSTEM_PROMPT = """\
You classify short messages that employees wrote about their company's AI assistant.
Decide whether the message reports a REAL problem-solving win: the assistant actually helped \
the writer (or their team) get a concrete piece of work done or solve a specific problem, with \
a real outcome (task finished, bug fixed, customer answered, report shipped, a question \
answered that unblocked them, measurable time saved).
NOT wins: generic praise ("love it"); hypotheticals and plans ("could save hours", "will try it \
for invoices"); counterfactuals ("would have saved me an afternoon if I'd known"); negated or \
failed outcomes; sarcasm; complaints; requests and questions; wins achieved without the \
assistant (done by hand, by a colleague, by another tool).
Placeholders like @someone, [email], [link] and [id] replace removed personal details.
Reply with exactly one JSON object and nothing else:
{"is_win": true or false, "confidence": a number from 0 to 1 (how sure you are of is_win), \
"evidence": the shortest exact quote from the message that shows the win, or null}"""

_CONTEXT_NOTES = {
    WinContext.HELPED: "The message answers the question: did the assistant help you?",
    WinContext.WIN_REPORT: "The writer submitted this message as a win they want to share.",
    WinContext.COMPLAINT: "The message explains a thumbs-down rating of an assistant answer.",
}
_REDACTIONS = (
    (re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>|<at>[^<]*</at>"), "@someone"),  # Slack, Teams
    (re.compile(r"<#[A-Z0-9]+(?:\|[^>]*)?>"), "#channel"),
    (re.compile(r"<(?:https?|mailto):[^>]*>|https?://\S+"), "[link]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[email]"),
    (re.compile(r"\+?\d[\d ()-]{8,}\d"), "[number]"),
    # Platform ids ("U0123ABCD", "29:1abc…") and other long opaque tokens.
    (re.compile(r"\b(?=[A-Za-z0-9:_-]*\d)[A-Za-z0-9:_-]{9,}\b"), "[id]"),
)
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


class ModelAnswer(BaseModel):
    """The one answer shape accepted; extra keys (a "reason") are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    is_win: StrictBool
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: str | None = Field(default=None, max_length=2000)

    @field_validator("confidence", mode="before")
    @classmethod
    def _a_number(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("must be a number")  # "0.9" as a string is a sloppy answer
        return value


def redact(text: str) -> str:
    for pattern, placeholder in _REDACTIONS:
        text = pattern.sub(placeholder, text)
    return text


def model_messages(text: str, context: WinContext) -> list[dict[str, str]]:
    """The chat messages for one text (already redacted); nothing else about the writer."""
    note = _CONTEXT_NOTES.get(context)
    user = f"{note}\n\nMessage:\n{text}" if note else f"Message:\n{text}"
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def parse_answer(content: str) -> ModelAnswer:
    """The model's reply as a ModelAnswer, or ClassifierUnavailable("malformed" / "schema")."""
    fenced = _FENCE.match(content)
    try:
        data = json.loads(fenced.group(1) if fenced else content)
    except ValueError:
        raise ClassifierUnavailable("malformed") from None
    try:
        return ModelAnswer.model_validate(data)
    except ValidationError:
        raise ClassifierUnavailable("schema") from None


def verdict_from_answer(text: str, answer: ModelAnswer) -> WinVerdict:
    """A verdict whose evidence is the quote found in `text` (None when it is not there)."""
    probability = answer.confidence if answer.is_win else 1.0 - answer.confidence
    return WinVerdict(
        is_win=answer.is_win,
        probability=round(probability, 4),
        evidence=locate(text, answer.evidence) if answer.is_win else None,
        reasons=("model",),
        source="model",
    )


def locate(text: str, quote: str | None) -> Evidence | None:
    """Where `quote` sits in `text`, ignoring case and runs of spaces; None if it does not."""
    words = (quote or "").split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    found = re.search(pattern, text, re.IGNORECASE)
    if found is None:
        return None
    return Evidence(found.start(), found.end(), found.group())
