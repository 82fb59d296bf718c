"""With an app id, /api/messages demands a Bot Framework token; other routes stay open.

Malformed tokens are 401 with one quiet log line, never a traceback; Microsoft's keys are
fetched once and shared, and an outage of their key endpoint is 503 with Retry-After.
"""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fakes.bot_connector import FakeBotConnector
from tests.support.server import count_rows
from tests.teams.support import (
    ALICE,
    APP_ID,
    OUTBOUND_TOKEN,
    activity,
    running,
    settings_for,
    trusting,
)

TABLES = ("people", "conversations", "feedback", "wins")


def claims(fake: FakeBotConnector, **extra: Any) -> dict[str, Any]:
    token = fake.sign_token(audience=APP_ID)
    return {**jwt.decode(token, options={"verify_signature": False}), **extra}


def malformed_token(fake: FakeBotConnector, kind: str) -> str:
    """Tokens an attacker (or a broken client) sends; each once crashed or fetched keys."""
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    body = claims(fake)
    if kind == "no-kid":
        return jwt.encode(body, other_key, algorithm="RS256")
    if kind == "alg-none":
        return jwt.encode(body, None, algorithm="none", headers={"kid": fake.kid})
    if kind == "hs256":
        return jwt.encode(body, "shared-secret-guess-0123456789abc", algorithm="HS256",
                          headers={"kid": fake.kid})  # fmt: skip
    if kind == "kid-not-a-string":  # PyJWT will not write one; written by hand
        header = {"alg": "RS256", "typ": "JWT", "kid": {"x": 1}}
        parts = (json.dumps(part).encode() for part in (header, body))
        return ".".join(base64.urlsafe_b64encode(p).decode().rstrip("=") for p in parts) + ".c2ln"
    if kind == "forged-signature":
        return jwt.encode(body, other_key, algorithm="RS256", headers={"kid": fake.kid})
    if kind == "bad-header":
        return "eyJub3QganNvbg." + fake.sign_token(audience=APP_ID).split(".", 1)[1]
    return {"garbage": "garbage", "two-parts": "a.b", "empty-header": "e30.e30."}[kind]


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer garbage", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer a b", "wrong-audience"],
)
async def test_requests_without_a_valid_token_get_401_and_change_nothing(
    database_url: str, fake: FakeBotConnector, authorization: str | None
) -> None:
    if authorization == "wrong-audience":
        authorization = f"Bearer {fake.sign_token(audience='someone-else')}"
    headers = {"Authorization": authorization} if authorization else {}
    async with running(settings_for(database_url, fake, app_id=APP_ID), trusting(fake)) as server:
        status, body = await server.post_activity(
            activity(fake.service_url, text="win saved 2 hours"), headers
        )
    assert status == 401
    assert body["fields"][0]["field"] == "Authorization"
    assert set(count_rows(database_url, *TABLES).values()) == {0}
    assert fake.calls == []


