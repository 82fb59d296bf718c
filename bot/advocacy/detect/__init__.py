"""The win detector: does a short text report a real problem solved with the assistant?

`judge_text` is the rule-based verdict (pure Python, no network); `WinDetector` is the domain
entry point that also asks an optional model and falls back to the rules.
"""

from bot.advocacy.detect.rules import judge_text, names_pattern
from bot.advocacy.detect.savings import read_time_saved
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
    "TimeSaved",
    "WinClassifier",
    "WinContext",
    "WinVerdict",
    "judge_text",
    "names_pattern",
    "read_time_saved",
]
