"""Words that report a concrete piece of work produced, or a step the assistant made possible.

"Wrote", "found", "explained", "translated": a thing now exists that did not, though the
text has not said it was shipped; so these weigh less than `finished`. Enabling counts too:
"let me answer the customer", "so I could start coding today", "was able to file it", because
the writer's own step is the outcome and the assistant made it possible. Any other past tense
is the weakest evidence that something was produced.
"""

from __future__ import annotations

import re

from bot.advocacy.detect.segments import words

MADE_WORDS = words(
    r"wrote|rewrote|written|rewritten|drafted|redrafted|built|rebuilt|created|generated",
    r"produced|prepared",
    r"summari[sz]ed|translated|locali[sz]ed|found|spotted|flagged|identified|detected|noticed",
    r"explained|clarified|compared|pulled(?:\s+together)?|extracted|cleaned(?:\s+up)?",
    r"classified|categori[sz]ed|consolidated|structured|restructured|refactored|migrated",
    r"converted|reformatted|formatted|reviewed|triaged|analy[sz]ed|calculated|worked\s+out",
    r"figured\s+out|debugged|diagnosed|tracked\s+down|narrowed\s+down|answered(?=\s+\w)|handled",
    r"scheduled|organi[sz]ed|updated|set\s+up|configured|optimi[sz]ed|simplified|refreshed",
    r"turned\s+(?:[\w-]+\s+){0,4}into|planned|mapped|compiled|outlined|proofread|edited",
    r"polished|tidied(?:\s+up)?|matched|tagged|segmented|transcribed|suggested|recommended",
    r"reduced|shortened|sped\s+up|streamlined|accelerated|untangled|spun\s+up|stood\s+up",
    r"pointed\s+(?:out|(?:me|us)\s+(?:to|at|in)|to|at)|walked\s+(?:me|us|\w+)\s+through",
    r"showed\s+(?:me|us)|told\s+(?:me|us)|taught\s+(?:me|us)",
    r"(?:did|does)\s+(?:most\s+of\s+)?the\s+heavy\s+lifting",
    r"did\s+(?:half|most|all|the\s+bulk)\s+(?:of\s+)?the\s+(?:work|job|lifting)",
    r"did\s+(?:the|all\s+the)\s+\w+",
)
# The assistant made the writer's own step possible.
ENABLED = words(
    r"let\s+(?:me|us|them|the\s+team)\s+\w+|(?:allowed|enabled)\s+(?:me|us|them)\s+to",
    r"meant\s+(?:i|we)\s+could|(?:was|were)\s+able\s+to\s+\w+|managed\s+to\s+\w+",
    r"could\s+finally\s+\w+|so\s+(?:that\s+)?(?:i|we|they)\s+could\s+\w+",
    # "I can close my ticket now": an ability the answer just gave, not a plan.
    r"(?:i|we)\s+can\s+(?:finally\s+)?\w+\s+(?:[\w-]+\s+){0,4}?now",
)

# Any other past tense is weaker evidence that something happened ("untangled the nested
# IFs"). Not every "-ed" word is an outcome: verbs of trying, asking, feeling and perceiving
# report no result ("tried", "hoped"), adjectives in "-ed" describe ("detailed", "outdated"),
# complaint verbs report the opposite ("hallucinated", "missed"), and "-eed" words ("speed",
# "need") are no past tense at all. A closed class of English words, not of messages.
PAST_TENSE = re.compile(r"\b[a-z]{3,}(?<!e)ed\b")
NOT_AN_OUTCOME = frozenset(
    {
        "asked", "tried", "used", "wanted", "needed", "hoped", "expected", "wondered", "started",
        "seemed", "looked", "liked", "loved", "tested", "checked", "waited", "failed", "crashed",
        "stopped", "happened", "called", "talked", "mentioned", "played", "stayed", "appeared",
        "attempted", "requested", "wished", "noted", "assumed", "guessed", "pasted", "copied",
        "prompted", "typed", "clicked", "opened", "logged", "registered", "supposed", "based",
        "related", "interested", "excited", "confused", "annoyed", "frustrated", "tired", "bored",
        "worried", "surprised", "impressed", "amazed", "pleased", "disappointed", "concerned",
        "involved", "limited", "detailed", "advanced", "complicated", "dedicated", "experienced",
        "sophisticated", "outdated", "unexpected", "shared", "biased", "skilled", "talented",
        "hundred", "wicked", "naked", "invented", "hallucinated", "ignored", "missed", "skipped",
        "wasted", "lasted", "struggled", "stuck", "blocked", "rejected", "denied", "refused",
        "forced", "reminded", "warned", "claimed", "insisted", "pretended", "offered", "added",
        "repeated", "contradicted", "suggested", "signed", "spent", "lost", "cost", "worked",
        "escalated", "complained", "broke", "pointed", "walked", "turned", "saved", "archived",
        "deleted", "removed", "dropped", "introduced", "budgeted", "helped"
    }
)  # fmt: skip
