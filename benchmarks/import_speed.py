"""How fast a fair's sheet of typed CVs is imported, against the raw insert rate of the same database.

``python -m benchmarks.import_speed [--rows N] [--postgres URL]`` builds an N-row CSV of typed CVs
(English and Bengali), imports it through the same path as ``POST /api/v1/fairs/<id>/imports``
(checks, redaction, events in the outbox, report rows), and, in the same run on the same
database, times plain batched INSERTs of rows of the same width. It prints CVs/s for both and
their ratio, on SQLite and (when reachable) PostgreSQL.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import tempfile
import time
import uuid
from contextlib import contextmanager, nullcontext

from sqlalchemy import Column, MetaData, String, Table, Text, create_engine, text

from intake import tables
from intake.clock import utc_now
from intake.imports import claim, import_report, run_import, start_import
from shared.db.engine import create_schema, make_engine

ENGLISH = "Worked {i} years as an inbound call centre agent: customer service, CRM tickets, typing 40 wpm, MS Excel."
BENGALI = "আমি {i} বছর কল সেন্টারে গ্রাহক সেবার কাজ করেছি। এমএস এক্সেল ও টাইপিং জানি।"


def sheet(rows: int) -> bytes:
    """An N-row CSV of typed CVs with distinct phones, half in Bengali."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "phone", "email", "language_pref", "location", "skills", "consents", "text"])
    for i in range(rows):
        bengali = i % 2 == 1
        writer.writerow([f"Candidate {i}", f"0171{i:07d}", f"c{i}@example.com", "bn" if bengali else "en", "Khulna",
                         "customer service; MS Excel", "sms", (BENGALI if bengali else ENGLISH).format(i=i % 10)])
    return out.getvalue().encode("utf-8")


def raw_insert_rate(engine, rows: int, batch: int = 200) -> float:
    """Rows/s for plain INSERTs of CV-sized rows in transactions of ``batch`` (the database's own pace)."""
    metadata = MetaData()
    scratch = Table(f"bench_raw_{uuid.uuid4().hex[:8]}", metadata, Column("id", String(36), primary_key=True),
                    Column("name", String(200)), Column("phone", String(20)), Column("text", Text))
    metadata.create_all(engine)
    try:
        started = time.perf_counter()
        for start in range(0, rows, batch):
            with engine.begin() as conn:
                conn.execute(scratch.insert(), [
                    {"id": str(uuid.uuid4()), "name": f"Candidate {i}", "phone": f"+88017{i:08d}", "text": ENGLISH.format(i=i)}
                    for i in range(start, min(rows, start + batch))
                ])
        return rows / (time.perf_counter() - started)
    finally:
        metadata.drop_all(engine)


def import_rate(engine, rows: int) -> tuple[float, dict]:
    """CVs/s through the bulk import path, and the import's counts."""
    fair_id = str(uuid.uuid4())
    with engine.begin() as conn:
        conn.execute(tables.fairs.insert().values(id=fair_id, name="Bench fair", division="Khulna", created_at=utc_now()))
    data = sheet(rows)
    started = time.perf_counter()
    job = start_import(engine, fair_id, "bench.csv", data, None)
    claim(engine, job["id"])
    run_import(engine, job["id"], max_file_bytes=5 * 1024 * 1024)
    elapsed = time.perf_counter() - started
    return rows / elapsed, import_report(engine, job["id"])["counts"]


def measure(url: str, rows: int) -> dict:
    """Both rates on the database at ``url`` (created tables are intake's own)."""
    engine = make_engine(url)
    try:
        create_schema(engine, tables.metadata)
        raw = raw_insert_rate(engine, rows)
        imported, counts = import_rate(engine, rows)
    finally:
        engine.dispose()
    return {"raw_rows_per_s": raw, "import_cvs_per_s": imported, "ratio": imported / raw, "counts": counts}


def main(argv: list[str] | None = None) -> int:
    """Print the rates for SQLite and PostgreSQL."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.import_speed")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--postgres", default=os.environ.get("JOBMATCH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        targets = {"sqlite": f"sqlite:///{scratch}/bench.sqlite3", "postgresql": args.postgres}
        print(f"{'database':<11} {'rows':>7} {'import CVs/s':>13} {'raw inserts/s':>14} {'ratio':>6}  seconds")
        for name, url in targets.items():
            with (_fresh_postgres(url) if name == "postgresql" else nullcontext(url)) as target:
                if target is None:
                    print(f"{name:<11} (not reachable: skipped)")
                    continue
                result = measure(target.replace("postgresql://", "postgresql+psycopg://", 1), args.rows)
            if result["counts"]["accepted"] != args.rows:
                raise SystemExit(f"{name}: not every row was accepted: {result['counts']}")
            print(f"{name:<11} {args.rows:>7} {result['import_cvs_per_s']:>13.0f} {result['raw_rows_per_s']:>14.0f} "
                  f"{result['ratio']:>6.3f}  {args.rows / result['import_cvs_per_s']:.1f}")
    return 0


@contextmanager
def _fresh_postgres(url: str):
    """A new empty database on the server of ``url`` for the run (dropped after), or None if unreachable."""
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    name = f"jobmatch_bench_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        admin.dispose()
        yield None
        return
    try:
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
