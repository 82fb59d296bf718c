"""Inbound Bot Framework tokens on /api/messages, checked with PyJWT against cached keys.

The SDK's own decorator fetched Microsoft's keys for every token and crashed on tokens
without a `kid`; this checker refuses anything malformed with a reason (never an exception),
fetches keys only from the issuers we trust, and shares one key cache per process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from jwt import PyJWTError

from adapters.teams.signing_keys import KeySets

BOT_FRAMEWORK_KEYS = "https://login.botframework.com/v1/.well-known/keys"
BOT_FRAMEWORK_GOV_KEYS = "https://login.botframework.azure.us/v1/.well-known/keys"
ENTRA_KEYS = "https://login.microsoftonline.com/common/discovery/v2.0/keys"
# Microsoft's own tenants whose Entra tokens Azure Bot Service sends; the Agents SDKs trust
# them by default too.
FIRST_PARTY_TENANTS = (
    "d6d49420-f39b-4df7-a1dc-d59a935871db",
    "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
    "69e9b82d-4842-4902-8d1e-abc5b98a55e8",
)
MAX_TOKEN_CHARS = 16 * 1024
MAX_KID_CHARS = 256
# Clock skew the Bot Framework SDKs allow.
LEEWAY_SECONDS = 300


def trusted_issuers(tenant: str | None) -> dict[str, str]:
    """Issuer → the key set URL its tokens are checked against."""
    issuers = {
        "https://api.botframework.com": BOT_FRAMEWORK_KEYS,
        "https://api.botframework.us": BOT_FRAMEWORK_GOV_KEYS,
    }
    for entra in (*FIRST_PARTY_TENANTS, *([tenant] if tenant else [])):
        issuers[f"https://sts.windows.net/{entra}/"] = ENTRA_KEYS
        issuers[f"https://login.microsoftonline.com/{entra}/v2.0"] = ENTRA_KEYS
    return issuers


class Refused(Exception):
    """Why a request gets 401: a fixed phrase, never the token or its claims."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Verified:
    claims: dict[str, Any]
    token: str
    endorsements: frozenset[str] | None

    @property
    def service_url(self) -> str | None:
        claimed = self.claims.get("serviceurl")
        return claimed if isinstance(claimed, str) and claimed else None


class TokenChecker:
    def __init__(self, app_id: str, issuers: Mapping[str, str], keys: KeySets) -> None:
        self._app_id = app_id.casefold()
        self._issuers = {issuer.casefold(): url for issuer, url in issuers.items()}
        self._keys = keys

    async def check(self, authorization: str | None) -> Verified:
        """The verified claims; raises Refused (401) or KeysUnavailable (503)."""
        token = bearer_token(authorization)
        header = unverified(jwt.get_unverified_header, token)
        if header.get("alg") != "RS256":
            raise Refused("token is not signed with RS256")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid or len(kid) > MAX_KID_CHARS:
            raise Refused("token names no signing key")
        payload = unverified(
            lambda raw: jwt.decode(raw, options={"verify_signature": False}), token
        )
        issuer = payload.get("iss")
        keys_url = self._issuers.get(issuer.casefold()) if isinstance(issuer, str) else None
        if keys_url is None:  # never fetch keys for an issuer a caller made up
            raise Refused("token is from an issuer we do not trust")
        if not plausible_signature(token):  # nor for a signature no RSA key could make
            raise Refused("token signature is malformed")
        signing = await self._keys.for_url(keys_url).key(kid)
        if signing is None:
            raise Refused("token is signed with a key Microsoft does not publish")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                signing.key,
                algorithms=["RS256"],
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"], "verify_aud": False},
            )
        except PyJWTError:
            raise Refused("token signature or lifetime is invalid") from None
        audience = claims.get("aud")
        if not isinstance(audience, str) or audience.casefold() != self._app_id:
            raise Refused("token is for another app")
        return Verified(claims=claims, token=token, endorsements=signing.endorsements)


# An RS256 signature is as long as the key's modulus: 256 bytes for Microsoft's 2048-bit keys
# (our test issuer's too); anything shorter cannot verify, so it never costs a key fetch.
MIN_SIGNATURE_BYTES = 256


def plausible_signature(token: str) -> bool:
    signature = token.rsplit(".", 1)[-1]
    if not signature or len(signature) * 3 // 4 < MIN_SIGNATURE_BYTES:
        return False
    try:
        jwt.utils.base64url_decode(signature.encode("ascii"))
    except (ValueError, UnicodeError, TypeError):
        return False
    return True


def bearer_token(authorization: str | None) -> str:
    if not authorization:
        raise Refused("no Authorization header")
    parts = authorization.split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        raise Refused("Authorization is not a bearer token")
    if len(parts[1]) > MAX_TOKEN_CHARS:
        raise Refused("token is too long")
    return parts[1]


def unverified(read: Any, token: str) -> dict[str, Any]:
    """The token's header or payload before its signature is checked; malformed = Refused."""
    try:
        part = read(token)
    except (PyJWTError, ValueError, TypeError, UnicodeError, RecursionError):
        raise Refused("token is malformed") from None
    if not isinstance(part, dict):
        raise Refused("token is malformed")
    return part
