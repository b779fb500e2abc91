"""``python -m intake [command]``: serve (default) or run an operator command."""

from __future__ import annotations

from shared.cli import run_cli

# command -> (module with add_arguments(parser) and run(args) -> int, help)
COMMANDS = {
    "serve": ("intake.bootstrap", "run the intake service (the default)"),
    "migrate": ("intake.migrate_command", "bring intake's database to the newest schema"),
    "purge": ("intake.purge_command", "erase every candidate whose CV is older than a retention period"),
    "import": ("intake.import_command", "import a fair's CVs from a CSV or XLSX sheet (and a ZIP of CV files)"),
}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen command."""
    return run_cli("python -m intake", COMMANDS, argv)
