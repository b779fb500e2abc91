"""``python -m matcher [command]``: serve (default) or run an operator command."""

from __future__ import annotations

from shared.cli import run_cli

# command -> (module with add_arguments(parser) and run(args) -> int, help)
COMMANDS = {
    "serve": ("matcher.bootstrap", "run the matcher service (the default)"),
    "migrate": ("matcher.migrate_command", "bring the matcher's database to the newest schema"),
    "rank": ("matcher.offline_rank", "rank postings and CVs from JSON Lines files"),
    "dead-letters": ("matcher.dead_letters_command", "list, count or replay the matcher's dead letters"),
}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen command."""
    return run_cli("python -m matcher", COMMANDS, argv)
