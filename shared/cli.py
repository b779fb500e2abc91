"""A service's command line: ``python -m <service> [command]``, where no command means serve.

Each command names a module with ``add_arguments(parser)`` and ``run(args) -> int``; the
``serve`` command names a module with ``main() -> int``. Modules load only when needed. A
setting the service cannot use (ConfigError) ends the command with its one-line message and
exit code 2, not a traceback; those messages never show a password.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from shared.config import ConfigError


def run_cli(prog: str, commands: dict[str, tuple[str, str]], argv: list[str] | None = None) -> int:
    """Parse ``argv`` (default ``sys.argv[1:]``) against ``commands`` and run the chosen one.

    ``commands`` maps a name to ``(module, help)``; it must contain ``serve``.
    """
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog=prog, description=f"Run {prog.split()[-1]} (default: serve) or an operator command.")
    sub = parser.add_subparsers(dest="command", metavar="command")
    chosen = argv[0] if argv and not argv[0].startswith("-") else "serve"
    for name, (module, help_text) in commands.items():
        command = sub.add_parser(name, help=help_text)
        if name == chosen and name != "serve":
            importlib.import_module(module).add_arguments(command)
    args = parser.parse_args(argv or ["serve"])
    module = importlib.import_module(commands[args.command or "serve"][0])
    try:
        return module.main() if (args.command or "serve") == "serve" else module.run(args)
    except ConfigError as exc:
        print(f"{prog}: configuration error: {exc}", file=sys.stderr)
        return 2
