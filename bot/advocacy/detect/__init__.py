"""The win detector: does a short text report a real problem solved with the assistant?

`judge_text` is the rule-based verdict (pure Python, no network); `WinDetector` is the domain
entry point that also asks an optional model and falls back to the rules.

The rules read a text the way a reviewer would, one mechanism per module: `segments` (clauses),
`finished`/`produced`/`effects` via `outcomes` (what was done), `stance` (did it happen:
negation, modality, counterfactuals, questions), `tone` and `sarcasm` (complaints, irony),
`agents`/`others`/`attribution` (who did it), `amounts`/`durations`/`rates`/`savings` (time
saved), `scoring` (log-odds into a probability) and `rules` (the pipeline).
"""

from bot.advocacy.detect.model import ModelAnswer, model_messages, parse_answer, verdict_from_answer
from bot.advocacy.detect.rules import RuleReading, judge_text, names_pattern, read_text
from bot.advocacy.detect.savings import read_time_saved
from bot.advocacy.detect.service import WinDetector
from bot.advocacy.detect.verdict import (
    ClassifierUnavailable,
    Evidence,
    TimeSaved,
    WinClassifier,
    WinContext,
    WinVerdict,
)

__all__ = [
    "ClassifierUnavailable",
    "Evidence",
    "ModelAnswer",
    "RuleReading",
    "TimeSaved",
    "WinClassifier",
    "WinContext",
    "WinDetector",
    "WinVerdict",
    "judge_text",
    "model_messages",
    "names_pattern",
    "parse_answer",
    "read_text",
    "read_time_saved",
    "verdict_from_answer",
]
