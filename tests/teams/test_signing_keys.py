"""Microsoft's signing keys over time: kept for a day, refreshed at most once a minute for a
key id we do not know, a failed fetch remembered for half a minute; against the fake
connector's real key endpoint, with the clock moved by hand."""

from __future__ import annotations

import pytest

from adapters.teams.signing_keys import (
    FAILURE_SECONDS,
    KEYS_LIFETIME_SECONDS,
    UNKNOWN_KID_REFRESH_SECONDS,
    KeySet,
    KeysUnavailable,
)
from tests.fakes.bot_connector import FakeBotConnector


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_known_keys_are_fetched_once_and_kept_for_a_day(fake: FakeBotConnector) -> None:
    clock = Clock()
    keys = KeySet(fake.jwks_url, clock=clock)
    for _ in range(10):
        assert await keys.key(fake.kid) is not None
    assert fake.key_fetches == 1
    clock.now += KEYS_LIFETIME_SECONDS + 1
    assert await keys.key(fake.kid) is not None
    assert fake.key_fetches == 2


async def test_an_unknown_key_id_refreshes_at_most_once_a_minute(fake: FakeBotConnector) -> None:
    clock = Clock()
    keys = KeySet(fake.jwks_url, clock=clock)
    assert await keys.key(fake.kid) is not None
    for number in range(20):
        assert await keys.key(f"invented-{number}") is None
    assert fake.key_fetches == 1
    clock.now += UNKNOWN_KID_REFRESH_SECONDS
    for number in range(20):
        assert await keys.key(f"invented-again-{number}") is None
    assert fake.key_fetches == 2  # Microsoft may have rotated: one look, then quiet again


async def test_a_rotated_key_is_found_on_the_next_allowed_refresh(fake: FakeBotConnector) -> None:
    clock = Clock()
    keys = KeySet(fake.jwks_url, clock=clock)
    assert await keys.key(fake.kid) is not None
    fake.kid = "rotated-key"
    clock.now += UNKNOWN_KID_REFRESH_SECONDS
    assert await keys.key("rotated-key") is not None


async def test_a_failed_fetch_is_remembered_then_retried(fake: FakeBotConnector) -> None:
    clock = Clock()
    keys = KeySet(fake.jwks_url, clock=clock)
    fake.fail_keys(500)
    for _ in range(5):
        with pytest.raises(KeysUnavailable) as unavailable:
            await keys.key(fake.kid)
        assert 1 <= unavailable.value.retry_after <= FAILURE_SECONDS
    assert fake.key_fetches == 1
    fake.fail_keys(None)
    clock.now += FAILURE_SECONDS
    assert await keys.key(fake.kid) is not None
    assert fake.key_fetches == 2


async def test_known_keys_keep_working_while_a_refresh_fails(fake: FakeBotConnector) -> None:
    clock = Clock()
    keys = KeySet(fake.jwks_url, clock=clock)
    assert await keys.key(fake.kid) is not None
    fake.fail_keys(503)
    clock.now += KEYS_LIFETIME_SECONDS + 1
    for _ in range(5):
        assert await keys.key(fake.kid) is not None
    assert fake.key_fetches == 2


@pytest.mark.parametrize(
    "document", [b"not json", b"[]", b'{"keys": []}', b'{"keys": [{"kty": "RSA", "kid": 5}]}']
)
async def test_a_key_document_without_usable_keys_counts_as_a_failure(document: bytes) -> None:
    async with FakeBotConnector() as fake:
        fake.key_document = document
        keys = KeySet(fake.jwks_url, clock=Clock())
        with pytest.raises(KeysUnavailable):
            await keys.key(fake.kid)
