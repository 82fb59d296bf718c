"""The server's secret and the keys derived from it, one per purpose.

One secret (GROUNDSWELL_SECRET_KEY, or the embedded database's key file) is never used as a
key itself: every purpose gets its own subkey through HKDF-SHA256 (RFC 5869), so a subkey
that leaks (or a purpose added later) reveals nothing about the others.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from bot.settings import CoreSettings
from storage.keyfile import KeyFileError, read_or_create_secret

# HKDF's extract salt: fixed, so the same secret always gives the same keys.
SALT = b"groundswell"
FINGERPRINTS = b"groundswell/forget-fingerprints/v1"
TOKENS = b"groundswell/platform-tokens/v1"
PSEUDONYMS = b"groundswell/export-pseudonyms/v1"


class SecretKeyUnavailable(Exception):
    """No usable secret: the message is one line naming GROUNDSWELL_SECRET_KEY or the file."""


@dataclass(frozen=True, repr=False)
class ServerKeys:
    """Subkeys of the server secret; `repr` is withheld so no log or traceback shows them."""

    fingerprints: bytes  # HMAC-SHA256 key of forget tombstones
    tokens: bytes  # Fernet key (url-safe base64) sealing stored platform tokens
    pseudonyms: bytes  # HMAC key for stable pseudonyms in exports

    def __repr__(self) -> str:
        return "ServerKeys(<withheld>)"


def derive_key(secret: str, purpose: bytes) -> bytes:
    """HKDF-SHA256 with one 32-byte output block: extract, then expand for the purpose."""
    prk = hmac.new(SALT, secret.encode(), hashlib.sha256).digest()
    return hmac.new(prk, purpose + b"\x01", hashlib.sha256).digest()


def derive_keys(secret: str) -> ServerKeys:
    return ServerKeys(
        fingerprints=derive_key(secret, FINGERPRINTS),
        tokens=base64.urlsafe_b64encode(derive_key(secret, TOKENS)),
        pseudonyms=derive_key(secret, PSEUDONYMS),
    )


def load_server_keys(core: CoreSettings) -> ServerKeys:
    """From GROUNDSWELL_SECRET_KEY, else from (or into) the embedded database's key file."""
    if core.secret_key is not None:
        return derive_keys(core.secret_key.get_secret_value().strip())
    try:
        secret = read_or_create_secret(core.database_url)
    except KeyFileError as error:
        raise SecretKeyUnavailable(f"GROUNDSWELL_SECRET_KEY: unset, and {error}") from None
    except OSError as error:
        raise SecretKeyUnavailable(
            "GROUNDSWELL_SECRET_KEY: unset, and the key file beside the database cannot be "
            f"written ({type(error).__name__}); set it, or make that folder writable"
        ) from None
    if secret is None:
        raise SecretKeyUnavailable("GROUNDSWELL_SECRET_KEY: is required with PostgreSQL")
    return derive_keys(secret)
