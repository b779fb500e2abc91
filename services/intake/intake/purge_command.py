"""``python -m intake purge --older-than 365d``: retention, through the same erasure as DELETE /cvs/<id>."""

from __future__ import annotations

import argparse
import re
from datetime import timedelta

from intake.clock import utc_now
from intake.config import IntakeConfig
from intake.erasure import erase_cvs_older_than
from intake.idempotency import forget_expired_keys
from intake.migrations import MIGRATIONS
from shared.db.engine import make_engine

_AGE = re.compile(r"([1-9][0-9]{0,5})([dh])")


def retention_age(text: str) -> timedelta:
    """``365d`` or ``48h`` as a timedelta; argparse's error for anything else."""
    match = _AGE.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError("use a number of days or hours, e.g. 365d or 48h")
    number, unit = int(match[1]), match[2]
    return timedelta(days=number) if unit == "d" else timedelta(hours=number)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--older-than AGE`` (required)."""
    parser.add_argument("--older-than", type=retention_age, required=True, metavar="AGE",
                        help="erase candidates whose CV was received longer ago than this (e.g. 365d)")


def run(args) -> int:
    """Erase the old candidates (candidate.erased each, published by the running intake's relay); print how many."""
    config = IntakeConfig.from_env()
    engine = make_engine(config.database_url)
    try:
        MIGRATIONS.prepare(engine, upgrade=not config.production)
        erased = erase_cvs_older_than(engine, utc_now() - args.older_than)
        forget_expired_keys(engine)
    finally:
        engine.dispose()
    print(f"erased {erased} candidate(s) whose CV is older than {args.older_than.days} day(s)"
          if args.older_than.seconds == 0 else f"erased {erased} candidate(s) older than {args.older_than}")
    return 0
