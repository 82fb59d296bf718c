"""Baseline servers for bench/ingest.py: what the ingestion API costs with nothing on top.

    python bench/baseline_server.py --mode bare    --port 8081
    python bench/baseline_server.py --mode sqlite3 --port 8081 --db /tmp/base.db
    python bench/baseline_server.py --mode raw-pg  --port 8081 --db postgresql://...

`bare` parses the JSON body and answers 201 {"id": n}: the cost of aiohttp alone.
`sqlite3` also INSERTs the row with the standard library's sqlite3 (WAL,
synchronous=NORMAL, one commit per request; a repeated event key is skipped, as the
PostgreSQL floor's ON CONFLICT DO NOTHING does) into a table shaped like Groundswell's
`feedback`: the floor of a one-process, one-SQLite-file design.
`raw-pg` inserts with psycopg's async driver instead (bench/raw_pg.py): the PostgreSQL floor.

Both run aiohttp the way `groundswell serve` does (plain asyncio loop, no access log),
so the differences in bench/ingest.py come from what happens inside the handler.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from raw_pg import RawPostgres

# Same columns, unique key and indexes as Groundswell's feedback table. The person is kept
# as text (no people table) and the partial "one standing rating" index is left out, because
# this baseline does not supersede older ratings and would otherwise trip over it.
SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER NOT NULL PRIMARY KEY,
    event_key VARCHAR(255) NOT NULL UNIQUE,
    person VARCHAR(255) NOT NULL,
    output_id INTEGER,
    rating VARCHAR(8) NOT NULL,
    comment TEXT,
    reason VARCHAR(64),
    source VARCHAR(16) NOT NULL,
    occurred_at DATETIME NOT NULL,
    recorded_at DATETIME NOT NULL,
    retracted_at DATETIME,
    superseded_at DATETIME,
    supersedes_id INTEGER
);
CREATE INDEX IF NOT EXISTS ix_feedback_occurred_at ON feedback (occurred_at);
CREATE INDEX IF NOT EXISTS ix_feedback_person_output ON feedback (person, output_id);
"""

INSERT = """
INSERT INTO feedback (event_key, person, output_id, rating, comment, reason, source,
                      occurred_at, recorded_at)
VALUES (?, ?, ?, ?, ?, ?, 'api', ?, ?)
ON CONFLICT (event_key) DO NOTHING
"""


def open_database(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    # The same durability settings Groundswell's storage/database.py applies.
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(SCHEMA)
    connection.commit()
    return connection


def row_values(body: dict[str, Any]) -> tuple[Any, ...]:
    now = datetime.now(UTC).isoformat()
    return (
        f"api:{body['platform']}:{body['workspace']}:{body['event_id']}",
        body["user"],
        body.get("output_id"),
        body.get("rating") or "none",
        body.get("comment"),
        body.get("reason"),
        now,
        now,
    )


def build_app(mode: str, db_path: Path | None, db_url: str | None = None) -> web.Application:
    counter = itertools.count(1)
    connection = open_database(db_path) if mode == "sqlite3" and db_path else None
    postgres = RawPostgres(db_url) if mode == "raw-pg" and db_url else None

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def register_output(request: web.Request) -> web.Response:
        await request.json()
        return web.json_response({"id": next(counter), "created": True}, status=201)

    async def record_feedback(request: web.Request) -> web.Response:
        body = await request.json()
        if postgres is not None:
            return web.json_response({"id": await postgres.insert(body)}, status=201)
        if connection is None:
            return web.json_response({"id": next(counter)}, status=201)
        # Blocking on purpose: an inline insert+commit is the cheapest this design can be.
        cursor = connection.execute(INSERT, row_values(body))
        connection.commit()
        return web.json_response({"id": cursor.lastrowid}, status=201)

    app = web.Application()
    if postgres is not None:

        async def open_pool(_app: web.Application) -> None:
            await postgres.open()

        app.on_startup.append(open_pool)
    app.router.add_get("/healthz", healthz)
    app.router.add_post("/api/v1/outputs", register_output)
    app.router.add_post("/api/v1/feedback", record_feedback)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("bare", "sqlite3", "raw-pg"), required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", help="SQLite file (sqlite3) or PostgreSQL URL (raw-pg)")
    args = parser.parse_args()
    if args.mode != "bare" and args.db is None:
        parser.error(f"--mode {args.mode} needs --db")
    path = Path(args.db) if args.mode == "sqlite3" else None
    app = build_app(args.mode, path, args.db if args.mode == "raw-pg" else None)
    # Loopback only, no access log, plain asyncio loop: as `groundswell serve` runs.
    web.run_app(
        app,
        host="127.0.0.1",
        port=args.port,
        print=None,
        access_log=None,
        loop=asyncio.new_event_loop(),
    )


if __name__ == "__main__":
    main()
