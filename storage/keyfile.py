"""The embedded database's own secret: a 0600 file beside the SQLite file, made on first use.

`groundswell serve` must work with no set-up, yet forget fingerprints and stored tokens need a
server secret. With SQLite the secret can live where the data lives: whoever can read the key
file can read the database anyway, and a backup that copies the folder keeps both. PostgreSQL
has no such place, so there the operator sets GROUNDSWELL_SECRET_KEY.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

from storage.database import is_sqlite

KEY_BYTES = 32
SUFFIX = ".key"


class KeyFileError(Exception):
    """The key file exists but cannot be used; the message names the file, never its content."""


def key_file_for(url: str) -> Path | None:
    """`groundswell.db.key` beside `groundswell.db`; None for PostgreSQL or in-memory SQLite."""
    if not is_sqlite(url):
        return None
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database)
    return path.with_name(path.name + SUFFIX)


def read_or_create_secret(url: str) -> str | None:
    """The embedded database's secret, generating it on first use; None off SQLite.

    An in-memory database lives and dies with the process, and so does its secret.
    """
    if not is_sqlite(url):
        return None
    path = key_file_for(url)
    if path is None:
        return secrets.token_urlsafe(KEY_BYTES)
    if not path.exists():
        create_key_file(path)
    return read_key_file(path)


def create_key_file(path: Path) -> None:
    """Write a fresh secret atomically: written in full to a private temporary file, then
    linked into place, so a second process starting at the same moment reads a whole key
    (the link fails for the loser, who then reads the winner's)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # whatever the umask says
        os.write(descriptor, (secrets.token_urlsafe(KEY_BYTES) + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def read_key_file(path: Path) -> str:
    try:
        secret = path.read_text().strip()
    except (OSError, UnicodeDecodeError) as error:
        raise KeyFileError(f"cannot read the key file {path}: {type(error).__name__}") from None
    if len(secret) < KEY_BYTES:
        raise KeyFileError(
            f"the key file {path} is damaged (too short); restore it from a backup, "
            "or set GROUNDSWELL_SECRET_KEY to the secret it held"
        )
    return secret
