"""``python -m notifier dead-letters list|count|replay``."""

from shared.bus.dead_letters_command import add_arguments, run_for

__all__ = ["add_arguments", "run"]


def run(args) -> int:
    """Act on the notifier's dead-letter queue."""
    return run_for("notifier", args)
