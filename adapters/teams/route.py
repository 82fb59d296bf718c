"""`POST /api/messages`: token, body, shape, service URL; only then the SDK runs the turn.

Everything that can refuse a request does so here, before the turn stores a person, a
conversation or a rating, and before anything is sent: a refused request changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import AgentApplication, ClaimsIdentity
from microsoft_agents.hosting.core.http import HttpResponse

from adapters.api.errors import json_error
from adapters.api.schemas import FieldError
from adapters.teams.checks import Problem, invoke_problem, parse_body, shape_problem
from adapters.teams.service_urls import ServiceUrls, same_service_url
from adapters.teams.signing_keys import KeysUnavailable
from adapters.teams.tokens import Refused, TokenChecker, Verified
from adapters.teams.translate import READERS
from adapters.teams.turns import collect_turn_failures
from adapters.web.metrics import Handler

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gate:
    """What a request must pass: a token (None only in insecure local mode) and a service URL
    we are willing to call back."""

    tokens: TokenChecker | None
    service_urls: ServiceUrls


class CheckedRequest:
    """The SDK's request protocol over a body we already read and checked, so the SDK never
    parses it again (with the Content-Type's charset, which may not exist)."""

    def __init__(self, request: web.Request, body: dict[str, Any], identity: ClaimsIdentity):
        self._request = request
        self._body = body
        self._identity = identity
        self.method = request.method
        self.headers = request.headers

    async def json(self) -> dict[str, Any]:
        return self._body

    def get_claims_identity(self) -> ClaimsIdentity:
        return self._identity

    def get_path_param(self, name: str) -> str:
        return self._request.match_info[name]


def refuse(status: int, error: str, problem: Problem, **headers: str) -> web.Response:
    # One quiet line: the reason is ours, never the request's content.
    log.info("Teams request refused (%d): %s", status, problem.message)
    return json_error(
        status,
        error,
        problem.message,
        [FieldError(field=problem.field, message=problem.message)],
        headers=headers or None,
    )


def service_url_refusal(
    body: dict[str, Any], gate: Gate, verified: Verified | None
) -> tuple[int, Problem] | None:
    """403 for a serviceUrl we will not call; 401 when the token was issued for another."""
    sent = body["serviceUrl"]
    if not gate.service_urls.allows(sent):
        return 403, Problem(
            "serviceUrl",
            "serviceUrl is not a Microsoft Bot Framework host "
            "(other origins need GROUNDSWELL_TEAMS_SERVICE_URLS)",
        )
    if verified is None:
        return None
    if verified.service_url is not None and not same_service_url(verified.service_url, sent):
        return 401, Problem("serviceUrl", "serviceUrl is not the one the token was issued for")
    if verified.endorsements is not None and body.get("channelId") not in verified.endorsements:
        return 401, Problem("channelId", "the token's key is not endorsed for this channelId")
    return None


def to_response(answer: HttpResponse) -> web.Response:
    if answer.body is not None:
        return web.json_response(answer.body, status=answer.status_code, headers=answer.headers)
    return web.Response(status=answer.status_code, headers=answer.headers)


def messages_handler(agent: AgentApplication[Any], adapter: CloudAdapter, gate: Gate) -> Handler:
    async def messages(request: web.Request) -> web.StreamResponse:
        verified: Verified | None = None
        if gate.tokens is not None:
            try:
                verified = await gate.tokens.check(request.headers.get("Authorization"))
            except Refused as refused:
                unauthorized = Problem("Authorization", refused.reason)
                return refuse(401, "unauthorized", unauthorized, **{"WWW-Authenticate": "Bearer"})
            except KeysUnavailable as unavailable:
                # Not logged per request: the key set warns once per failed fetch.
                return json_error(
                    503,
                    "unavailable",
                    "Microsoft's token signing keys cannot be fetched; try again shortly",
                    headers={"Retry-After": str(unavailable.retry_after)},
                )
        body = parse_body(await request.read())
        problem = body if isinstance(body, Problem) else shape_problem(body)
        if problem is not None:
            return refuse(400, "invalid_activity", problem)
        refusal = service_url_refusal(body, gate, verified)
        if refusal is not None:
            return refuse(refusal[0], "service_url_refused", refusal[1])
        if body["type"] not in READERS:
            # messageUpdate, messageDelete, typing, event…: nothing for us; acknowledged so
            # Teams does not retry, and never handed to the SDK (which logs their text).
            return web.Response(status=202)
        invalid = invoke_problem(body) if body["type"] == "invoke" else None
        if invalid is not None:
            return refuse(400, "invalid_activity", invalid)
        identity = (
            ClaimsIdentity(verified.claims, security_token=verified.token)
            if verified is not None
            else ClaimsIdentity()
        )
        with collect_turn_failures() as failures:
            answer = await adapter.process_request(CheckedRequest(request, body, identity), agent)
        if failures:
            raise failures[0]  # not acknowledged: the server's error handling answers
        return to_response(answer)

    return messages
