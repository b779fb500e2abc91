"""A service's command line: ``python -m <service> [command]``, where no command means serve.

Each command names a module with ``add_arguments(parser)`` and ``run(args) -> int``; the
``serve`` command names a module with ``main() -> int``, or ``main(migrate=...) -> int`` when the
service has a ``migrate`` command (then ``serve --migrate`` upgrades the database first).
Modules load only when needed. ``--version`` prints the installed jobmatch version. A setting
the service cannot use (ConfigError) ends the command with its one-line message and exit code 2,
not a traceback; those messages never show a password.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from importlib.metadata import PackageNotFoundError, version

from shared.config import ConfigError

DISTRIBUTION = "jobmatch"


def installed_version() -> str:
    """The installed jobmatch version (``unknown`` when it is run from a tree that was never installed)."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


def run_cli(prog: str, commands: dict[str, tuple[str, str]], argv: list[str] | None = None) -> int:
    """Parse ``argv`` (default ``sys.argv[1:]``) against ``commands`` and run the chosen one.

    ``commands`` maps a name to ``(module, help)``; it must contain ``serve``. Options before any
    command (``python -m intake --migrate``) are serve's.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "serve")
    migrates = "migrate" in commands
    parser = argparse.ArgumentParser(prog=prog, description=f"Run {prog.split()[-1]} (default: serve) or an operator command.")
    parser.add_argument("--version", action="version", version=f"{DISTRIBUTION} {installed_version()}")
    sub = parser.add_subparsers(dest="command", metavar="command")
    for name, (module, help_text) in commands.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == "serve" and migrates:
            command.add_argument("--migrate", action="store_true",
                                 help="bring the database to the newest schema before serving")
        elif name == argv[0] and name != "serve":
            importlib.import_module(module).add_arguments(command)
    args = parser.parse_args(argv)
    module = importlib.import_module(commands[args.command][0])
    try:
        if args.command != "serve":
            return module.run(args)
        return module.main(migrate=args.migrate) if migrates else module.main()
    except ConfigError as exc:
        print(f"{prog}: configuration error: {exc}", file=sys.stderr)
        return 2
