"""Sealing stored credentials (Slack bot and user tokens) with the server's token key.

Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`): authenticated, so a value sealed
under another key is refused rather than decrypted into garbage. A sealed value is url-safe
base64 starting with "gAAAAA" (version byte 0x80 and a timestamp's zero high bytes); Slack
tokens start with "xox", so the two never look alike.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

SEALED_PREFIX = "gAAAAA"


class UnsealError(Exception):
    """A stored value was sealed under another key (GROUNDSWELL_SECRET_KEY changed?)."""


class Sealer:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    def seal(self, value: str | None) -> str | None:
        if value is None or is_sealed(value):
            return value
        return self._fernet.encrypt(value.encode()).decode("ascii")

    def unseal(self, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return self._fernet.decrypt(value.encode("ascii")).decode()
        except (InvalidToken, UnicodeError, ValueError):
            raise UnsealError("a stored credential cannot be decrypted with this key") from None


def is_sealed(value: str) -> bool:
    return value.startswith(SEALED_PREFIX)
