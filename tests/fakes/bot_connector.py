"""Fake Bot Connector (Bot Framework / Teams REST API) for tests.

Runs a real aiohttp server on 127.0.0.1 with an ephemeral port. It records every
call, answers the conversation endpoints the bot uses, can inject 429/403/404
failures, and serves OpenID metadata plus a JWKS for a local RSA key so tests
can mint inbound Bot Framework tokens with :meth:`FakeBotConnector.sign_token`.

Dependencies: aiohttp, cryptography, PyJWT.
"""

from __future__ import annotations

import itertools
import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self
from urllib.parse import unquote

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

__all__ = ["FakeBotConnector", "RecordedCall"]

OPENID_PATH = "/v1/.well-known/openidconfiguration"
JWKS_PATH = "/v1/.well-known/keys"


@dataclass(frozen=True)
class RecordedCall:
    """One HTTP request the fake received."""

    method: str
    path: str  # URL-decoded, segment by segment
    conversation_id: str | None
    activity_id: str | None
    json: Any
    authorization: str | None
    query: dict[str, str]
    status: int
    response: Any  # JSON we answered with (e.g. {"id": ...}); None for empty bodies


@dataclass
class _Failure:
    status: int
    code: str
    retry_after: int | None = None
    remaining: int | None = None  # None = until cleared


@dataclass
class _State:
    calls: list[RecordedCall] = field(default_factory=list)
    next_failures: list[_Failure] = field(default_factory=list)
    conversation_failures: dict[str, _Failure] = field(default_factory=dict)
    user_failures: dict[str, _Failure] = field(default_factory=dict)
    # activity id -> (conversation id, last body), so tests can look messages up
    activities: dict[str, tuple[str, Any]] = field(default_factory=dict)
    key_fetches: int = 0
    key_failure: int | None = None  # answer JWKS fetches with this status while set


