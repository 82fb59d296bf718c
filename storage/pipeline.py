"""A writer lane's batch in one round trip: each unit's prepared statement sent together, in
psycopg's pipeline mode, instead of one round trip per unit.

Why: a lane shares the event loop, and every round trip waits for the loop's next pass and
costs psycopg's wait machinery, ~40 µs of CPU (bench/ingest.py). A batch of feedback writes
made one round trip per write, plus BEGIN and COMMIT; now it makes two.

How: each unit runs in a greenlet of its own until its first prepared statement
(storage/prepared.py), which it hands over here instead of executing. When every unit has
handed one over or finished, the statements go to PostgreSQL together, in unit order, after
the transaction's BEGIN, and each unit resumes with its row; the lane's COMMIT follows.
That is the same as running the units one after another: nothing but those statements
touched the database, in that order, and each unit's Python before and after them reads
nothing else from it. Where that would not hold, the batch keeps
it or gives up:
- a unit that needs the database for anything else first (SQLAlchemy's own execution) waits
  until the units before it have their rows and are finished, then runs alone, directly;
- a unit that wants a second statement after later units' statements already ran cannot be
  put back in order: the batch is `Abandoned`, rolled back, and run one unit at a time
  (storage/lane.py; units may run twice, as a deadlock retry already made them).
A failing statement or unit abandons the batch too, so a failing unit still fails alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from inspect import iscoroutine
from typing import TYPE_CHECKING, Any

from greenlet import getcurrent, greenlet  # type: ignore[import-untyped]
from sqlalchemy import Connection
from sqlalchemy.util import await_only

from storage.driver import run_sql

if TYPE_CHECKING:
    from storage.lane import Unit


class Abandoned(Exception):
    """The batch cannot run as if its units ran in order: roll back, run them one by one."""


@dataclass(frozen=True)
class Handover:
    """A prepared statement a unit hands over instead of running it."""

    query: Any
    params: Any
    fetch: bool
    run_now: Callable[[], tuple[Any, ...] | None]


class UnitGreenlet(greenlet):  # type: ignore[misc]
    """A unit of a pipelined batch. SQLAlchemy's await_only switches to the parent with what
    it awaits; the batch awaits it on the unit's behalf."""

    __sqlalchemy_greenlet_provider__ = True

    def __init__(self, run: Callable[[], None], parent: greenlet) -> None:
        super().__init__(run, parent)
        # The lane's context variables, as SQLAlchemy's own greenlets take their driver's.
        self.gr_context = parent.gr_context


def hand_over(handover: Handover) -> tuple[Any, ...] | None:
    """Run the statement with the batch if this unit is in one (its row, once all are sent);
    else right here."""
    current = getcurrent()
    if isinstance(current, UnitGreenlet):
        row: tuple[Any, ...] | None = current.parent.switch(handover)
        return row
    return handover.run_now()


@dataclass
class Waiting:
    unit: Unit
    child: UnitGreenlet
    handover: Handover


class Batch:
    """Runs in the lane's greenlet, inside the lane's transaction; raises Abandoned or the
    error of a unit, after which the caller rolls the transaction back."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.waiting: list[Waiting] = []
        self.children: list[UnitGreenlet] = []
        # BEGIN travels with the first statements, or goes alone before anything else runs.
        self.begun = False

    def run(self, units: list[Unit]) -> None:
        try:
            for unit in units:
                child = UnitGreenlet(partial(self._work, unit), getcurrent())
                self.children.append(child)
                self._follow(unit, child, child.switch(), may_wait=True)
            self._flush()
            self._begin()  # units that needed no database still commit as a transaction
        finally:
            for child in self.children:
                if not child.dead:
                    child.throw()  # GreenletExit: a unit abandoned mid-way unwinds

    def _begin(self) -> None:
        if not self.begun:
            run_sql(self.connection, "BEGIN")
            self.begun = True

    def _work(self, unit: Unit) -> None:
        unit.result = unit.work(self.connection)

    def _follow(self, unit: Unit, child: UnitGreenlet, request: Any, *, may_wait: bool) -> None:
        """Drive `child` until it finishes, or (`may_wait`) hands over its first statement."""
        while not child.dead:
            if isinstance(request, Handover):
                if may_wait:
                    self.waiting.append(Waiting(unit, child, request))
                    return
                self._begin()
                request = resume(child, request.run_now)
            else:
                # Anything else it awaits runs only after the units before it have finished.
                try:
                    self._flush()
                    self._begin()
                except BaseException:
                    if iscoroutine(request):
                        request.close()  # abandoned unawaited: no "never awaited" warning
                    raise
                request = resume(child, partial(await_only, request))
            may_wait = False

    def _flush(self) -> None:
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return
        driver: Any = self.connection.connection.driver_connection
        handovers = [entry.handover for entry in waiting]
        rows = await_only(send_together(driver, handovers, begin=not self.begun))
        self.begun = True
        for index, (entry, row) in enumerate(zip(waiting, rows, strict=True)):
            request = entry.child.switch(row)
            if entry.child.dead:
                continue
            if index < len(waiting) - 1:
                raise Abandoned("a unit wants more of the database after later units' writes")
            self._follow(entry.unit, entry.child, request, may_wait=False)


def resume(child: UnitGreenlet, get: Callable[[], Any]) -> Any:
    """Give the child what it waited for (or throw it the error it would have met)."""
    try:
        value = get()
    except Exception as error:
        return child.throw(error)
    return child.switch(value)


async def send_together(
    driver: Any, handovers: list[Handover], *, begin: bool
) -> list[tuple[Any, ...] | None]:
    """One round trip for all the statements (and BEGIN before them); Abandoned if any failed
    (the rest then did not run: PostgreSQL aborts the pipeline at the first error)."""
    cursors = []
    try:
        async with driver.pipeline():
            if begin:
                await driver.execute("BEGIN")
            for handover in handovers:
                cursor = driver.cursor()
                await cursor.execute(handover.query, handover.params)
                cursors.append(cursor)
        rows = []
        for cursor, handover in zip(cursors, handovers, strict=True):
            row = await cursor.fetchone() if handover.fetch else None
            rows.append(tuple(row) if row is not None else None)
    except Exception as error:
        raise Abandoned(f"a statement of the batch failed ({type(error).__name__})") from error
    finally:
        for cursor in cursors:
            await cursor.close()
    return rows
