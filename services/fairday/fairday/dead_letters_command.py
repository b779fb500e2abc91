"""``python -m fairday dead-letters list|count|replay``."""

from shared.bus.dead_letters_command import add_arguments, run_for

__all__ = ["add_arguments", "run"]


def run(args) -> int:
    """Act on the fairday's dead-letter queue."""
    return run_for("fairday", args)
