"""Reading the people CSV: its header, then each record with the line it starts on.

    platform,user id,email,name,department,timezone[,workspace]

With a header row, its names may come in any order and in any case; `user_id`, `User ID`
and `user-id` are the same name, and a few common aliases are understood (ALIASES). Without
one (the first cell is not a column name), the columns are in the order above. Unknown
columns are reported and ignored. A record that cannot be read becomes a `Rejected` with
its line number; nothing here raises past the header.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

ORDER = ("platform", "user_id", "email", "name", "department", "timezone", "workspace")
ALIASES = {
    "platform": "platform",
    "user id": "user_id",
    "userid": "user_id",
    "user": "user_id",
    "email": "email",
    "e mail": "email",
    "email address": "email",
    "name": "name",
    "display name": "name",
    "full name": "name",
    "department": "department",
    "dept": "department",
    "timezone": "timezone",
    "time zone": "timezone",
    "tz": "timezone",
    "workspace": "workspace",
    "tenant": "workspace",
    "tenant id": "workspace",
    "team": "workspace",
    "team id": "workspace",
    "workspace id": "workspace",
}
SPELLING = {name: name.replace("_", " ") for name in ORDER}
HEADERLESS = "platform, user id, email, name, department, timezone[, workspace]"
SEPARATORS = re.compile(r"[\s_\-]+")


class HeaderProblem(Exception):
    """The file cannot be read as a people list at all: one line saying why."""


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    values: dict[str, str | None]


@dataclass(frozen=True, slots=True)
class Rejected:
    line: int
    reason: str


@dataclass
class Layout:
    columns: list[str | None]  # the field each cell holds; None for an ignored column
    has_header: bool
    ignored: list[str] = field(default_factory=list)


def column_key(cell: str) -> str:
    return SEPARATORS.sub(" ", cell.strip().lower()).strip()


def read_layout(first: list[str], *, workspace_given: bool) -> Layout:
    keys = [column_key(cell) for cell in first]
    if not keys or keys[0].lstrip("\ufeff") not in ALIASES:
        return Layout(columns=list(ORDER), has_header=False)
    keys[0] = keys[0].lstrip("\ufeff")
    columns: list[str | None] = []
    ignored: list[str] = []
    for cell, key in zip(first, keys, strict=True):
        name = ALIASES.get(key)
        if name is not None and name in columns:
            raise HeaderProblem(f"line 1: the column {SPELLING[name]!r} appears twice")
        if name is None:
            ignored.append(cell.strip() or "(blank)")
        columns.append(name)
    required = ["platform", "user_id"] + ([] if workspace_given else ["workspace"])
    missing = [SPELLING[name] for name in required if name not in columns]
    if missing:
        hint = "" if workspace_given else " (or give --workspace for a one-workspace file)"
        raise HeaderProblem(
            f"line 1: missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"
            f"{hint}; the header names are: {', '.join(SPELLING[name] for name in ORDER)}"
        )
    return Layout(columns=columns, has_header=True, ignored=ignored)


def read_records(
    lines: Iterable[str], *, workspace: str | None
) -> tuple[Layout, Iterator[Row | Rejected]]:
    """The layout (HeaderProblem if the header is unusable) and every record after it."""
    reader = csv.reader(iter(lines), strict=False)
    first, start = _first_record(reader)
    if first is None:
        raise HeaderProblem("the file is empty")
    layout = read_layout(first, workspace_given=workspace is not None)
    if layout.has_header:
        records = _records(reader)
    else:
        if len(first) < len(ORDER) and workspace is None:
            raise HeaderProblem(
                "line 1: no header row and no --workspace: add a header naming the columns "
                f"({', '.join(SPELLING[name] for name in ORDER)}), or give --workspace"
            )
        records = _chain(start, first, _records(reader))
    return layout, _rows(layout, records, workspace)


def _first_record(reader: Iterator[list[str]]) -> tuple[list[str] | None, int]:
    for line, cells in _records(reader):
        if isinstance(cells, list):
            return cells, line
        raise HeaderProblem(f"line {line}: {cells}")
    return None, 0


def _chain(
    line: int, cells: list[str], rest: Iterator[tuple[int, list[str] | str]]
) -> Iterator[tuple[int, list[str] | str]]:
    yield line, cells
    yield from rest


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str] | str]]:
    """(line the record starts on, its cells or why it cannot be read); blank lines skipped."""
    line_num = 0
    while True:
        start = getattr(reader, "line_num", line_num) + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            end = getattr(reader, "line_num", start)
            span = f" (lines {start}-{end})" if end > start else ""
            yield start, f"not readable as CSV: {error}{span}"
            continue
        if any(cell.strip() for cell in cells):
            yield start, cells


def _rows(
    layout: Layout, records: Iterator[tuple[int, list[str] | str]], workspace: str | None
) -> Iterator[Row | Rejected]:
    width = len(layout.columns)
    for line, cells in records:
        if isinstance(cells, str):
            yield Rejected(line, cells)
            continue
        if layout.has_header and len(cells) != width:
            yield Rejected(line, f"{len(cells)} cells where the header has {width}")
            continue
        if not layout.has_header and len(cells) not in (width - 1, width):
            yield Rejected(line, f"{len(cells)} cells; without a header: {HEADERLESS}")
            continue
        values: dict[str, str | None] = {
            name: cell for name, cell in zip(layout.columns, cells, strict=False) if name
        }
        if workspace is not None and not (values.get("workspace") or "").strip():
            values["workspace"] = workspace
        yield Row(line, values)
