"""``python -m notifier [command]``: serve (default) or run an operator command."""

from __future__ import annotations

from shared.cli import run_cli

# command -> (module with add_arguments(parser) and run(args) -> int, help)
COMMANDS = {
    "serve": ("notifier.bootstrap", "run the notifier service (the default)"),
    "migrate": ("notifier.migrate_command", "bring the notifier's database to the newest schema"),
    "dead-letters": ("notifier.dead_letters_command", "list, count or replay the notifier's dead letters"),
}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen command."""
    return run_cli("python -m notifier", COMMANDS, argv)
