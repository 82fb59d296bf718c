"""Deterministic per-person draws: where in the window someone is asked, and whether a sampled
run asks them at all.

Both come from sha256 over (purpose, run key, person key), so any replica, any restart and any
later audit gets the same answer, while different runs spread and sample people differently.
Nothing here is secret: knowing someone's slot tells nothing about their answers.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date


def stable_fraction(purpose: str, *parts: str) -> float:
    """A number in [0, 1) fixed by its inputs; JSON keeps ("ab", "c") apart from ("a", "bc")."""
    digest = hashlib.sha256(json.dumps([purpose, *parts]).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def run_key(survey: str, run_date: date) -> str:
    """The key of a scheduled run: the same on every replica, before and after a restart."""
    return f"{survey}/{run_date.isoformat()}"


def jitter(run: str, person: str) -> float:
    """Where in their window this person is asked for this run (0 = the window's opening)."""
    return stable_fraction("jitter", run, person)


def reminder_jitter(run: str, person: str) -> float:
    """Drawn apart from `jitter`, so reminders do not land at the same minute as the survey."""
    return stable_fraction("reminder", run, person)


def is_sampled(fraction: float, run: str, person: str) -> bool:
    """Does a run that asks `fraction` of its audience ask this person? Reproducible later."""
    return fraction >= 1 or stable_fraction("sample", run, person) < fraction
