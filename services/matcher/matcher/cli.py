"""``python -m matcher [command]``: serve (default) or run an operator command."""

from __future__ import annotations

import argparse
import importlib
import sys

# command -> (module with add_arguments(parser) and run(args) -> int, help)
COMMANDS = {
    "serve": ("matcher.bootstrap", "run the matcher service (the default)"),
}


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m matcher", description=__doc__)
    sub = parser.add_subparsers(dest="command", metavar="command")
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        command.set_defaults(module=module)
        if name != "serve":
            importlib.import_module(module).add_arguments(command)
    args = parser.parse_args(argv or ["serve"])
    module = importlib.import_module(args.module)
    return module.run(args) if args.command != "serve" else module.main()
