"""Bearer-token check for the ingestion API: closed unless tokens are configured."""

from __future__ import annotations

import hmac

from aiohttp import web
from pydantic import SecretStr

from adapters.api.errors import json_error


class TokenCheck:
    def __init__(self, tokens: list[SecretStr]) -> None:
        self._tokens = [token.get_secret_value().encode() for token in tokens]

    @property
    def enabled(self) -> bool:
        return bool(self._tokens)

    def refuse(self, request: web.Request) -> web.Response | None:
        """The answer to send instead of serving the request, or None when it may proceed."""
        if not self._tokens:
            return json_error(
                503,
                "api_disabled",
                "ingestion API disabled: set GROUNDSWELL_API_TOKENS to enable it",
            )
        scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            return unauthorized("missing bearer token")
        candidate = presented.strip().encode()
        # Compare against every token so timing does not reveal which one nearly matched.
        matched = False
        for token in self._tokens:
            matched |= hmac.compare_digest(candidate, token)
        return None if matched else unauthorized("invalid token")


def unauthorized(message: str) -> web.Response:
    return json_error(
        401, "unauthorized", message, headers={"WWW-Authenticate": 'Bearer realm="groundswell"'}
    )
