"""``python -m intake import --fair ID SHEET [--files ZIP] [--report REPORT.csv]``: a bulk import from the shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from intake.config import IntakeConfig
from intake.errors import UnknownFair
from intake.import_sheet import SheetRefused
from intake.imports import claim, import_report, run_import, start_import
from intake.migrations import MIGRATIONS
from intake.routes.imports import report_csv
from shared.db.engine import make_engine


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--fair``, the sheet, ``--files`` and ``--report``."""
    parser.add_argument("--fair", required=True, metavar="FAIR_ID", help="the fair the CVs are for")
    parser.add_argument("sheet", type=Path, help="CSV or XLSX: name, phone, email, language_pref, location, skills, consents, text or file")
    parser.add_argument("--files", type=Path, metavar="ZIP", help="a ZIP of the CV files the sheet's 'file' column names")
    parser.add_argument("--report", type=Path, metavar="CSV", help="where to write the per-row report (default: SHEET.report.csv)")


def run(args) -> int:
    """Import the sheet into the fair with a progress bar; write the report; 0 when every row was handled."""
    config = IntakeConfig.from_env()
    engine = make_engine(config.database_url)
    try:
        MIGRATIONS.prepare(engine, upgrade=not config.production)
        try:
            job = start_import(engine, args.fair, args.sheet.name, args.sheet.read_bytes(),
                               args.files.read_bytes() if args.files else None)
        except (SheetRefused, UnknownFair) as exc:
            print(f"cannot import {args.sheet.name}: {_why(exc)}", file=sys.stderr)
            return 2
        claim(engine, job["id"])
        with tqdm(total=job["total"], unit="row", desc=args.sheet.name) as bar:
            run_import(engine, job["id"], max_file_bytes=config.max_file_bytes, progress=bar.update)
        report = import_report(engine, job["id"])
    finally:
        engine.dispose()
    target = args.report or args.sheet.with_name(args.sheet.name + ".report.csv")
    target.write_text(report_csv(report["rows"]), encoding="utf-8")
    counts = report["counts"]
    print(f"import {report['id']}: {counts['accepted']} accepted, {counts['duplicate']} duplicate, "
          f"{counts['rejected']} rejected; report in {target}")
    return 0


def _why(exc: Exception) -> str:
    return "no such fair" if isinstance(exc, UnknownFair) else str(exc)
