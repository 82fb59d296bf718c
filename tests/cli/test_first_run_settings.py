"""A new operator's first settings: what cannot work is refused at once, in one line naming the
variable, before anything is written; what works is not refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.support import error_lines, run

GUID = "11111111-2222-3333-4444-555555555555"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def assert_refused_naming(result, named: str, says: str) -> None:  # type: ignore[no-untyped-def]
    lines = error_lines(result)
    assert result.returncode == 2, result.stderr
    assert lines == [lines[0]], f"expected one line, got: {result.stderr}"
    assert lines[0].startswith(f"configuration error {named}:"), lines[0]
    assert says in lines[0]
    assert "ok" not in result.stderr.split()  # no "settings: ok" before the refusal


@pytest.mark.parametrize(
    ("env", "named", "says"),
    [
        # Step 3 of the README's Slack set-up, before step 4 gives the bot token.
        ({"SLACK_SIGNING_SECRET": SIGNING_SECRET}, "SLACK_BOT_TOKEN", "xoxb-"),
        ({"SLACK_BOT_TOKEN": "abc"}, "SLACK_BOT_TOKEN", "must start with xoxb-"),
        (
            {"SLACK_BOT_TOKEN": "xoxp-1234-5678-abcdef", "SLACK_SIGNING_SECRET": SIGNING_SECRET},
            "SLACK_BOT_TOKEN",
            "user token",
        ),
        (
            {"SLACK_BOT_TOKEN": "xapp-1-A111-222-abc", "SLACK_SIGNING_SECRET": SIGNING_SECRET},
            "SLACK_BOT_TOKEN",
            "belongs in SLACK_APP_TOKEN",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_APP_TOKEN": "xoxb-1-2-abc"},
            "SLACK_APP_TOKEN",
            "belongs in SLACK_BOT_TOKEN",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "xoxb-1-2-abc"},
            "SLACK_SIGNING_SECRET",
            "bot token",
        ),
        (
            {"SLACK_CLIENT_SECRET": "0123456789abcdef", "SLACK_SIGNING_SECRET": SIGNING_SECRET},
            "SLACK_CLIENT_ID",
            "SLACK_CLIENT_SECRET",
        ),
        (
            {
                "SLACK_CLIENT_ID": "111.222",
                "SLACK_CLIENT_SECRET": "0123456789abcdef",
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_BOT_TOKEN": "xoxb-1-2-abc",
            },
            "SLACK_BOT_TOKEN",
            "leave it unset",
        ),
        # Socket Mode's token, but serve would run without Socket Mode and without HTTP.
        (
            {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_APP_TOKEN": "xapp-1-A1-2-abc"},
            "SLACK_APP_TOKEN",
            "--socket-mode",
        ),
        ({"GROUNDSWELL_API_TOKENS": ","}, "GROUNDSWELL_API_TOKENS", "no token"),
        (
            {"GROUNDSWELL_API_TOKENS": "a-long-enough-random-token,abc123"},
            "GROUNDSWELL_API_TOKENS",
            "token 2 of 2 has 6 characters",
        ),
        (
            {"MICROSOFT_APP_ID": GUID, "MICROSOFT_APP_PASSWORD": "a-real-client-secret"},
            "MICROSOFT_APP_TENANT_ID",
            "SingleTenant",
        ),
    ],
)
def test_unworkable_setting_is_refused_in_one_line_naming_it(
    tmp_path: Path, env: dict[str, str], named: str, says: str
) -> None:
    result = run("check", cwd=tmp_path, **env)
    assert_refused_naming(result, named, says)
    for value in env.values():  # secrets are never echoed
        assert len(value) < 4 or value not in result.stderr + result.stdout
    assert not (tmp_path / "groundswell.db").exists()


def test_serve_refuses_signing_secret_alone_before_touching_anything(tmp_path: Path) -> None:
    result = run("serve", "--port", "0", cwd=tmp_path, SLACK_SIGNING_SECRET=SIGNING_SECRET)
    assert_refused_naming(result, "SLACK_BOT_TOKEN", "SLACK_CLIENT_ID")
    assert "Traceback" not in result.stderr and "BoltError" not in result.stderr
    assert not (tmp_path / "groundswell.db").exists()


def test_serve_socket_mode_with_only_the_app_token_names_the_bot_token(tmp_path: Path) -> None:
    result = run(
        "serve", "--socket-mode", "--port", "0", cwd=tmp_path, SLACK_APP_TOKEN="xapp-1-A1-2-abc"
    )
    assert_refused_naming(result, "SLACK_BOT_TOKEN", "xoxb-")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("env", "args"),
    [
        ({"SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_BOT_TOKEN": "xoxb-1-2-abc"}, []),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_APP_TOKEN": "xapp-1-A1-2-abc"},
            ["--socket-mode"],
        ),
        (
            {
                "SLACK_BOT_TOKEN": "xoxb-1-2-abc",
                "SLACK_APP_TOKEN": "xapp-1-A1-2-abc",
                "GROUNDSWELL_SLACK_SOCKET_MODE": "true",
            },
            [],
        ),
        (
            {
                "SLACK_CLIENT_ID": "111.222",
                "SLACK_CLIENT_SECRET": "0123456789abcdef",
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            },
            [],
        ),
        ({"GROUNDSWELL_API_TOKENS": "0123456789abcdef, fedcba9876543210"}, []),
        (
            {
                "MICROSOFT_APP_ID": GUID,
                "MICROSOFT_APP_PASSWORD": "a-real-client-secret",
                "MICROSOFT_APP_TENANT_ID": GUID,
            },
            [],
        ),
        (
            {
                "MICROSOFT_APP_ID": GUID,
                "MICROSOFT_APP_PASSWORD": "a-real-client-secret",
                "MICROSOFT_APP_TYPE": "MultiTenant",
            },
            [],
        ),
        # A managed identity has no client secret to give.
        ({"MICROSOFT_APP_ID": GUID, "MICROSOFT_APP_TYPE": "UserAssignedMSI"}, []),
    ],
)
def test_workable_settings_pass_check(tmp_path: Path, env: dict[str, str], args: list[str]) -> None:
    result = run("check", *args, cwd=tmp_path, **env)
    # On to the database (an empty one here: "migrations pending", exit 1) with no refusal.
    assert error_lines(result)[0] == "settings: ok", result.stderr
    assert "configuration error" not in result.stderr


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (b"GROUNDSWELL_LOG_LEVEL\n", ".env line 1: GROUNDSWELL_LOG_LEVEL has no '='"),
        (b"# set-up\n\nGROUNDSWELL_LEADS='slack:U1\n", ".env line 3: cannot be read as NAME=value"),
        (b"GROUNDSWELL_LEADS=slack:U\xe9\n", ".env: is not UTF-8 text"),
    ],
)
def test_broken_dotenv_line_is_named_not_skipped(tmp_path: Path, text: bytes, says: str) -> None:
    (tmp_path / ".env").write_bytes(text)
    result = run("check", cwd=tmp_path)
    assert result.returncode == 2
    [line] = error_lines(result)
    assert line.startswith(f"configuration error {says}")
    assert "Traceback" not in result.stderr


def test_other_programs_lines_in_dotenv_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("# shared\nexport GROUNDSWELL_LOG_LEVEL=DEBUG\nOTHER_FLAG\n")
    assert run("db", "upgrade", cwd=tmp_path).returncode == 0
    assert run("check", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("sqlite://", "in-memory SQLite"),
        ("sqlite:///:memory:", "in-memory SQLite"),
        ("sqlite:", "is not a database URL"),
        ("sqlite:///no/such/folder/g.db", "the folder no/such/folder does not exist"),
    ],
)
def test_unusable_database_url_is_one_line_naming_it(tmp_path: Path, url: str, says: str) -> None:
    assert_refused_naming(
        run("check", cwd=tmp_path, GROUNDSWELL_DATABASE_URL=url), "GROUNDSWELL_DATABASE_URL", says
    )


@pytest.mark.parametrize("command", [["db", "upgrade"], ["serve", "--port", "0"]])
@pytest.mark.parametrize(
    ("url", "says"), [("sqlite://", "in-memory SQLite"), ("mysql://x", "must start with sqlite")]
)
def test_every_command_names_the_flag_that_gave_the_url(
    tmp_path: Path, command: list[str], url: str, says: str
) -> None:
    result = run(*command, "--database-url", url, cwd=tmp_path)
    assert_refused_naming(result, "--database-url", says)
