"""Reading the people CSV: headers in any order and case, clear words for what is missing,
and every record after the header coming out as a row or a rejection with its own line."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.people.csvfile import HeaderProblem, Rejected, Row, read_records
from bot.people.entries import DirectoryEntry, check_entry


def records(text: str, workspace: str | None = None) -> list[Row | Rejected]:
    _layout, found = read_records(io.StringIO(text, newline=""), workspace=workspace)
    return list(found)


def test_a_header_in_any_order_and_case_with_aliases() -> None:
    text = "TZ,Department,User_ID,e-mail,Platform,Full Name,Team ID\n"
    text += "UTC,Finance,U1,a@example.com,SLACK,Ann,T1\n"
    [row] = records(text)
    assert isinstance(row, Row) and row.line == 2
    checked = check_entry(row.values)
    assert isinstance(checked, DirectoryEntry)
    assert (checked.ref.platform.value, checked.ref.tenant, checked.ref.user_id) == (
        "slack",
        "T1",
        "U1",
    )
    assert (checked.email, checked.name, checked.department, checked.timezone) == (
        "a@example.com",
        "Ann",
        "Finance",
        "UTC",
    )


def test_what_is_missing_is_named() -> None:
    with pytest.raises(HeaderProblem, match=r"missing columns: user id, workspace \(or give"):
        records("platform,email\nslack,a@b.c\n")
    # --workspace stands in for the workspace column.
    with pytest.raises(HeaderProblem, match=r"missing column: user id; the header names are"):
        records("platform,email\n", workspace="T1")
    with pytest.raises(HeaderProblem, match="'user id' appears twice"):
        records("platform,user id,userid\n", workspace="T1")
    with pytest.raises(HeaderProblem, match="empty"):
        records("\n\n")


def test_a_file_without_a_header_is_read_in_the_documented_order() -> None:
    found = records("slack,U1,,Ann,Finance,UTC\nslack,U2,,,,\nteams,29:x\n", workspace="T1")
    assert [type(item).__name__ for item in found] == ["Row", "Row", "Rejected"]
    assert found[0].values["workspace"] == "T1"  # type: ignore[union-attr]
    assert found[2] == Rejected(3, "2 cells; without a header: platform, user id, email, name, "
                                   "department, timezone[, workspace]")  # fmt: skip
    with pytest.raises(HeaderProblem, match="no header row and no --workspace"):
        records("slack,U1,,Ann,Finance,UTC\n")


def test_rows_report_their_own_first_line_across_quoted_newlines() -> None:
    text = 'platform,user id,name,workspace\nslack,U1,"two\nlines",T1\n\n,,,\nslack,U2,x\n'
    found = records(text)
    assert [(type(item).__name__, item.line) for item in found] == [("Row", 2), ("Rejected", 6)]


def test_each_field_problem_is_named() -> None:
    values = {
        "platform": "fax",
        "workspace": " ",
        "user_id": "U" * 256,
        "email": "not-an-address",
        "name": "a\x00b",
        "department": "\udcff",
        "timezone": "Mars/Olympus",
    }
    problems = check_entry(values)
    assert isinstance(problems, list)
    assert [str(problem) for problem in problems] == [
        "user_id: 256 characters; at most 255",
        "name: must not contain NUL characters",
        "department: is not valid UTF-8",
        "platform: must be slack or teams",
        "workspace: is empty; give the Slack team id or Teams tenant id",
        "email: is not an email address (name@example.com)",
        "timezone: is not an IANA timezone (e.g. Europe/Berlin)",
    ]


cells = st.text(max_size=12) | st.sampled_from(
    ["slack", "teams", "Europe/Berlin", "a@b.c", "", " ", '"', ",", "\n", "\r\n", "\x00", "\udcff"]
)
rows = st.lists(st.lists(cells, min_size=0, max_size=9), max_size=25)
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@given(rows=rows, header=st.permutations(["platform", "user id", "name", "workspace", "tz"]))
def test_every_record_is_a_row_or_a_rejection_at_its_own_line(
    rows: list[list[str]], header: list[str]
) -> None:
    out = io.StringIO(newline="")
    # "\r\n": the writer then quotes every cell holding either character, as Excel does.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    starts = []
    for cells_of_row in rows:
        before = out.getvalue()
        writer.writerow(cells_of_row)
        if any(cell.strip() for cell in cells_of_row):
            starts.append(len(LINE_BREAK.findall(before)) + 1)
    found = records(out.getvalue())
    assert [item.line for item in found] == starts
    for item in found:
        if isinstance(item, Row):
            check_entry(item.values)  # never raises: an entry or a list of problems
