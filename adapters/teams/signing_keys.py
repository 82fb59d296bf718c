"""Microsoft's token signing keys, fetched rarely and shared by every request.

One `KeySet` per JWKS URL. Keys are kept for a day; a token naming a key we do not hold
triggers at most one refetch a minute (Microsoft rotates keys, attackers invent key ids); a
failed fetch is remembered for half a minute, during which requests that need keys get 503
with Retry-After instead of each trying again. Known keys keep working while a refresh fails.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from jwt import PyJWK, PyJWKError

log = logging.getLogger(__name__)

KEYS_LIFETIME_SECONDS = 24 * 3600
UNKNOWN_KID_REFRESH_SECONDS = 60.0
FAILURE_SECONDS = 30.0
FETCH_TIMEOUT_SECONDS = 10.0
MAX_KEYS_BYTES = 512 * 1024


@dataclass(frozen=True)
class SigningKey:
    key: PyJWK
    # Bot Framework keys list the channels they may sign for ("msteams", "webchat", …).
    endorsements: frozenset[str] | None


class KeysUnavailable(Exception):
    """Microsoft's keys could not be fetched; try again in `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("signing keys unavailable")
        self.retry_after = retry_after


class KeySet:
    def __init__(self, url: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._url = url
        self._clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._tried_at: float | None = None
        self._failed_until = 0.0
        self._lock = asyncio.Lock()
        self.fetches = 0

    async def key(self, kid: str) -> SigningKey | None:
        """The key named `kid`, None if Microsoft does not publish it; KeysUnavailable if we
        hold no usable keys and cannot fetch them now."""
        if kid in self._keys and not self._stale():
            return self._keys[kid]
        async with self._lock:  # one fetch for everyone waiting
            if self._should_fetch(kid):
                await self._fetch()
        if kid in self._keys:
            return self._keys[kid]
        if not self._keys and self._failed_until > self._clock():
            raise KeysUnavailable(max(1, round(self._failed_until - self._clock())))
        return None

    def _stale(self) -> bool:
        return self._fetched_at is None or self._clock() - self._fetched_at > KEYS_LIFETIME_SECONDS

    def _should_fetch(self, kid: str) -> bool:
        now = self._clock()
        if now < self._failed_until:
            return False
        if self._stale():
            return True
        # Fresh keys without this kid: Microsoft may have rotated, or the kid is made up.
        return (
            kid not in self._keys
            and self._tried_at is not None
            and now - self._tried_at >= UNKNOWN_KID_REFRESH_SECONDS
        )

    async def _fetch(self) -> None:
        self._tried_at = self._clock()
        self.fetches += 1
        try:
            keys = parse_keys(await download(self._url))
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            self._failed_until = self._clock() + FAILURE_SECONDS
            # The URL is Microsoft's public one (or a test's); the error kind says enough.
            log.warning(
                "could not fetch Teams token signing keys (%s); retrying in %d s",
                type(error).__name__,
                FAILURE_SECONDS,
            )
            return
        self._keys = keys
        self._fetched_at = self._clock()
        self._failed_until = 0.0


async def download(url: str) -> Any:
    timeout = aiohttp.ClientTimeout(total=FETCH_TIMEOUT_SECONDS)
    async with (
        aiohttp.ClientSession(timeout=timeout) as http,
        http.get(url, allow_redirects=False) as response,
    ):
        response.raise_for_status()
        body = bytearray()
        async for chunk in response.content.iter_chunked(64 * 1024):
            body.extend(chunk)
            if len(body) > MAX_KEYS_BYTES:
                raise ValueError("key set too large")
    return json.loads(bytes(body))


def parse_keys(document: Any) -> dict[str, SigningKey]:
    """RSA signing keys by kid; a document with none is a failed fetch, not an empty set."""
    entries = document.get("keys") if isinstance(document, dict) else None
    keys: dict[str, SigningKey] = {}
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA":
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str) or not kid:
            continue
        try:
            key = PyJWK(entry, algorithm="RS256")
        except (PyJWKError, ValueError, TypeError):
            continue
        endorsements = entry.get("endorsements")
        keys[kid] = SigningKey(
            key=key,
            endorsements=frozenset(e for e in endorsements if isinstance(e, str))
            if isinstance(endorsements, list)
            else None,
        )
    if not keys:
        raise ValueError("no usable RSA keys in the key set")
    return keys


class KeySets:
    """One cache per JWKS URL (Bot Framework public, US Government, Entra, a test issuer)."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._sets: dict[str, KeySet] = {}

    def for_url(self, url: str) -> KeySet:
        if url not in self._sets:
            self._sets[url] = KeySet(url, clock=self._clock)
        return self._sets[url]
