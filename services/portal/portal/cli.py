"""``python -m portal [serve]``: run the pages."""

from __future__ import annotations

from shared.cli import run_cli

# command -> (module, help); the portal holds no data, so it has no operator commands.
COMMANDS = {
    "serve": ("portal.bootstrap", "run the portal, the pages (the default)"),
}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen command."""
    return run_cli("python -m portal", COMMANDS, argv)
