"""`groundswell people import` on 50,000 rows with 1% bad ones, on SQLite and PostgreSQL.

    .venv/bin/python bench/people_import.py [--rows 50000] [--skip-postgres]

Writes a CSV (header in a shuffled order; 1% of the rows bad in the ways the importer
rejects: unknown platform, empty user id, unknown timezone, overlong department, bad
email, a duplicate of an earlier row), then runs the command as an operator does (a new
process, migrations already applied) against a fresh database of each kind, twice: the
first run creates everyone, the second updates everyone. For each run it checks the
acceptance: under 30 s, exactly the bad rows reported with their line numbers, and the
rest stored. The baseline is the time to just parse the same file with the csv module in
this process. Exit code 1 if a check fails.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from storage.database import sync_url  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.support.postgres import ThrowawayPostgres  # noqa: E402

GROUNDSWELL = str(Path(sys.executable).with_name("groundswell"))
LIMIT_SECONDS = 30.0
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "Australia/Sydney", ""]
DEPARTMENTS = ["Finance", "Legal", "IT", "Sales", "Operations", "AI Lab", "Marketing", ""]
COLUMNS = ["platform", "user id", "email", "name", "department", "timezone"]
BAD_KINDS = ["platform", "user id", "timezone", "department", "email", "duplicate"]


def write_file(path: Path, rows: int, seed: int = 8) -> set[int]:
    """The CSV, and the line numbers of its bad rows."""
    rng = random.Random(seed)
    header = COLUMNS[:]
    rng.shuffle(header)
    bad_lines: set[int] = set()
    bad_at = set(rng.sample(range(10, rows), rows // 100))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for number in range(rows):
            user = f"U{number:07d}"
            row = {
                "platform": "slack",
                "user id": user,
                "email": f"person{number}@example.com",
                "name": f"Person {number}",
                "department": rng.choice(DEPARTMENTS),
                "timezone": rng.choice(ZONES),
            }
            if number in bad_at:
                kind = BAD_KINDS[number % len(BAD_KINDS)]
                if kind == "platform":
                    row["platform"] = "fax"
                elif kind == "user id":
                    row["user id"] = ""
                elif kind == "timezone":
                    row["timezone"] = "Mars/Olympus"
                elif kind == "department":
                    row["department"] = "D" * 300
                elif kind == "email":
                    row["email"] = "not an address"
                else:  # an earlier good row, stored once
                    earlier = next(n for n in range(number - 1, -1, -1) if n not in bad_at)
                    row["user id"] = f"U{earlier:07d}"
                bad_lines.add(number + 2)  # line 1 is the header
            writer.writerow([row[name] for name in header])
    return bad_lines


def parse_only(path: Path) -> float:
    started = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as handle:
        count = sum(1 for _row in csv.reader(handle))
    assert count > 0
    return time.perf_counter() - started


def count_people(url: str) -> int:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM people")).scalar_one())
    finally:
        engine.dispose()


def run_import(url: str, path: Path, bad: set[int], rows: int, label: str) -> bool:
    started = time.perf_counter()
    result = subprocess.run(
        [GROUNDSWELL, "people", "import", str(path), "--workspace", "T1", "--database-url", url],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    reported = {
        int(line.split(":")[0].removeprefix("line ")) for line in result.stdout.splitlines()
    }
    stored = count_people(url)
    ok = (
        seconds < LIMIT_SECONDS
        and result.returncode == 1
        and reported == bad
        and stored == rows - len(bad)
    )
    print(
        f"  {label:<22} {seconds:6.2f} s  reported {len(reported):,} of {len(bad):,} bad rows, "
        f"stored {stored:,}  {'ok' if ok else 'FAILED'}"
    )
    if not ok:
        print(f"    exit {result.returncode}: {result.stderr.strip()[-500:]}")
    else:
        print(f"    {result.stderr.strip().splitlines()[-1]}")
    return ok


def bench(kind: str, url: str, path: Path, bad: set[int], rows: int) -> bool:
    upgrade(url)
    print(f"{kind}:")
    first = run_import(url, path, bad, rows, "first import (create)")
    second = run_import(url, path, bad, rows, "second import (update)")
    return first and second


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("GROUNDSWELL_SECRET_KEY", "bench-secret-" + "x" * 40)
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        bad = write_file(path, args.rows)
        size = path.stat().st_size / 1e6
        print(f"{args.rows:,} rows ({size:.1f} MB), {len(bad):,} bad; limit {LIMIT_SECONDS:.0f} s")
        print(f"baseline: parsing the file with csv.reader takes {parse_only(path):.2f} s")
        ok &= bench("SQLite", f"sqlite:///{folder}/bench.db", path, bad, args.rows)
        if not args.skip_postgres:
            server = ThrowawayPostgres()
            try:
                ok &= bench("PostgreSQL", server.start(), path, bad, args.rows)
            finally:
                server.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
