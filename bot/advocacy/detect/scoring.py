"""Weighing the cues into one probability, with the reasons behind it.

The score is a sum of log-odds, so each rule's weight reads as "how much more likely a win":
start sceptical (most texts people type are not wins), add the strongest outcome that really
happened, add time saved and who gets the credit, subtract complaints, sarcasm, requests and
work done without the assistant. A logistic turns it into a probability; 0.5 decides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bot.advocacy.detect.agents import Credit
from bot.advocacy.detect.verdict import WinContext

PRIOR = -2.1
CONTEXT_PRIOR = {
    WinContext.UNKNOWN: 0.0,
    WinContext.HELPED: 0.3,
    WinContext.WIN_REPORT: 0.5,
    WinContext.COMPLAINT: -1.2,
}
TIME_SAVED = 0.8
ANOTHER_OUTCOME = 0.35  # each further kind of outcome, up to two: "drafted, edited and live"
CREDIT = {Credit.NAMED: 1.3, Credit.IMPLIED: 0.8, Credit.NONE: -0.4}
ANCHOR = 0.4  # realised-time words: "today", "before lunch", "on time", "first try"
OTHERS_DID_IT = -2.8
OTHERS_BUT_ASSISTANT_ACTED = -0.8  # "a colleague showed me how, and it saved me an hour"
COMPLAINT = -1.4
COMPLAINT_CAP = -3.0
UNVERIFIED = -1.6  # "haven't checked it yet": the outcome is not known
SARCASM = -4.5
REQUEST = -2.5
FAILED = -1.6  # an outcome said not to have happened, with nothing realised after it


@dataclass
class Tally:
    """The cues found in one text, filled in by `rules` and weighed here."""

    context: WinContext
    best: float = 0.0  # weight of the strongest realised outcome
    kinds: set[str] = field(default_factory=set)
    time_saved: bool = False
    credit: Credit = Credit.NONE
    assistant_acted: bool = False  # the assistant is the grammatical subject of the outcome
    anchored: bool = False
    others_did_it: bool = False
    complaints_near: int = 0  # complaints weighing fully (after "but", or with no contrast)
    complaints_far: int = 0  # complaints before a "but" that the win comes after
    unverified: bool = False
    sarcastic: bool = False
    request: bool = False
    failed: bool = False
    praised: bool = False
    stances: set[str] = field(default_factory=set)  # why outcomes did not count

    def score(self) -> float:
        total = PRIOR + CONTEXT_PRIOR[self.context] + self.best
        if self.best:
            total += ANOTHER_OUTCOME * min(2, len(self.kinds) - 1)
            total += ANCHOR if self.anchored else 0.0
        total += TIME_SAVED if self.time_saved else 0.0
        credit = self.credit
        if credit is Credit.NONE and self.context in (WinContext.HELPED, WinContext.WIN_REPORT):
            credit = Credit.IMPLIED  # the question it answers names the assistant
        total += CREDIT[credit]
        if self.others_did_it:
            total += OTHERS_BUT_ASSISTANT_ACTED if self.assistant_acted else OTHERS_DID_IT
        complaints = COMPLAINT * (self.complaints_near + 0.35 * self.complaints_far)
        total += max(COMPLAINT_CAP, complaints)
        total += UNVERIFIED if self.unverified else 0.0
        total += SARCASM if self.sarcastic else 0.0
        total += REQUEST if self.request else 0.0
        total += FAILED if self.failed else 0.0
        return total

    def probability(self) -> float:
        return 1.0 / (1.0 + math.exp(-self.score()))

    def reasons(self) -> tuple[str, ...]:
        """Short labels a lead can read: what counted for, and against."""
        found = [f"outcome:{kind}" for kind in sorted(self.kinds)]
        if self.time_saved:
            found.append("time saved")
        found.append({Credit.NAMED: "assistant named", Credit.IMPLIED: "assistant implied",
                      Credit.NONE: "assistant not mentioned"}[self.credit])  # fmt: skip
        flags = {
            "done without the assistant": self.others_did_it,
            "complaint": bool(self.complaints_near or self.complaints_far),
            "not checked yet": self.unverified,
            "sarcasm": self.sarcastic,
            "request or question": self.request,
            "failed outcome": self.failed,
            "no outcome": not self.best,
            "praise": self.praised,
        }
        found += [label for label, present in flags.items() if present]
        found += [f"not realised:{stance}" for stance in sorted(self.stances)]
        return tuple(found)
