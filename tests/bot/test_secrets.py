"""GROUNDSWELL_SECRET_KEY: generated beside the embedded database, required on PostgreSQL,
and never used as a key itself (one derived key per purpose)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.configure import SettingsError, load_settings
from bot.secrets import SecretKeyUnavailable, derive_keys, load_server_keys
from bot.settings import CoreSettings

GROUNDSWELL = str(Path(sys.executable).with_name("groundswell"))
POSTGRES_URL = "postgresql+psycopg://nobody@127.0.0.1:1/none"


@pytest.fixture
def no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GROUNDSWELL_SECRET_KEY", raising=False)


def core(url: str, **values: str) -> CoreSettings:
    return CoreSettings(_env_file=None, database_url=url, **values)  # type: ignore[arg-type]


@pytest.mark.usefixtures("no_secret")
def test_embedded_default_generates_a_private_key_file_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'groundswell.db'}"
    first = load_server_keys(core(url))
    key_file = tmp_path / "groundswell.db.key"
    mode = stat.S_IMODE(key_file.stat().st_mode)
    again = load_server_keys(core(url))
    other = load_server_keys(core(f"sqlite:///{tmp_path / 'other.db'}"))
    assert mode == 0o600
    assert (first.fingerprints, first.tokens) == (again.fingerprints, again.tokens)
    assert first.fingerprints != other.fingerprints
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


@pytest.mark.usefixtures("no_secret")
def test_processes_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'groundswell.db'}"
    results: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: results.append(load_server_keys(core(url)).tokens))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8 and len(set(results)) == 1


def test_a_set_secret_wins_over_the_key_file(tmp_path: Path) -> None:
    secret = "an-operator-chosen-secret-0123456789abcdef"
    keys = load_server_keys(core(f"sqlite:///{tmp_path / 'g.db'}", secret_key=secret))
    assert keys.fingerprints == derive_keys(secret).fingerprints
    assert not (tmp_path / "g.db.key").exists()


@pytest.mark.usefixtures("no_secret")
def test_postgresql_without_a_secret_is_one_settings_line(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(None, database_url=POSTGRES_URL)
    assert refused.value.problems == [
        "GROUNDSWELL_SECRET_KEY: is required with PostgreSQL (e.g. the output of "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
    ]
    result = subprocess.run(
        [GROUNDSWELL, "check", "--database-url", POSTGRES_URL],
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if not k.startswith("GROUNDSWELL_")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "configuration error " + refused.value.problems[0]
    ]


@pytest.mark.parametrize("weak", ["changeme", "short-secret", "   "])
def test_weak_secrets_are_refused(weak: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(None, database_url="sqlite:///x.db", secret_key=weak)
    assert refused.value.problems[0].startswith("GROUNDSWELL_SECRET_KEY: ")


def test_each_purpose_gets_its_own_key_and_none_is_the_secret() -> None:
    secret = "an-operator-chosen-secret-0123456789abcdef"
    keys = derive_keys(secret)
    values = {keys.fingerprints, keys.tokens, keys.pseudonyms}
    assert len(values) == 3 and secret.encode() not in values
    assert "withheld" in repr(keys) and secret not in repr(keys)


@pytest.mark.usefixtures("no_secret")
def test_a_damaged_key_file_is_one_line_naming_the_setting(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "groundswell.db.key").write_text("too-short\n")
    with pytest.raises(SecretKeyUnavailable) as refused:
        load_server_keys(core(f"sqlite:///{folder / 'groundswell.db'}"))
    message = str(refused.value)
    assert message.startswith("GROUNDSWELL_SECRET_KEY: unset, and the key file")
    assert "too-short" not in message and "\n" not in message
