"""``python -m fairday export --fair ID FILE`` and ``python -m fairday import FILE``: a fair's records moved between deployments."""

from __future__ import annotations

import sys
from pathlib import Path

from fairday.config import FairdayConfig
from fairday.fair_records import BadRecords, export_fair, import_records
from fairday.migrations import MIGRATIONS
from shared.db.engine import make_engine


def add_arguments(parser) -> None:
    """export: --fair and the file to write; import: the file to read ("-": standard input/output)."""
    if parser.prog.endswith("export"):
        parser.add_argument("--fair", required=True, help="the fair's id")
    parser.add_argument("file", help='the JSON lines file ("-" for standard output/input)')


def run(args) -> int:
    """Export or import on the database FAIRDAY_DATABASE_URL names (brought to the newest schema first)."""
    engine = make_engine(FairdayConfig.from_env().database_url)
    MIGRATIONS.prepare(engine, upgrade=True)
    if args.command == "export":
        out = sys.stdout if args.file == "-" else Path(args.file).open("w", encoding="utf-8")
        with engine.connect() as conn, out:
            count = sum(1 for line in export_fair(conn, args.fair) if out.write(line + "\n"))
        print(f"fairday: exported {count} records of fair {args.fair}", file=sys.stderr)
        return 0
    source = sys.stdin if args.file == "-" else Path(args.file).open(encoding="utf-8")
    try:
        with engine.begin() as conn, source:
            added = import_records(conn, source)
    except BadRecords as exc:
        print(f"fairday: nothing imported: {exc}", file=sys.stderr)
        return 1
    print("fairday: added " + ", ".join(f"{n} {name}" for name, n in added.items()), file=sys.stderr)
    return 0
