"""``python -m matcher dead-letters list|count|replay``."""

from shared.bus.dead_letters_command import add_arguments, run_for

__all__ = ["add_arguments", "run"]


def run(args) -> int:
    """Act on the matcher's dead-letter queue."""
    return run_for("matcher", args)
