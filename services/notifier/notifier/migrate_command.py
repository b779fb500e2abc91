"""``python -m notifier migrate [--check]``."""

from notifier.migrations import MIGRATIONS
from shared.db.migrate_command import add_arguments, run_for

__all__ = ["add_arguments", "run"]


def run(args) -> int:
    """Bring notifier's database to the newest schema."""
    return run_for(MIGRATIONS, args)
