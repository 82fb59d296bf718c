"""Slack tokens at rest: sealed with the server's token key by the store and by migration
0006, readable only with that key, on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import psycopg
import pytest
from slack_sdk.oauth.installation_store.models.installation import Installation
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.slack.stores import ThreadedInstallationStore
from bot.secrets import derive_keys
from storage.database import Database, sync_url
from storage.migrate import current_revision, downgrade, upgrade
from tests.support import databases
from tests.support.secrets import TEST_KEYS

BOT_TOKEN = "xoxb-1111-2222-MARKERbottoken"
REFRESH = "xoxe-1-MARKERrefreshtoken" + "r" * 150  # rotating tokens are long
USER_TOKEN = "xoxp-1111-MARKERusertoken"
CLIENT_ID = "111.222"


def installation() -> Installation:
    return Installation(
        app_id="A1",
        enterprise_id=None,
        team_id="T1",
        bot_token=BOT_TOKEN,
        bot_refresh_token=REFRESH,
        bot_token_expires_in=43200,
        bot_id="B1",
        bot_user_id="UBOT",
        bot_scopes=["chat:write"],
        user_id="UINSTALLER",
        user_token=USER_TOKEN,
        installed_at=1_733_300_000.0,
    )


def raw_tokens(url: str) -> list[str]:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT bot_token, bot_refresh_token, user_token FROM slack_installations "
                    "UNION ALL SELECT bot_token, bot_refresh_token, NULL FROM slack_bots"
                )
            ).all()
    finally:
        engine.dispose()
    return [value for row in rows for value in row if value is not None]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    name = f"sealed_{tmp_path.name[-20:].replace('-', '_').lower()}"
    with psycopg.connect(databases.plain_dsn(server, "postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    databases.drop_postgres(server, name)


async def test_the_store_seals_tokens_and_only_its_key_opens_them(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    database = Database(database_url)
    engine = database.library_engine
    log = logging.getLogger("test.store")
    store = ThreadedInstallationStore(
        client_id=CLIENT_ID, engine=engine, logger=log, token_key=TEST_KEYS.tokens
    )
    given = installation()
    await store.async_save(given)
    stored = raw_tokens(database_url)
    bot = await store.async_find_bot(enterprise_id=None, team_id="T1")
    found = await store.async_find_installation(enterprise_id=None, team_id="T1")
    other_key = derive_keys("another-server-secret-0123456789abcdef").tokens
    stranger = ThreadedInstallationStore(
        client_id=CLIENT_ID, engine=engine, logger=log, token_key=other_key
    )
    with caplog.at_level(logging.WARNING):
        refused = await stranger.async_find_bot(enterprise_id=None, team_id="T1")
    await database.dispose()

    assert len(stored) == 5  # bot, refresh and user token; the bot's two in slack_bots
    assert all(value.startswith("gAAAAA") and "MARKER" not in value for value in stored)
    assert given.bot_token == BOT_TOKEN  # the caller's object still holds a usable token
    assert bot is not None and (bot.bot_token, bot.bot_refresh_token) == (BOT_TOKEN, REFRESH)
    assert found is not None
    assert (found.bot_token, found.user_token) == (BOT_TOKEN, USER_TOKEN)
    assert refused is None
    assert "cannot be unsealed" in caplog.text and "MARKER" not in caplog.text


def plain_installation_rows(url: str) -> None:
    """What slack-sdk's store wrote before 0006: tokens in plain text."""
    engine = create_engine(sync_url(url))
    common = {
        "client_id": CLIENT_ID,
        "app_id": "A1",
        "team_id": "T1",
        "bot_token": BOT_TOKEN,
        "bot_refresh_token": REFRESH,
        "bot_id": "B1",
        "bot_user_id": "UBOT",
        "is_enterprise_install": False,
        "installed_at": datetime(2026, 11, 30, 9, 0),
    }
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO slack_bots (client_id, app_id, team_id, bot_token, "
                    "bot_refresh_token, bot_id, bot_user_id, is_enterprise_install, "
                    "installed_at) VALUES (:client_id, :app_id, :team_id, :bot_token, "
                    ":bot_refresh_token, :bot_id, :bot_user_id, :is_enterprise_install, "
                    ":installed_at)"
                ),
                common,
            )
            connection.execute(
                text(
                    "INSERT INTO slack_installations (client_id, app_id, team_id, bot_token, "
                    "bot_refresh_token, bot_id, bot_user_id, is_enterprise_install, "
                    "installed_at, user_id, user_token) VALUES (:client_id, :app_id, :team_id, "
                    ":bot_token, :bot_refresh_token, :bot_id, :bot_user_id, "
                    ":is_enterprise_install, :installed_at, 'UINSTALLER', :user_token)"
                ),
                {**common, "user_token": USER_TOKEN},
            )
    finally:
        engine.dispose()


async def test_migration_0006_seals_existing_tokens_and_downgrade_opens_them(
    empty_url: str,
) -> None:
    upgrade(empty_url, "0004")
    plain_installation_rows(empty_url)
    upgrade(empty_url, "0006", token_key=TEST_KEYS.tokens)
    sealed = raw_tokens(empty_url)
    database = Database(empty_url)
    store = ThreadedInstallationStore(
        client_id=CLIENT_ID,
        engine=database.library_engine,
        logger=logging.getLogger("test.store"),
        token_key=TEST_KEYS.tokens,
    )
    found = await store.async_find_installation(enterprise_id=None, team_id="T1")
    await database.dispose()
    downgrade(empty_url, "0004", token_key=TEST_KEYS.tokens)
    opened = raw_tokens(empty_url)

    assert len(sealed) == 5 and all(value.startswith("gAAAAA") for value in sealed)
    assert found is not None
    assert (found.bot_token, found.bot_refresh_token, found.user_token) == (
        BOT_TOKEN,
        REFRESH,
        USER_TOKEN,
    )
    assert sorted(opened) == sorted([BOT_TOKEN, REFRESH, USER_TOKEN, BOT_TOKEN, REFRESH])


def test_migration_without_the_key_refuses_in_one_line_and_changes_nothing(
    empty_url: str,
) -> None:
    upgrade(empty_url, "0004")
    plain_installation_rows(empty_url)
    with pytest.raises(RuntimeError) as refused:
        upgrade(empty_url, "0006")
    message = str(refused.value)
    revision = current_revision(empty_url)
    stored = raw_tokens(empty_url)
    upgrade(empty_url, "0006", token_key=TEST_KEYS.tokens)  # and it can still go ahead

    assert "\n" not in message and "GROUNDSWELL_SECRET_KEY" in message
    assert revision == "0004"
    assert sorted(stored) == sorted([BOT_TOKEN, REFRESH, USER_TOKEN, BOT_TOKEN, REFRESH])
    assert current_revision(empty_url) == "0006"
