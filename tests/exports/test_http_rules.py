"""What a destination's answer means, the signature receivers check, and retry timing."""

from __future__ import annotations

import random
import time

from hypothesis import given
from hypothesis import strategies as st

from adapters.api.questions import read_id
from adapters.exports.http import parse_retry_after, read_status
from adapters.exports.webhooks import secret_bytes, sign
from bot.exports.backoff import retry_delay
from bot.exports.destination import Delivered, Refused, RetryLater
from bot.exports.question_commands import read_ask
from bot.exports.questions import MAX_QUESTION
from tests.exports.support import WEBHOOK_SECRET
from tests.fakes.webhook_receiver import FakeWebhookReceiver


def test_signature_matches_the_standard_webhooks_reference_vector() -> None:
    # The example in the Standard Webhooks / Svix documentation.
    key = secret_bytes("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    body = b'{"test": 2432232314}'
    signature = sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_fake_receiver_refuses_a_changed_body_or_an_old_timestamp() -> None:
    receiver = FakeWebhookReceiver(WEBHOOK_SECRET)
    stamp = int(time.time())
    good = sign(secret_bytes(WEBHOOK_SECRET), "msg_1", stamp, b'{"a":1}')
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(stamp), "webhook-signature": good}
    assert receiver.verified(headers, b'{"a":1}')
    assert not receiver.verified(headers, b'{"a":2}')
    assert not receiver.verified(headers | {"webhook-timestamp": str(stamp - 3600)}, b'{"a":1}')


def test_statuses_decide_retry_park_or_done() -> None:
    assert read_status(200, {}) == Delivered()
    assert read_status(404, {}, ok_statuses=frozenset({404})) == Delivered()
    assert read_status(429, {"Retry-After": "7"}) == RetryLater(
        reason="http_429", after=7.0, rate_limited=True
    )
    assert read_status(503, {}) == RetryLater(reason="http_503", after=None)
    assert read_status(401, {}) == Refused(reason="http_401")
    assert read_status(302, {}) == Refused(reason="http_302: redirect not followed")


@given(st.text(max_size=40))
def test_any_retry_after_header_is_seconds_or_nothing(value: str) -> None:
    seconds = parse_retry_after(value)
    assert seconds is None or 0 <= seconds <= 3600


@given(st.integers(1, 1000), st.one_of(st.none(), st.floats(0, 10_000)))
def test_back_off_stays_under_its_cap_and_honours_retry_after(
    attempts: int, retry_after: float | None
) -> None:
    delay = retry_delay(attempts, base=1, cap=300, retry_after=retry_after, rng=random.Random(1))
    assert 0 < delay <= 330
    if retry_after is not None:
        assert min(retry_after, 300) <= delay <= max(min(retry_after, 300) * 1.1, 0.001)
    else:
        assert delay <= 300


@given(st.text(max_size=1200))
def test_whatever_follows_ask_is_a_reference_and_a_question_or_a_hint(rest: str) -> None:
    parsed = read_ask(rest)
    if isinstance(parsed, str):
        assert "ask <reference>" in parsed or "under" in parsed
    else:
        ref, question = parsed
        assert ref and " " not in ref and len(ref) <= 64
        assert question.strip() and len(question) <= MAX_QUESTION


@given(st.text(max_size=20))
def test_a_path_id_is_a_positive_database_id_or_nothing(raw: str) -> None:
    found = read_id(raw)
    assert found is None or (1 <= found <= 2**31 - 1 and str(found) == raw.lstrip("0"))
