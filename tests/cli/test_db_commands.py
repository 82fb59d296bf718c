"""`groundswell db upgrade|downgrade`: a revision that does not exist, or a database that cannot
be reached, is one line and changes nothing; relative steps work as the help says."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.migrate import alembic_config, current_revision, head_revision
from tests.cli.support import error_lines, run
from tests.support.postgres import free_port


def one_before_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_revision(head_revision())
    assert head is not None and isinstance(head.down_revision, str)
    return head.down_revision


@pytest.mark.parametrize("command", ["upgrade", "downgrade"])
def test_unknown_revision_is_one_line_listing_the_known_ones(tmp_path: Path, command: str) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    assert run("db", "upgrade", "--database-url", url, cwd=tmp_path).returncode == 0
    result = run("db", command, "9999", "--database-url", url, cwd=tmp_path)
    assert result.returncode == 2
    [line] = error_lines(result)
    assert line.startswith("unknown revision '9999': choose one of base, ")
    assert f"{head_revision()} (head)" in line
    assert current_revision(url) == head_revision()  # nothing changed


def test_downgrade_by_a_relative_step_as_the_help_says(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    assert run("db", "upgrade", "--database-url", url, cwd=tmp_path).returncode == 0
    result = run("db", "downgrade", "-1", "--database-url", url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert error_lines(result) == [f"database {url} at revision {one_before_head()}"]
    assert current_revision(url) == one_before_head()
    beyond = run("db", "downgrade", "-99", "--database-url", url, cwd=tmp_path)
    assert beyond.returncode == 2
    [line] = error_lines(beyond)
    assert line.startswith("cannot migrate to '-99': ")
    assert current_revision(url) == one_before_head()


def test_downgrade_to_base_says_so(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    assert run("db", "upgrade", "--database-url", url, cwd=tmp_path).returncode == 0
    result = run("db", "downgrade", "base", "--database-url", url, cwd=tmp_path)
    assert error_lines(result) == [f"database {url} at revision base"]


@pytest.mark.parametrize(
    "command", [["db", "upgrade"], ["db", "downgrade", "base"], ["serve", "--port", "0"]]
)
def test_unreachable_postgresql_is_one_line(tmp_path: Path, command: list[str]) -> None:
    url = f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none"
    result = run(*command, "--database-url", url, cwd=tmp_path)
    assert result.returncode == 1
    lines = [line for line in error_lines(result) if line != "settings: ok"]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "127.0.0.1" in lines[0] and "connection" in lines[0].lower()
