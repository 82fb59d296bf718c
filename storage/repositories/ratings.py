"""Writing one piece of feedback by its rater in a single PostgreSQL statement.

Why: after storage/repositories/raters.py a write was still two statements, and each costs a
round trip plus psycopg's per-execution work while the writer lane holds the GIL
(bench/ingest.py). Here the feedback row is inserted by the same statement that admits the
rater and supersedes their standing rating. Order matters to the partial unique index (one
standing rating per person and answer): the insert reads `rater`, which counts the rows of
`superseded`, so the old rating has stepped aside before the new row is written. If it ever
had not, the index would refuse the insert (a Conflict the service retries), never store two.

SQLite, and the rare turns (first contact lost to another writer), take the two-step path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import bindparam, text

from bot.records import FeedbackEvent
from storage.database import Session
from storage.prepared import Prepared
from storage.repositories import feedback, raters

# `repeat`: the event's key is recorded already (a client's retry, a redelivery). Then the
# statement changes nothing and says so, and the unit answers with the first row instead of
# failing: a failed unit costs its whole pipelined batch a rollback and two more runs
# (storage/lane.py). With 2% of requests repeating, flat out fell from ~3,000 to 1,646
# writes/s; now 2,855 (bench/ingest.py --repeats 0.02, README). The check costs 8-20 µs of
# database CPU per write (one index probe). A repeat this snapshot cannot see yet (its first
# delivery still in flight elsewhere) still ends at the unique key, and the unit rolls back.
UNLESS_REPEAT = "\n          AND NOT EXISTS (SELECT 1 FROM repeat)"
WRITE = text(
    raters.RATER_STEPS.format(  # noqa: S608 - constants joined; every value is a bound parameter
        first="repeat AS (SELECT id FROM feedback WHERE event_key = :event_key), ",
        unless=UNLESS_REPEAT,
    )
    + """, rater AS (
        SELECT coalesce((SELECT id FROM found), (SELECT id FROM created)) AS person_id,
               (SELECT id FROM standing) AS standing_id,
               (SELECT occurred_at FROM standing) > :occurred_at AS late,
               (SELECT count(*) FROM superseded) AS stepped_aside
    ), inserted AS (
        INSERT INTO feedback (event_key, person_id, output_id, rating, comment, reason, source,
                              occurred_at, recorded_at, superseded_at, supersedes_id)
        SELECT :event_key, person_id, :feedback_output_id, :rating, :comment, :reason, :source,
               :occurred_at, :now,
               CASE WHEN late THEN CAST(:now AS timestamptz) END,
               CASE WHEN late THEN NULL ELSE standing_id END
        FROM rater WHERE person_id IS NOT NULL AND stepped_aside >= 0
        ON CONFLICT (event_key) DO NOTHING
        RETURNING id
    )
    SELECT rater.person_id, (SELECT id FROM inserted),
           (SELECT id FROM tombstone), (SELECT keyed FROM tombstone), (SELECT id FROM repeat)
    FROM rater
    """
).bindparams(*raters.TIMES, bindparam("event_key"))
PREPARED_WRITE = Prepared(WRITE)
Check = Callable[[Session], None]


@dataclass(frozen=True)
class Written:
    person_id: int
    # None: an event with this key was recorded before (a retry, a duplicate, a replica),
    # met at the unique index: the unit must roll back what it wrote.
    feedback_id: int | None


@dataclass(frozen=True)
class Repeated:
    """The event's key was recorded before, by whoever sent it, and the statement saw it and
    changed nothing: `feedback_id` is that first row."""

    feedback_id: int


def write_feedback(
    session: Session,
    *,
    event: FeedbackEvent,
    rates: bool,
    fingerprint_key: bytes,
    before_insert: Check | None = None,
) -> Written | Repeated | None:
    """Admit the rater, supersede their standing rating unless this event is late, and insert
    the event; None if they asked to be forgotten. `rates`: the event rates its output.
    `before_insert` runs once the rater is admitted (so a forgotten person is answered first),
    on the two-step path."""
    if session.dialect.name == "postgresql" and before_insert is None:
        params = raters.rater_params(
            event.person, event.output_id if rates else None, event.occurred_at, fingerprint_key
        )
        row = PREPARED_WRITE.first(session, {**params, **feedback_values(event)})
        assert row is not None  # a SELECT from the one-row `rater`
        person_id, feedback_id, tombstone, keyed, repeat_of = row
        if repeat_of is not None:
            return Repeated(int(repeat_of))
        if person_id is not None:
            return Written(int(person_id), feedback_id)
        if tombstone is not None:
            raters.honour_tombstone(session, int(tombstone), bool(keyed), params["fingerprint"])
            return None
        # Another writer created them after this statement's snapshot: nothing was written.
    return write_in_two_steps(
        session,
        event=event,
        rates=rates,
        fingerprint_key=fingerprint_key,
        before_insert=before_insert,
    )


def write_in_two_steps(
    session: Session,
    *,
    event: FeedbackEvent,
    rates: bool,
    fingerprint_key: bytes,
    before_insert: Check | None,
) -> Written | None:
    rater = raters.admit_rater(
        session,
        person=event.person,
        output_id=event.output_id if rates else None,
        occurred_at=event.occurred_at,
        fingerprint_key=fingerprint_key,
    )
    if rater is None:
        return None
    if before_insert is not None:
        before_insert(session)
    new_id = feedback.insert_feedback(
        session,
        event=event,
        person_id=rater.person_id,
        superseded=rater.late,
        supersedes=None if rater.late else rater.standing_id,
    )
    return Written(rater.person_id, new_id)


def feedback_values(event: FeedbackEvent) -> dict[str, object]:
    return {
        "event_key": event.key,
        "feedback_output_id": event.output_id,
        "rating": event.rating.value,
        "comment": event.comment,
        "reason": event.reason,
        "source": event.source.value,
    }