@pytest.mark.parametrize(
    "kind",
    ["no-kid", "alg-none", "hs256", "kid-not-a-string", "forged-signature", "bad-header",
     "garbage", "two-parts", "empty-header"],
)  # fmt: skip
async def test_malformed_tokens_get_401_with_one_quiet_line_and_no_traceback(
    database_url: str, fake: FakeBotConnector, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    token = malformed_token(fake, kind)
    caplog.set_level(logging.DEBUG)
    async with running(settings_for(database_url, fake, app_id=APP_ID), trusting(fake)) as server:
        caplog.clear()
        status, _ = await server.post_activity(
            activity(fake.service_url, text="help"), {"Authorization": f"Bearer {token}"}
        )
        records = list(caplog.records)
    assert status == 401
    assert [r.levelno for r in records if r.name.startswith("adapters")] == [logging.INFO]
    assert not any(r.exc_info or r.levelno >= logging.WARNING for r in records)
    assert not any(token in r.getMessage() for r in records)
    assert set(count_rows(database_url, *TABLES).values()) == {0}
    assert fake.calls == []


async def test_expired_or_foreign_issuer_tokens_get_401_and_fetch_no_keys_for_strangers(
    database_url: str, fake: FakeBotConnector
) -> None:
    expired = fake.sign_token(audience=APP_ID, expires_in=-600)
    foreign = fake.sign_token(audience=APP_ID, issuer="https://evil.example.com")
    async with running(settings_for(database_url, fake, app_id=APP_ID), trusting(fake)) as server:
        status, _ = await server.post_activity(
            activity(fake.service_url, text="help"), {"Authorization": f"Bearer {foreign}"}
        )
        assert status == 401
        assert fake.key_fetches == 0  # an issuer we do not trust never makes us fetch
        status, _ = await server.post_activity(
            activity(fake.service_url, text="help"), {"Authorization": f"Bearer {expired}"}
        )
        assert status == 401


async def test_a_valid_token_is_served_and_replies_carry_our_token(
    database_url: str, fake: FakeBotConnector
) -> None:
    token = fake.sign_token(audience=APP_ID)
    async with running(settings_for(database_url, fake, app_id=APP_ID), trusting(fake)) as server:
        status, _ = await server.post_activity(
            activity(fake.service_url, text="help"), {"Authorization": f"Bearer {token}"}
        )
        async with server.http.get(f"{server.url}/healthz") as health:
            assert health.status == 200
        async with server.http.get(f"{server.url}/api/v1/openapi.json") as spec:
            assert spec.status == 200
        person = await server.services.people.find(ALICE)
    assert status in (200, 202)
    assert person is not None
    [reply] = fake.sent_activities
    assert reply.authorization == f"Bearer {OUTBOUND_TOKEN}"
    assert "win" in reply.json["text"]


async def test_keys_are_fetched_once_and_invented_key_ids_do_not_refetch(
    database_url: str, fake: FakeBotConnector
) -> None:
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    async with running(settings_for(database_url, fake, app_id=APP_ID), trusting(fake)) as server:
        for number in range(5):
            token = fake.sign_token(audience=APP_ID)
            said = activity(fake.service_url, text="help", id=f"f:{number}")
            status, _ = await server.post_activity(said, {"Authorization": f"Bearer {token}"})
            assert status in (200, 202)
        for number in range(5):
            invented = jwt.encode(claims(fake), other_key, "RS256", headers={"kid": f"k{number}"})
            status, _ = await server.post_activity(
                activity(fake.service_url, text="help"), {"Authorization": f"Bearer {invented}"}
            )
            assert status == 401
    # One fetch for everything: the made-up kids come right after it, within the minute.
    assert fake.key_fetches == 1


async def test_a_key_endpoint_outage_is_503_with_retry_after_and_is_not_hammered(
    database_url: str, fake: FakeBotConnector, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_keys(503)
    token = fake.sign_token(audience=APP_ID)
    async with running(settings_for(database_url, fake, app_id=APP_ID), trusting(fake)) as server:
        answers = []
        for _ in range(5):
            async with server.http.post(
                f"{server.url}/api/messages",
                json=activity(fake.service_url, text="help"),
                headers={"Authorization": f"Bearer {token}"},
            ) as response:
                answers.append((response.status, response.headers.get("Retry-After")))
    assert {status for status, _ in answers} == {503}
    assert all(retry is not None and 1 <= int(retry) <= 30 for _, retry in answers)
    assert fake.key_fetches == 1  # the failure is remembered, not retried per request
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and not warnings[0].exc_info
    assert set(count_rows(database_url, *TABLES).values()) == {0}


async def test_the_token_must_be_for_the_activitys_service_url(
    database_url: str, fake: FakeBotConnector
) -> None:
    # A real token Microsoft issued for another service URL, replayed with ours.
    token = fake.sign_token(audience=APP_ID, service_url="https://smba.trafficmanager.net/emea/")
    async with running(settings_for(database_url, fake, app_id=APP_ID), trusting(fake)) as server:
        status, body = await server.post_activity(
            activity(fake.service_url, text="help"), {"Authorization": f"Bearer {token}"}
        )
    assert (status, body["fields"][0]["field"]) == (401, "serviceUrl")
    assert set(count_rows(database_url, *TABLES).values()) == {0}
    assert fake.calls == []


async def test_with_auth_on_a_non_microsoft_service_url_is_refused_before_the_turn(
    database_url: str, fake: FakeBotConnector
) -> None:
    elsewhere = "https://attacker.example.com/"
    token = fake.sign_token(audience=APP_ID, service_url=elsewhere)
    async with running(settings_for(database_url, app_id=APP_ID), trusting(fake)) as server:
        status, body = await server.post_activity(
            activity(elsewhere, text="help"), {"Authorization": f"Bearer {token}"}
        )
    assert (status, body["fields"][0]["field"]) == (403, "serviceUrl")
    assert set(count_rows(database_url, *TABLES).values()) == {0}


@pytest.mark.parametrize(
    ("endorsed", "served"), [(["msteams", "webchat"], True), (["webchat"], False)]
)
async def test_the_signing_key_must_be_endorsed_for_the_channel(
    database_url: str, endorsed: list[str], served: bool
) -> None:
    async with FakeBotConnector(endorsements=endorsed) as fake:
        token = fake.sign_token(audience=APP_ID)
        settings = settings_for(database_url, fake, app_id=APP_ID)
        async with running(settings, trusting(fake)) as server:
            status, _ = await server.post_activity(
                activity(fake.service_url, text="help"), {"Authorization": f"Bearer {token}"}
            )
        assert (status in (200, 202)) is served
        assert (len(fake.sent_activities) == 1) is served