class FakeBotConnector:
    """Loopback fake of the Bot Connector service.

    Use as ``async with FakeBotConnector() as fake:`` or call ``start()``/``stop()``.
    Point activities' ``serviceUrl`` at :attr:`service_url`.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        kid: str = "fake-connector-key",
        endorsements: list[str] | None = None,
    ) -> None:
        self._host = host
        self.kid = kid
        # Bot Framework keys list the channels they may sign for; None = like Entra (no list).
        self.endorsements = endorsements
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._state = _State()
        # Teams message ids are 13-digit epoch-millisecond strings; mimic that.
        self._ids = itertools.count(1_700_000_000_000)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        # What POST /v3/conversations answers as the new chat's serviceUrl (default: ours).
        self.created_service_url: str | None = None
        # Served as the JWKS document instead of our key, to test what the bot makes of it.
        self.key_document: bytes | None = None

    # -- lifecycle ---------------------------------------------------------

    async def start(self) -> None:
        """Start the server on an ephemeral port."""
        app = web.Application()
        app.router.add_get(OPENID_PATH, self._openid)
        app.router.add_get(JWKS_PATH, self._jwks)
        # One catch-all route: conversation ids contain ':', '@', ';' and may be
        # percent-encoded, so we split the raw path ourselves.
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop the server."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- addresses ---------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` (no trailing slash)."""
        if self._port is None:
            raise RuntimeError("FakeBotConnector is not started")
        return f"http://{self._host}:{self._port}"

    @property
    def service_url(self) -> str:
        """Value for an activity's ``serviceUrl`` (trailing slash, like Teams)."""
        return f"{self.base_url}/"

    @property
    def issuer(self) -> str:
        """Default ``iss`` of minted tokens."""
        return self.base_url

    @property
    def openid_metadata_url(self) -> str:
        return f"{self.base_url}{OPENID_PATH}"

    @property
    def jwks_url(self) -> str:
        return f"{self.base_url}{JWKS_PATH}"

    # -- recorded calls ----------------------------------------------------

    @property
    def calls(self) -> list[RecordedCall]:
        """Every request except the OpenID/JWKS fetches, in arrival order."""
        return list(self._state.calls)

    def calls_to(self, method: str, path_prefix: str = "/v3/") -> list[RecordedCall]:
        """Calls with this method whose decoded path starts with ``path_prefix``."""
        return [
            c
            for c in self._state.calls
            if c.method == method.upper() and c.path.startswith(path_prefix)
        ]

    @property
    def sent_activities(self) -> list[RecordedCall]:
        """Successful POSTs of activities (new messages and replies)."""
        return [
            c
            for c in self._state.calls
            if c.method == "POST"
            and c.conversation_id is not None
            and c.status < 300
            and "/activities" in c.path
        ]

    @property
    def key_fetches(self) -> int:
        """How many times the JWKS document was requested."""
        return self._state.key_fetches

    def reset(self) -> None:
        """Forget calls and injected failures."""
        self._state = _State()

    # -- failure injection -------------------------------------------------

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 429,
        retry_after: int | None = 1,
        code: str = "TooManyRequests",
    ) -> None:
        """Answer the next ``count`` /v3 calls with ``status`` (429 sends Retry-After)."""
        self._state.next_failures.append(
            _Failure(status=status, code=code, retry_after=retry_after, remaining=count)
        )

    def fail_conversation(
        self, conversation_id: str, *, status: int = 403, code: str | None = None
    ) -> None:
        """Answer every call on this conversation with ``status`` until cleared."""
        self._state.conversation_failures[conversation_id] = _Failure(
            status=status, code=code or _default_code(status)
        )

    def fail_user(self, user_id: str, *, status: int = 403, code: str | None = None) -> None:
        """Answer ``POST /v3/conversations`` naming this member with ``status``."""
        self._state.user_failures[user_id] = _Failure(
            status=status, code=code or _default_code(status)
        )

    def fail_keys(self, status: int | None = 503) -> None:
        """Answer JWKS fetches with ``status`` (None: serve the keys again)."""
        self._state.key_failure = status

    def clear_failures(self) -> None:
        self._state.key_failure = None
        self._state.next_failures.clear()
        self._state.conversation_failures.clear()
        self._state.user_failures.clear()

    # -- tokens ------------------------------------------------------------

    def sign_token(
        self,
        *,
        audience: str,
        issuer: str | None = None,
        app_id: str | None = None,
        expires_in: int = 3600,
        service_url: str | None = None,
        extra_claims: Mapping[str, Any] | None = None,
        kid: str | None = None,
    ) -> str:
        """Mint an RS256 token like the Bot Connector sends to the bot.

        ``audience`` is the bot's app id. ``app_id`` fills the ``appid`` claim
        (Bot Framework's own tokens omit it). The SDK allows 300 s clock skew,
        so use ``expires_in < -300`` for an expired token.
        """
        now = int(time.time())
        claims: dict[str, Any] = {
            "aud": audience,
            "iss": issuer or self.issuer,
            "nbf": now - 5,
            "iat": now - 5,
            "exp": now + expires_in,
            "jti": uuid.uuid4().hex,
            "serviceurl": service_url or self.service_url,
        }
        if app_id is not None:
            claims["appid"] = app_id
        if extra_claims:
            claims.update(extra_claims)
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": kid or self.kid})

    def jwks(self) -> dict[str, Any]:
        """The JWKS document served at :attr:`jwks_url`."""
        jwk: dict[str, Any] = RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        if self.endorsements is not None:
            jwk["endorsements"] = list(self.endorsements)
        return {"keys": [jwk]}

    # -- handlers ----------------------------------------------------------

    async def _openid(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.base_url}/v1/.well-known/authorize",
                "jwks_uri": self.jwks_url,
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _jwks(self, request: web.Request) -> web.Response:
        self._state.key_fetches += 1
        if self._state.key_failure is not None:
            return web.Response(status=self._state.key_failure, text="keys unavailable")
        if self.key_document is not None:
            return web.Response(body=self.key_document, content_type="application/json")
        return web.json_response(self.jwks())

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        # raw_path keeps %2F inside ids intact; decode each segment separately.
        raw = request.rel_url.raw_path
        segments = [unquote(s) for s in raw.split("/")[1:]]
        path = "/" + "/".join(segments)
        body: Any = None
        if request.can_read_body:
            try:
                body = await request.json()
            except ValueError:
                body = await request.text()
        conversation_id = (
            segments[2] if len(segments) >= 3 and segments[:2] == ["v3", "conversations"] else None
        )
        activity_id = (
            segments[4]
            if conversation_id is not None and len(segments) >= 5 and segments[3] == "activities"
            else None
        )

        response = self._route(request.method, segments, conversation_id, activity_id, body)
        self._state.calls.append(
            RecordedCall(
                method=request.method,
                path=path,
                conversation_id=conversation_id,
                activity_id=activity_id,
                json=body,
                authorization=request.headers.get("Authorization"),
                query=dict(request.query),
                status=response.status,
                response=json.loads(response.text) if response.text else None,
            )
        )
        return response

    def _route(
        self,
        method: str,
        segments: list[str],
        conversation_id: str | None,
        activity_id: str | None,
        body: Any,
    ) -> web.Response:
        if segments[:1] == ["v3"]:
            failure = self._take_next_failure()
            if failure is None and conversation_id is not None:
                failure = self._state.conversation_failures.get(conversation_id)
            if failure is None and segments == ["v3", "conversations"] and method == "POST":
                failure = self._user_failure(body)
            if failure is not None:
                return _error(failure)

        n = len(segments)
        if segments == ["v3", "conversations"] and method == "POST":
            return self._create_conversation(body)
        if conversation_id is not None and n >= 4 and segments[3] == "activities":
            if n == 4 and method == "POST":
                return self._store_activity(conversation_id, body, status=201)
            if n == 5 and method == "POST":  # reply to activity_id
                return self._store_activity(conversation_id, body, status=201)
            if n == 5 and method == "PUT" and activity_id is not None:
                self._state.activities[activity_id] = (conversation_id, body)
                return web.json_response({"id": activity_id}, status=200)
            if n == 5 and method == "DELETE" and activity_id is not None:
                self._state.activities.pop(activity_id, None)
                return web.Response(status=200)
        return _error(_Failure(status=404, code="NotFound"))

    def _take_next_failure(self) -> _Failure | None:
        while self._state.next_failures:
            failure = self._state.next_failures[0]
            if failure.remaining is not None and failure.remaining <= 0:
                self._state.next_failures.pop(0)
                continue
            if failure.remaining is not None:
                failure.remaining -= 1
            return failure
        return None

    def _user_failure(self, body: Any) -> _Failure | None:
        members = body.get("members") if isinstance(body, dict) else None
        for member in members or []:
            if isinstance(member, dict):
                failure = self._state.user_failures.get(str(member.get("id")))
                if failure is not None:
                    return failure
        return None

    def _new_id(self) -> str:
        return str(next(self._ids))

    def _store_activity(self, conversation_id: str, body: Any, *, status: int) -> web.Response:
        activity_id = self._new_id()
        self._state.activities[activity_id] = (conversation_id, body)
        return web.json_response({"id": activity_id}, status=status)

    def _create_conversation(self, body: Any) -> web.Response:
        conversation_id = f"a:fake-{uuid.uuid4().hex}"
        result: dict[str, Any] = {
            "id": conversation_id,
            "serviceUrl": self.created_service_url or self.service_url,
        }
        if isinstance(body, dict) and body.get("activity"):
            activity_id = self._new_id()
            self._state.activities[activity_id] = (conversation_id, body["activity"])
            result["activityId"] = activity_id
        return web.json_response(result, status=201)


def _default_code(status: int) -> str:
    # Codes Teams returns for "bot not installed for this user/conversation".
    return {403: "BotNotInConversationRoster", 404: "ConversationNotFound"}.get(status, "Error")


def _error(failure: _Failure) -> web.Response:
    headers = {}
    if failure.retry_after is not None and failure.status == 429:
        headers["Retry-After"] = str(failure.retry_after)
    return web.json_response(
        {"error": {"code": failure.code, "message": f"fake connector: {failure.code}"}},
        status=failure.status,
        headers=headers,
    )
