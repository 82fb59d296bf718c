"""`people import`: every record of the file is stored or rejected with its line and why.

Records are checked one by one (bot/people/entries.py), the same person twice in one file
keeps the first and rejects the later lines, and the rest go to the directory in batches of
a thousand, one unit of work each, where people who asked to be forgotten are rejected too.
A batch commits on its own: an import cut short can be run again (it is an upsert).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.people.csvfile import SPELLING, Rejected, Row
from bot.people.directory import BATCH, Directory
from bot.people.entries import DirectoryEntry, Problem, Source, check_entry

FORGOTTEN = "this person asked to be forgotten: not stored"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.created + self.updated


def describe(problems: list[Problem]) -> str:
    return "; ".join(f"{SPELLING.get(item.field, item.field)}: {item.message}" for item in problems)


@dataclass
class Importer:
    directory: Directory
    dry_run: bool = False
    batch: int = BATCH
    progress: Callable[[int], None] = lambda _count: None
    report: ImportReport = field(default_factory=ImportReport)
    _pending: list[tuple[int, DirectoryEntry]] = field(default_factory=list)
    _seen: dict[tuple[str, str, str], int] = field(default_factory=dict)

    async def run(self, records: Iterable[Row | Rejected]) -> ImportReport:
        """Store or reject every record; rejections come back sorted by line."""
        for record in records:
            self.take(record)
            if len(self._pending) >= self.batch:
                await self.flush()
        await self.flush()
        self.report.rejected.sort(key=lambda item: item.line)
        return self.report

    def take(self, record: Row | Rejected) -> None:
        if isinstance(record, Rejected):
            self.report.rejected.append(record)
            return
        checked = check_entry(record.values)
        if isinstance(checked, list):
            self.report.rejected.append(Rejected(record.line, describe(checked)))
            return
        ref = checked.ref
        key = (ref.platform.value, ref.tenant, ref.user_id)
        first = self._seen.setdefault(key, record.line)
        if first != record.line:
            self.report.rejected.append(
                Rejected(
                    record.line,
                    f"duplicate of line {first} (the same platform, workspace and user id); "
                    "the first is kept",
                )
            )
            return
        self._pending.append((record.line, checked))

    async def flush(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        stored = await self.directory.store(
            [entry for _line, entry in pending], source=Source.IMPORT, write=not self.dry_run
        )
        self.report.created += stored.created
        self.report.updated += stored.updated
        self.report.rejected.extend(
            Rejected(pending[index][0], FORGOTTEN) for index in stored.forgotten
        )
        self.progress(len(pending))
