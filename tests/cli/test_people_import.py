"""`groundswell people import` as an operator runs it: a real process on each database, every
row stored or reported by its line, and nothing that a file can hold makes it crash."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from bot.records import PersonRef, Platform
from bot.services import build_services
from storage.database import sync_url
from tests.cli.support import run
from tests.support.server import make_settings

HEADER = "Timezone,Department,Name,Email,User ID,Platform"


def people(database_url: str) -> dict[str, dict[str, Any]]:
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT * FROM people")).mappings().all()
    finally:
        engine.dispose()
    return {row["user_id"]: dict(row) for row in rows}


def import_file(
    tmp_path: Path, database_url: str, content: str | bytes, *flags: str
) -> tuple[int, list[str], str]:
    path = tmp_path / "people.csv"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    result = run("people", "import", path, "--database-url", database_url, *flags, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout.splitlines(), result.stderr


async def test_rows_are_stored_or_reported_by_line_with_the_reason(
    database_url: str, tmp_path: Path
) -> None:
    services = build_services(make_settings(database_url))
    await services.people.see(PersonRef(platform=Platform.SLACK, tenant="T1", user_id="UGONE"))
    await services.people.forget(PersonRef(platform=Platform.SLACK, tenant="T1", user_id="UGONE"))
    await services.close()
    content = "\n".join(
        [
            HEADER,
            "Europe/Berlin,Finance,Ann,ann@example.com,U1,slack",
            "UTC,IT,Bob,,U2,Slack",
            "Mars/Olympus,IT,Cy,,U3,slack",
            ",,,,,fax",
            "UTC,,,,,slack",
            f",{'D' * 256},,,U4,slack",
            ",Legal,Ann again,,U1,slack",
            ",,,,UGONE,slack",
            ",,,,,",
            '"Asia/Tokyo","Ops","Dee\nDee",,U5,slack',
            "",
        ]
    )
    code, lines, err = import_file(tmp_path, database_url, content, "--workspace", "T1")
    assert code == 1
    assert lines == [
        "line 4: timezone: is not an IANA timezone (e.g. Europe/Berlin)",
        "line 5: platform: must be slack or teams; user id: is empty",
        "line 6: user id: is empty",
        "line 7: department: 256 characters; at most 255",
        "line 8: duplicate of line 2 (the same platform, workspace and user id); the first is kept",
        "line 9: this person asked to be forgotten: not stored",
    ]
    assert "stored 3 people (3 new, 0 updated); rejected 6 rows" in err
    stored = people(database_url)
    assert set(stored) == {"U1", "U2", "U5"}
    ann = stored["U1"]
    assert (ann["tenant"], ann["email"], ann["display_name"], ann["department"]) == (
        "T1",
        "ann@example.com",
        "Ann",
        "Finance",
    )
    assert (ann["timezone"], ann["timezone_source"], ann["department_source"]) == (
        "Europe/Berlin",
        "import",
        "import",
    )
    assert stored["U5"]["display_name"] == "Dee\nDee"


def test_a_second_import_updates_and_keeps_what_it_leaves_empty(
    database_url: str, tmp_path: Path
) -> None:
    first = "platform,user id,workspace,department,email\nslack,U1,T1,Finance,a@example.com\n"
    assert import_file(tmp_path, database_url, first)[0] == 0
    second = "platform,user id,workspace,department,email\nslack,U1,T1,Legal,\nteams,29:x,g,,\n"
    code, lines, err = import_file(tmp_path, database_url, second)
    assert (code, lines) == (0, [])
    assert "stored 2 people (1 new, 1 updated)" in err
    stored = people(database_url)
    assert (stored["U1"]["department"], stored["U1"]["email"]) == ("Legal", "a@example.com")


def test_a_dry_run_reports_and_stores_nothing(database_url: str, tmp_path: Path) -> None:
    content = "platform,user id\nslack,U1\nslack,\n"
    code, lines, err = import_file(tmp_path, database_url, content, "--workspace=T1", "--dry-run")
    assert (code, lines) == (1, ["line 3: user id: is empty"])
    assert "would store 1 person (1 new, 0 updated)" in err
    assert people(database_url) == {}


@pytest.mark.parametrize(
    ("content", "flags", "message"),
    [
        ("platform,email\nslack,a@b.c\n", (), "line 1: missing columns: user id, workspace"),
        ("platform,user id,user\n", ("--workspace", "T1"), "'user id' appears twice"),
        ("slack,U1,,,,UTC\n", (), "no header row and no --workspace"),
        ("", (), "the file is empty"),
        ("platform,user id\n", ("--workspace", " "), "--workspace: is empty"),
    ],
)
def test_a_file_that_cannot_be_read_changes_nothing_and_says_why(
    database_url: str, tmp_path: Path, content: str, flags: tuple[str, ...], message: str
) -> None:
    code, lines, err = import_file(tmp_path, database_url, content, *flags)
    assert (code, lines) == (2, [])
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert people(database_url) == {}


def test_an_old_schema_is_refused_before_reading(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    code, _lines, err = import_file(tmp_path, url, "platform,user id\nslack,U1\n", "--workspace=T")
    assert code == 2
    assert "run `groundswell db upgrade` first" in err


cells = st.text(max_size=10) | st.sampled_from(
    ["slack", "teams", "Teams", "UTC", "Europe/Berlin", "Mars/X", "a@b.c", "", " ", '"', "\n"]
)
user_ids = st.sampled_from(["U1", "U2", "U3", " U1 ", "", "29:a"]) | st.text(max_size=6)
records = st.lists(
    st.tuples(
        st.sampled_from(["slack", "teams", "fax", ""]) | cells,
        user_ids,
        cells,
        cells,
        st.sampled_from(["UTC", "Asia/Tokyo", "", "Nowhere"]) | cells,
        st.booleans(),  # a stray byte that is not UTF-8 in the name
    ),
    max_size=12,
)
LINE_BREAK = re.compile(r"\r\n|\r|\n")
EXAMPLES = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@EXAMPLES
@given(rows=records)
def test_any_rows_are_each_stored_or_reported_by_line(
    database_url: str, tmp_path: Path, rows: list[tuple[str, str, str, str, str, bool]]
) -> None:
    engine = create_engine(sync_url(database_url))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM people"))
    engine.dispose()
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["platform", "user id", "department", "name", "timezone"])
    starts: list[int] = []
    for platform, user, department, name, zone, _stray in rows:
        before = out.getvalue()
        cells = [platform, user, department, "\x7fSTRAY\x7f" if _stray else name, zone]
        writer.writerow(cells)
        if any(cell.strip() for cell in cells):
            starts.append(len(LINE_BREAK.findall(before)) + 1)
    content = (
        out.getvalue().encode("utf-8", errors="surrogatepass").replace(b"\x7fSTRAY\x7f", b"\xff")
    )
    code, lines, err = import_file(tmp_path, database_url, content, "--workspace", "T1")
    assert code in (0, 1), err
    reported = [int(line.split(":")[0].removeprefix("line ")) for line in lines]
    assert reported == sorted(reported)
    assert set(reported) <= set(starts)
    stored = people(database_url)
    # Every row not reported was stored, and nothing else was.
    assert len(stored) == len(starts) - len(reported), (lines, starts, stored.keys())
    assert all(row["tenant"] == "T1" for row in stored.values())
