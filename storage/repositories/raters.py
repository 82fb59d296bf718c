"""Who is rating: find or create the person (unless they asked to be forgotten), find their
standing rating on the answer, and step it aside for a newer one.

Why one statement on PostgreSQL: each statement is a network round trip plus psycopg's
per-execution work in Python, and these steps were three to four of them per write
(bench/ingest.py). One data-modifying CTE does them all at one snapshot, with the same
outcomes under races: a person created meanwhile by another writer is read back in a second
statement, and two events superseding one rating still meet at the partial unique index, where
the loser's insert fails and the service runs it again. SQLite runs the steps one by one: its
statements cost microseconds, in process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, text

from bot.records import PersonRef
from storage.base import UtcDateTime, utcnow
from storage.database import Session
from storage.prepared import Prepared, utc_from_driver
from storage.repositories import feedback, people

# found: the person; tombstone: only looked for when they are missing; created: only when
# missing and not forgotten; standing: their rating on this answer that counts now;
# superseded: that rating steps aside unless this event is older (a late delivery).
# `standing` names the person's row directly and spells "not superseded, not retracted" as
# one coalesce on purpose: the two partial indexes over current ratings (the unique one, and
# the digest's, which leads with occurred_at) cannot serve it, so it always takes
# (person_id, output_id). On a young table whose statistics say "empty" (a fresh install,
# before autovacuum's first ANALYZE) PostgreSQL otherwise chose the digest's index and read
# all of it on every write: 190 µs of database CPU per write, growing by ~80 µs with each
# 6,000 rows, against a flat 150 µs this way (bench/ingest.py, README).
# `{first}` may add a CTE ahead of these, and `{unless}` a condition under which nothing
# is created or superseded (storage/repositories/ratings.py: a repeated event key).
RATER_STEPS = """
    WITH {first}found AS (
        SELECT id FROM people
        WHERE platform = :platform AND tenant = :tenant AND user_id = :user_id
    ), tombstone AS (
        SELECT id, keyed FROM forgotten_people
        WHERE NOT EXISTS (SELECT 1 FROM found)
          AND ((subject_hash = :fingerprint AND keyed) OR (subject_hash = :legacy AND NOT keyed))
        LIMIT 1
    ), created AS (
        INSERT INTO people (platform, tenant, user_id, opted_out, created_at, updated_at)
        SELECT :platform, :tenant, :user_id, false, :now, :now
        WHERE NOT EXISTS (SELECT 1 FROM found) AND NOT EXISTS (SELECT 1 FROM tombstone){unless}
        ON CONFLICT (platform, tenant, user_id) DO NOTHING
        RETURNING id
    ), standing AS (
        SELECT feedback.id, feedback.occurred_at FROM feedback
        WHERE feedback.person_id = (SELECT id FROM found)
          AND feedback.output_id = :output_id AND feedback.rating <> 'none'
          AND coalesce(feedback.superseded_at, feedback.retracted_at) IS NULL
    ), superseded AS (
        UPDATE feedback SET superseded_at = :now
        WHERE id = (SELECT id FROM standing WHERE occurred_at <= :occurred_at){unless}
        RETURNING id
    )"""
TIMES = (bindparam("now", type_=UtcDateTime()), bindparam("occurred_at", type_=UtcDateTime()))
# Two constants joined, no input in the text: every value is a bound parameter.
ADMIT = text(
    RATER_STEPS.format(first="", unless="")  # noqa: S608
    + """
    SELECT (SELECT id FROM found), (SELECT id FROM created),
           (SELECT id FROM tombstone), (SELECT keyed FROM tombstone),
           (SELECT id FROM standing), (SELECT occurred_at FROM standing)
    """
).bindparams(*TIMES)
PREPARED_ADMIT = Prepared(ADMIT)


@dataclass(frozen=True)
class Rater:
    person_id: int
    # Their rating that counted on this answer before this event, if any.
    standing_id: int | None
    # This event is older than that rating: it is history, and that rating still counts.
    late: bool


def admit_rater(
    session: Session,
    *,
    person: PersonRef,
    output_id: int | None,
    occurred_at: datetime,
    fingerprint_key: bytes,
) -> Rater | None:
    """The rater, created at first contact, their standing rating superseded unless this event
    is late; None if they asked to be forgotten. `output_id` None: the event rates nothing."""
    if session.dialect.name == "postgresql":
        return admit_in_one_statement(
            session,
            person=person,
            output_id=output_id,
            occurred_at=occurred_at,
            fingerprint_key=fingerprint_key,
        )
    person_id, standing = feedback.find_rater(session, person=person, output_id=output_id)
    if person_id is None:
        person_id = people.create_person(session, ref=person, fingerprint_key=fingerprint_key)
        if person_id is None:
            return None
    late = standing is not None and standing[1] > occurred_at
    if standing is not None and not late:
        # Step aside first: the index allows one standing rating at a time.
        feedback.supersede(session, feedback_id=standing[0])
    return Rater(person_id, standing[0] if standing is not None else None, late)


def admit_in_one_statement(
    session: Session,
    *,
    person: PersonRef,
    output_id: int | None,
    occurred_at: datetime,
    fingerprint_key: bytes,
) -> Rater | None:
    params = rater_params(person, output_id, occurred_at, fingerprint_key)
    row = PREPARED_ADMIT.first(session, params)
    assert row is not None  # a SELECT of scalar subqueries always has its one row
    found, created, tombstone, keyed, standing_id, standing_at = row
    person_id = found if found is not None else created
    if person_id is None:
        if tombstone is not None:
            honour_tombstone(session, int(tombstone), bool(keyed), params["fingerprint"])
            return None
        # Another writer created them after this statement's snapshot: read them back.
        person_id = people.find_person_id(session, ref=person)
        if person_id is None:  # pragma: no cover - the conflicting row cannot vanish
            raise LookupError("person disappeared during insert")
    late = standing_id is not None and (utc_from_driver(standing_at) or occurred_at) > occurred_at
    return Rater(int(person_id), standing_id, late)


def rater_params(
    person: PersonRef, output_id: int | None, occurred_at: datetime, fingerprint_key: bytes
) -> dict[str, Any]:
    keyed, legacy = people.fingerprints(person, fingerprint_key)
    return {
        **people.identity_params(person),
        "fingerprint": keyed,
        "legacy": legacy,
        "now": utcnow(),
        "output_id": output_id,
        "occurred_at": occurred_at,
    }


def honour_tombstone(session: Session, tombstone_id: int, keyed: bool, fingerprint: str) -> None:
    """They asked to be forgotten; a legacy tombstone is re-keyed on the way."""
    if not keyed:
        people.rekey_tombstone(session, tombstone_id=tombstone_id, fingerprint=fingerprint)
