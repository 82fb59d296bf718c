"""Outcomes told by their effect rather than by the work: a question answered, a result from
someone who matters, a measured change, time saved, work avoided, the assistant put to use.

Each is a different way people report that a problem went away: "now I understand how
deferred revenue works", "customer happy", "call times are down", "saved me an hour", "didn't
have to ping legal", "used it to draft the letters". Capability and plans are absent on
purpose; `stance` decides whether what is found here really happened.
"""

from __future__ import annotations

import re

from bot.advocacy.detect.segments import words

UNBLOCKED = words(
    r"unblocked|no\s+longer\s+(?:stuck|blocked)|makes\s+sense\s+now",
    r"(?:now|finally)\s+(?:i\s+|we\s+)?(?:know|understand|understood|get|got|see)"
    r"(?:\s+(?:it|how|what|why|where|which|when|the))?",
    r"answered\s+(?:my|our|the|a)\s+(?:\w+\s+){0,3}(?:question|q|query)",
    r"(?:got|found|had)\s+(?:an?|the|my)\s+(?:[\w-]+\s+)?answer",
    r"(?:question|q|query)(?:\s+[\w-]+){0,5}?\s+(?:was\s+|got\s+)?answered",
    # What the writer lacked, now found: "the 3 papers I was missing", "the form I needed".
    r"(?:got|found|had|gave\s+me)\s+(?:[\w'-]+\s+){0,4}(?:i|we)\s+(?:needed|was\s+missing"
    r"|were\s+missing|was\s+looking\s+for|were\s+looking\s+for|was\s+after)",
    r"knew\s+exactly|got\s+me\s+(?:through|unstuck|over|there)|cleared\s+(?:it\s+)?up",
)
_STAKEHOLDER = (
    r"customers?|clients?|they|cfo|ceo|vp|manager|partner|auditors?|boss|lead|director|board"
    r"|buyer|prospect|candidate|employee|patients?|parents?|students?|the\s+team|legal|finance"
    r"|tenants?|guests?|users?|members?|donors?|staff|everyone|everybody|inspectors?|regulator"
    r"|counterparty|suppliers?|vendors?|stakeholders?|reviewers?|approvers?|leadership"
)
RESULT = words(
    rf"(?:{_STAKEHOLDER})(?:'s|\s+(?:was|were|is|are))?(?:\s+(?:very|so|really|super|quite"
    r"|extremely))?\s+(?:happy|thrilled|delighted"
    r"|impressed|satisfied|sorted)",
    rf"(?:{_STAKEHOLDER})\s+(?:replied|confirmed|loved\s+(?:it|them|the\s+[\w-]+)|approved|accepted|signed|had\s+them"
    r"|stayed|renewed|said\s+yes|agreed)",
    r"(?:got|received|had)\s+(?:the\s+|their\s+)?(?:sign-?off|approval|go-?ahead)",
    r"approved\s+(?:it\s+)?(?:first|with|same)|went\s+smoothly",
    r"said\s+(?:it|this|that|they)\s+(?:was|were|is|looked)\s+(?:great|perfect|the\s+best"
    r"|spot\s+on|exactly|really|super|excellent|brilliant|amazing)",
)
# Something measured moved the right way, or a problem stopped recurring.
METRIC = words(
    r"\d+(?:\.\d+)?\s*(?:%|x)\s+(?:faster|quicker|more|fewer|less|higher|better|lower|the)",
    r"(?:took|brought|got|went|cut|reduced)\s+(?:[\w-]+\s+){0,4}?from\s+\S+\s+to",
    r"(?:up|down)\s+from\s+\S+\s+to|beat\s+(?:[\w-]+\s+){0,3}by|doubled|halved|tripled",
    r"cut\s+(?:[\w-]+\s+){0,3}in\s+half|no\s+more\s+\w+ing|\d+x\s+the",
    r"(?:cut|reduced|lowered|improved|increased|boosted|raised|grew|dropped)\s+(?:[\w-]+\s+){0,4}?"
    r"by\s+(?:about\s+|around\s+|~)?\d+(?:\.\d+)?(?=\s*%)",
    r"fewer\s+\w+s|(?:nobody|no\s+one)\s+(?:escalated|complained|had\s+to)",
    r"haven'?t\s+had\s+(?:a|any)\s+\w+\s+since",
    r"(?:best|highest|lowest|fastest|record)\s+(?:[\w-]+\s+){0,3}(?:we'?ve|i'?ve|ever"
    r"|all\s+year|this\s+year|to\s+date|so\s+far)",
    # A count of something unwanted going down: "complaints dropped", "call times are down".
    r"(?:\w+s|backlog|time|rate|churn|volume|cost)\s+(?:have\s+|has\s+)?(?:dropped|fell"
    r"|went\s+down|(?:are|is|were|was)\s+(?:way\s+)?down|decreased|shrank)",
    # Multiples, extra throughput and money saved: "twice as fast", "40 more tickets a day",
    # "saves us £2k a month".
    r"(?:twice|(?:three|four|five|\d+(?:\.\d+)?)\s*(?:x|times))\s+(?:as\s+)?(?:fast|quick|many|much)",
    r"\d+\s+more\s+(?:[\w-]+\s+){0,2}(?:a|per|each|every)\s+(?:day|week|month|shift|hour)",
    r"sav(?:es|ed|ing)\s+(?:us|me|the\s+\w+|our\s+\w+)?\s*(?:about|around|roughly|over|~)?\s*"
    r"[£$€]\s?\d+(?:[.,]\d+)?\s*[kmb]?",
    # Only units compared: "in minutes not hours", "hours instead of days".
    r"(?:seconds|minutes|mins|hours|hrs|days)\s+(?:not|instead\s+of|rather\s+than|vs\.?)"
    r"\s+(?:minutes|hours|days|weeks)",
)
# "saved a draft to my documents" is a file being saved, not time.
_FILE = (
    r"(?:\w+\s+)?(?:draft|file|copy|version|document|doc|spreadsheet|workbook|note|backup|pdf"
    r"|template|chat|conversation|output|answer|response|prompt|notes|link)"
)
SAVED = words(
    rf"sav(?:ed|d)\s+(?!(?:a|an|the|my|it|this|that)\s+{_FILE}\b)(?:me|us|the|our|my|him|her"
    r"|them|a|an|\d|~|hours|days|so|loads|tons|heaps|lots|time|ages|about|roughly|around|at"
    r"|like|easily|over|half|some)",
    r"(?:time|hours?|days?|minutes?|mins?)\s+saved|saved\s+(?:the|my)\s+(?:day|bacon|skin)",
)
AVOIDED = words(
    r"(?:didn'?t|did\s+not|don'?t|never|no\s+longer|won'?t)\s+(?:have|need|had)\s+to",
    r"no\s+need\s+to|without\s+having\s+to|didn'?t\s+need\s+to|instead\s+of\s+\w+ing",
    r"saved\s+(?:me|us|myself|ourselves)\s+(?:from\s+)?(?:having\s+to|a\s+trip|the\s+trouble)",
)
# "used it to draft the letters": a use for a purpose, reported done — a piece of work.
USED_FOR = words(
    r"used\s+(?:it|the\s+\w+|this|copilot|chatgpt|its)(?:\s+\w+){0,8}?\s+(?:to|for)"
    r"(?!\s+(?:the\s+first\s+time|a\s+(?:bit|while|test|demo|trial)|fun|testing|now)\b)",
)
USED = words(
    r"(?:gave|handed)\s+(?:me|us)|answered(?=\s*[.!,]|\s*$)|spot\s+on|bang\s+on",
    r"exactly\s+what\s+(?:i|we|they|the\s+\w+)\s+(?:needed|wanted|was\s+looking\s+for)",
)
HELPED = re.compile(
    # "the bot help me to write the answer": the past told without its ending.
    r"\b(?:it|bot|assistant|ai)\s+(?:has\s+|have\s+)?help\s+(?:me|us)\s+(?:to\s+|for\s+)?[a-z]{3,}"
    r"|\bhelped(?:\s+(?:me|us|him|her|them|[\w-]+\s+team|the\s+team|our\s+team|my\s+team))?"
    r"(?:\s+(?:a\s+lot|a\s+ton|loads|massively|heaps|hugely|so\s+much|big\s+time|greatly))?"
    r"\s+(?:to\s+)?(?!(?:a|so|lot|lots|loads|today|yesterday|again|out|i|thanks|thank|me|us"
    r"|heaps|more|much|tons?|too|as|and|but|though)\b)(?:with\s+)?[a-z]"
)
