"""``python -m fairday [command]``: serve (default) or run an operator command."""

from __future__ import annotations

from shared.cli import run_cli

# command -> (module with add_arguments(parser) and run(args) -> int, help)
COMMANDS = {
    "serve": ("fairday.bootstrap", "run the fairday service (the default)"),
    "migrate": ("fairday.migrate_command", "bring fairday's database to the newest schema"),
    "dead-letters": ("fairday.dead_letters_command", "list, count or replay fairday's dead letters"),
    "export": ("fairday.records_command", "write a fair's records as JSON lines (to import elsewhere)"),
    "import": ("fairday.records_command", "add the records of an exported fair not here yet"),
}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen command."""
    return run_cli("python -m fairday", COMMANDS, argv)
