"""``python -m fairday migrate [--check]``."""

from fairday.migrations import MIGRATIONS
from shared.db.migrate_command import add_arguments, run_for

__all__ = ["add_arguments", "run"]


def run(args) -> int:
    """Bring fairday's database to the newest schema."""
    return run_for(MIGRATIONS, args)
