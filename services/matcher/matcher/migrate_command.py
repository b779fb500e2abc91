"""``python -m matcher migrate [--check]``."""

from matcher.migrations import MIGRATIONS
from shared.db.migrate_command import add_arguments, run_for

__all__ = ["add_arguments", "run"]


def run(args) -> int:
    """Bring matcher's database to the newest schema."""
    return run_for(MIGRATIONS, args)
