"""The optional LLM classifier against a fake OpenAI-compatible endpoint on loopback: what it
sends, what it accepts, and that every failure falls back to the rules and is counted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.llm.client import build_win_detector, completions_url
from bot.advocacy.detect import WinContext, WinDetector
from bot.settings import LlmSettings
from tests.fakes.openai_compatible import FakeOpenAI

WIN = "saved me 2 hours on the supplier reconciliation today, thanks bot"
NOT_A_WIN = "could save hours if it could read our ERP exports"


def settings_for(url: str, **extra: Any) -> LlmSettings:
    values: dict[str, Any] = {
        "url": url, "model": "judge-1", "api_key": "sk-test-123", "timeout_seconds": 2.0,
    }  # fmt: skip
    return LlmSettings(_env_file=None, **{**values, **extra})


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as server:
        yield server


@pytest.fixture
async def detector(fake: FakeOpenAI) -> AsyncIterator[WinDetector]:
    built, client = build_win_detector(settings_for(fake.url))
    assert client is not None
    async with client:
        yield built


async def test_a_good_answer_decides_and_the_rules_supply_the_minutes(
    fake: FakeOpenAI, detector: WinDetector
) -> None:
    verdict = await detector.judge(WIN, WinContext.HELPED)

    assert verdict.source == "model" and verdict.is_win and verdict.confidence == 0.9
    assert verdict.time_saved_minutes == 120
    assert verdict.evidence is not None
    assert WIN[verdict.evidence.start : verdict.evidence.end] == verdict.evidence.text == "saved"
    request = fake.requests[0]
    assert request.body["model"] == "judge-1" and request.body["temperature"] == 0
    assert request.body["response_format"] == {"type": "json_object"}
    assert request.headers["Authorization"] == "Bearer sk-test-123"
    assert request.message == WIN
    assert "did the assistant help" in request.body["messages"][-1]["content"]
    assert detector.model_answers == 1 and not detector.fallbacks


async def test_the_model_can_overrule_the_rules(fake: FakeOpenAI, detector: WinDetector) -> None:
    fake.next_answer({"is_win": False, "confidence": 0.8, "reason": "sarcastic"})

    verdict = await detector.judge(WIN)

    assert verdict.source == "model" and not verdict.is_win
    assert verdict.confidence == 0.8 and verdict.evidence is None and verdict.time_saved is None


async def test_only_the_text_leaves_with_mentions_emails_links_and_ids_replaced(
    fake: FakeOpenAI, detector: WinDetector
) -> None:
    text = "<@U0AB12CD3> saved me an hour, mail jo.bloggs@acme.example or see https://x.test/1"

    await detector.judge(text)

    sent = fake.requests[0].message
    assert sent == "@someone saved me an hour, mail [email] or see [link]"
    assert set(fake.requests[0].body) == {
        "model", "messages", "temperature", "max_tokens", "response_format",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("misbehave", "reason"),
    [
        (lambda fake: fake.next_content("Sure! It is a win."), "malformed"),
        (lambda fake: fake.next_content('```json\n{"is_win": true}\n```'), "schema"),
        (lambda fake: fake.next_answer({"is_win": "yes", "confidence": 0.9}), "schema"),
        (lambda fake: fake.next_answer({"is_win": True, "confidence": "high"}), "schema"),
        (lambda fake: fake.next_answer({"is_win": True, "confidence": 1.7}), "schema"),
        (lambda fake: fake.next_body(b"<html>bad gateway</html>"), "malformed"),
        (lambda fake: fake.next_body(b'{"choices": []}'), "malformed"),
        (lambda fake: fake.next_status(500), "http_5xx"),
        (lambda fake: fake.next_status(401), "http_4xx"),
        (lambda fake: fake.next_status(429, retry_after="30"), "rate_limited"),
        (lambda fake: fake.next_delay(1.0), "timeout"),
    ],
)
async def test_a_bad_answer_falls_back_to_the_rules_and_is_counted(
    fake: FakeOpenAI, misbehave: Any, reason: str
) -> None:
    seen: list[str] = []
    detector, client = build_win_detector(
        settings_for(fake.url, timeout_seconds=0.3), on_fallback=seen.append
    )
    assert client is not None
    misbehave(fake)
    async with client:
        verdict = await detector.judge(NOT_A_WIN)

    assert verdict.source == "rules" and not verdict.is_win
    assert detector.fallbacks == {reason: 1} and seen == [reason]
    assert detector.model_answers == 0


async def test_after_a_429_the_endpoint_is_left_alone_for_its_retry_after(
    fake: FakeOpenAI, detector: WinDetector
) -> None:
    fake.next_status(429, retry_after="30")

    first = await detector.judge(WIN)
    second = await detector.judge(WIN)

    assert first.source == second.source == "rules" and first.is_win and second.is_win
    assert len(fake.requests) == 1
    assert detector.fallbacks == {"rate_limited": 2}


async def test_a_server_that_refuses_response_format_is_asked_without_it(
    fake: FakeOpenAI, detector: WinDetector
) -> None:
    fake.refuse_response_format = True

    first = await detector.judge(WIN)
    second = await detector.judge(NOT_A_WIN)

    assert first.source == second.source == "model"
    assert first.is_win and not second.is_win
    sent_format = ["response_format" in request.body for request in fake.requests]
    assert sent_format == [True, False, False]


async def test_an_endpoint_that_is_down_falls_back_to_the_rules() -> None:
    async with FakeOpenAI() as gone:
        url = gone.url
    detector, client = build_win_detector(settings_for(url))
    assert client is not None
    async with client:
        verdict = await detector.judge(WIN)

    assert verdict.source == "rules" and verdict.is_win and verdict.time_saved_minutes == 120
    assert detector.fallbacks == {"connection": 1}


def test_without_a_url_there_is_no_model_and_the_rules_decide() -> None:
    detector, client = build_win_detector(LlmSettings(_env_file=None))
    assert client is None and not detector.uses_model
    assert detector.judge_by_rules(WIN).is_win


def test_the_endpoint_or_its_base_url_are_both_accepted() -> None:
    assert completions_url("https://api.example.com/v1/") == (
        "https://api.example.com/v1/chat/completions"
    )
    assert completions_url("http://127.0.0.1:8080/v1/chat/completions") == (
        "http://127.0.0.1:8080/v1/chat/completions"
    )
