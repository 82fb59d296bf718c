"""The win detector read like a reviewer would: what counts as a real win, what does not, and
what the verdict carries (confidence, evidence span, minutes)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.advocacy.detect import WinContext, WinDetector, judge_text
from bot.advocacy.detect.others import _named_agents, scan_named_agents
from bot.advocacy.detect.outcomes import _ANY_CUE, CUES
from bot.advocacy.detect.segments import fold

WINS = [
    "the bot wrote the reconciliation macro and the month-end close finished a day early",
    "payroll question answered in a minute, I could approve the overtime straight away",
    "Copilot spotted the off-by-one in the pagination, hotfix deployed this afternoon",
    "renewal quote sent to the customer before lunch thanks to the assistant's draft",
    "couldn't have made the tender deadline without it",
    "we shipped the onboarding emails today, the AI wrote all five",
    "asked it about the VAT rules for Ireland and filed the return correctly",
    "it found the clause we needed and legal signed off the contract",
    "took me 15 minutes instead of an afternoon to build the supplier comparison",
    "didn't have to escalate to engineering, the suggested fix worked",
    # Measured gains without a finishing verb; a misspelt name; approval in the passive.
    "our buyers raise purchase orders three times as fast with the assistant",
    "the team closes 15 more cases a week using the bot's suggested replies",
    "it saves us about $800 a month in courier fees since the bot plans the routes",
    "the asistant built the roster and the ward manager finally signed it",
    "Clunky at first, but the policy summary it wrote was accepted by the works council.",
    # A survey's question quoted above the answer; a positive counterfactual led by "without";
    # a tense told without its ending; a stakeholder's reaction to what the assistant made.
    "Q: what did the assistant help with?\nA: drafted the supplier letters, all sent Friday",
    "Without the bot's checklist for the inspection I'd never have passed first time",
    "the assistant has help me for write the customs letters and the broker accepted them",
    "our director loved the board summary the bot drafted",
    # A question answered with words between; a reaction graded by a degree word; the
    # customer writing back is a result, not someone else solving it.
    "expense question from a new joiner got answered in seconds, claim submitted",
    "used the assistant for the tender summary and the client was really happy",
    "the bot drafted the apology, the customer wrote back to thank us and renewed",
]
NOT_WINS = [
    "love this bot",
    "really useful tool, well done team",
    "could save us hours on the audit next year",
    "we will use it for the invoices once finance approves",
    "would have saved me a day if I had known about it",
    "it didn't fix the export and I'm still stuck",
    "great, it invented another policy 🙄",
    "the answer was outdated and wrong",
    "can it summarise PDFs?",
    "please add a Jira integration",
    "fixed it myself after the bot went in circles",
    "my colleague sorted the report, the bot wasn't involved",
    "thanks for nothing",
    "it summarised the wrong contract",
    # The assistant's own claim or instruction is not an outcome; corrections, inconsistency,
    # lateness and redoing the work undo one; phrase scare quotes and ironic concessions mock.
    "the assistant claimed the refund was processed but the customer never got it",
    "haha it told me to reinstall Excel to fix a formula",
    "it translated the page, just not into the language I picked",
    "asked twice and got two different totals for the same invoice run",
    "the proposal went out two days late because the bot's pricing table was off",
    "it drafted the minutes but left half the decisions out, so I redid them from my notes",
    'oh sure, it "helped me out" by deleting the formulas',
    "quick, if you don't count the afternoon spent checking every line",
    "Priya from HR sorted my contract query in ten minutes, star",
    # A superlative with "it" (or IT) as its subject judges; "love how it…" mocks a bare
    # action; another tool credited with the change.
    "the most useful thing IT has given us this year",
    "love how it turned my three bullet points into a five-paragraph essay",
    "Payroll closed a day early, the new Workday integration made all the difference",
    # Undone later, discarded, contradicted, its own claim, not yet checked, a file saved, or
    # redone by another team.
    "great, it fixed the macro. for an hour, until we noticed it deleted the headers",
    "nice layout but the totals were wrong so the whole thing went in the bin",
    "the assistant told me the contract was renewed; the supplier says otherwise",
    "the summary is done but I haven't had a chance to review it",
    "saved the answer to OneNote",
    "the bot's first draft was unusable so finance ops rewrote it",
    "the bot 'fixed the formula' for me this morning",
]


@pytest.mark.parametrize("text", WINS)
def test_real_wins_are_found(text: str) -> None:
    verdict = judge_text(text)
    assert verdict.is_win, verdict.reasons
    assert verdict.evidence is not None
    assert text[verdict.evidence.start : verdict.evidence.end] == verdict.evidence.text


@pytest.mark.parametrize("text", NOT_WINS)
def test_praise_plans_counterfactuals_failures_sarcasm_complaints_and_others_are_not(
    text: str,
) -> None:
    verdict = judge_text(text)
    assert not verdict.is_win, verdict.reasons
    assert verdict.evidence is None and verdict.time_saved is None


def test_the_verdict_carries_minutes_and_a_rate_says_per_what() -> None:
    one_off = judge_text("the assistant drafted the board minutes, saved me ~2h")
    rate = judge_text("the bot's triage saves 10 minutes per ticket for our team")
    assert one_off.is_win and one_off.time_saved_minutes == 120
    assert rate.is_win and rate.time_saved is not None
    assert (rate.time_saved.minutes, rate.time_saved.per) == (10, "ticket")


def test_clear_cases_are_confident_and_borderline_ones_are_not() -> None:
    clear_win = judge_text("Copilot fixed the flaky test and the release shipped on time")
    clear_no = judge_text("love it!!")
    borderline = judge_text("closed the ticket")
    assert clear_win.confidence >= 0.85 and clear_no.confidence >= 0.85
    assert borderline.confidence < 0.75


def test_context_is_a_hint_the_words_still_decide() -> None:
    terse = "sorted the rota in ten minutes"
    assert judge_text(terse, WinContext.HELPED).probability > judge_text(terse).probability
    assert not judge_text("useless, it made things up", WinContext.WIN_REPORT).is_win


def test_the_companys_name_for_its_assistant_counts_as_naming_it() -> None:
    text = "Atlas drafted the supplier letter, sent it this morning"
    named = WinDetector(assistant_names=["Atlas"]).judge_by_rules(text)
    plain = WinDetector().judge_by_rules(text)
    assert named.probability > plain.probability and named.is_win


async def test_without_a_model_the_detector_is_the_rules() -> None:
    detector = WinDetector()
    verdict = await detector.judge("saved me 3 hours on the scorecard, thanks bot")
    assert verdict.source == "rules" and verdict.is_win and verdict.time_saved_minutes == 180
    assert not detector.uses_model and not detector.fallbacks


@given(st.text(max_size=400), st.sampled_from(list(WinContext)))
def test_any_text_gets_a_verdict_never_an_exception(text: str, context: WinContext) -> None:
    verdict = judge_text(text, context)
    assert 0.5 <= verdict.confidence <= 1.0
    if verdict.evidence is not None:
        assert verdict.is_win
        assert text[verdict.evidence.start : verdict.evidence.end] == verdict.evidence.text


AGENT_WORDS = ["Priya", "Zapier", "thanks to", "fixed the", "made a big difference", "IT", "it"]


@given(
    st.lists(st.one_of(st.sampled_from(AGENT_WORDS), st.text(max_size=12)), max_size=12).map(
        " ".join
    )
)
def test_skipping_the_agent_scan_without_capitals_never_changes_what_it_finds(
    text: str,
) -> None:
    assert _named_agents(text, None) == scan_named_agents(text, None)
    assert _named_agents(text.lower(), None) == scan_named_agents(text.lower(), None)


CUE_WORDS = ["fixed", "spot on", "saved me", "drafted", "it worked", "done", "no longer stuck"]


@given(
    st.lists(st.one_of(st.sampled_from(CUE_WORDS), st.text(max_size=12)), max_size=12).map(" ".join)
)
def test_the_any_cue_scan_finds_the_first_place_any_outcome_cue_could_start(text: str) -> None:
    """`find_hits` skips the thirteen cue scans when the one joined scan finds nothing, and
    starts them where it found something: neither may lose a cue."""
    folded = fold(text)
    starts = [m.start() for _, pattern, _ in CUES for m in pattern.finditer(folded)]
    first = _ANY_CUE.search(folded)
    assert (first is None) == (not starts)
    if first is not None:
        assert first.start() == min(starts)
