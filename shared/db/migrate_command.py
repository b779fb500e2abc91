"""The ``migrate`` operator command of each service with a database: bring it to the newest schema.

Reads only ``<SERVICE>_DATABASE_URL`` (or its ``_FILE``). ``--check`` changes nothing and exits 1
unless the database is at head. Exit code 0 on success, 1 when the database cannot be reached,
2 (through ``shared.cli``) when its tables are not recognised. Output never shows a password.
"""

from __future__ import annotations

import argparse
import os
import sys

from sqlalchemy.exc import SQLAlchemyError

from shared.config import database_url
from shared.db.engine import make_engine
from shared.db.migrations import FIRST_REVISION, Migrations
from shared.secrets import redact_secrets, redact_url


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--check``."""
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 unless the database is at the newest revision")


def run_for(migrations: Migrations, args, environ=os.environ) -> int:
    """Upgrade (or with ``--check`` inspect) the service's database; print one line saying where it is."""
    url = database_url(migrations.service, environ)
    engine = make_engine(url)
    try:
        if args.check:
            current, head = migrations.current(engine), migrations.head()
            print(f"{migrations.service}: database at {current or 'no revision'}; newest is {head}")
            return 0 if current == head else 1
        before = migrations.upgrade(engine)
        stamped = f" (its tables were made by create_schema: stamped {FIRST_REVISION})" if before == "create_schema" else ""
        print(f"{migrations.service}: database {redact_url(url)} at {migrations.current(engine)} (newest){stamped}")
        return 0
    except SQLAlchemyError as exc:
        reason = redact_secrets(f"{type(exc).__name__}: {exc}", url).splitlines()[0]
        print(f"{migrations.service}: cannot migrate {redact_url(url)}: {reason}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
