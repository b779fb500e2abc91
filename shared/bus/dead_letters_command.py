"""The ``dead-letters`` operator command each consuming service offers on its command line.

``list`` prints one JSON line per dead letter; ``count`` prints the number; ``replay`` puts
them (all, or ``--id`` ones) back on the service's queue. Exit code 0 on success, 1 when the
broker cannot be reached. Output never shows the broker URL's password.
"""

from __future__ import annotations

import argparse
import sys

from shared.bus.dead_letters import count_dead_letters, list_dead_letters, replay_dead_letters
from shared.bus.settings import BusSettings
from shared.secrets import redact_secrets


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``list | count | replay`` arguments."""
    parser.add_argument("action", choices=("list", "count", "replay"))
    parser.add_argument("--limit", type=int, default=100, help="most letters to list (default 100)")
    parser.add_argument("--id", action="append", dest="ids", metavar="MESSAGE_ID",
                        help="replay only this message id (repeatable); default: all")


def run_for(service: str, args, environ=None) -> int:
    """Run the chosen action on ``service``'s dead-letter queue, with settings from the environment."""
    settings = BusSettings.from_env() if environ is None else BusSettings.from_env(environ)
    try:
        if args.action == "count":
            print(count_dead_letters(settings, service))
        elif args.action == "list":
            for letter in list_dead_letters(settings, service, args.limit):
                print(letter.to_json())
        else:
            count = replay_dead_letters(settings, service, set(args.ids) if args.ids else None)
            print(f"replayed {count} dead letter(s) onto {service}'s queue")
    except Exception as exc:  # any broker failure: one masked line, never a traceback quoting the URL
        reason = redact_secrets(f"{type(exc).__name__}: {exc}", settings.url)
        print(f"cannot reach the broker at {settings.shown_url}: {reason}", file=sys.stderr)
        return 1
    return 0
