"""``python -m tests.chaos`` (``make chaos``): run the fault scenarios and print the table.

    python -m tests.chaos                 # every scenario, full size (a few minutes)
    python -m tests.chaos --fast          # the small subset that `make test` also runs
    python -m tests.chaos outage poison   # chosen scenarios (names from --list)
    python -m tests.chaos --keep          # keep every scenario's var dir (logs, outbox files)

Exit status: 0 when every scenario passed, 1 when any lost or duplicated something, failed a
check or could not run to its end. RabbitMQ and PostgreSQL unreachable: a loud skip (exit 0),
or exit 1 with CI=true, as for the other server tests.
"""

from __future__ import annotations

import argparse
import sys
import time

from tests.chaos import harness, scenarios
from tests.chaos.harness import Result, unreachable_servers
from tests.servers import in_ci

COLUMNS = ("offered", "accepted", "indexed", "notified", "uncertain", "lost", "duplicated")


def table(results: list[Result]) -> str:
    """The results as a plain-text table."""
    width = max([len("scenario")] + [len(r.scenario) for r in results])
    head = f"{'scenario':<{width}}  " + "  ".join(f"{c:>10}" for c in COLUMNS) + f"  {'seconds':>7}  result"
    lines = [head, "-" * len(head)]
    for r in results:
        cells = "  ".join(f"{getattr(r, c):>10}" for c in COLUMNS)
        lines.append(f"{r.scenario:<{width}}  {cells}  {r.seconds:>7.1f}  {r.status}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.chaos", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="scenarios to run (default: all)")
    parser.add_argument("--fast", action="store_true", help="the small, fast versions (as in `make test`)")
    parser.add_argument("--keep", action="store_true", help="keep each scenario's var dir, even when it passed")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    args = parser.parse_args(argv)

    catalogue = scenarios.FAST if args.fast else scenarios.FULL
    if args.list:
        print("\n".join(catalogue))
        return 0
    unknown = [n for n in args.names if n not in catalogue]
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(unknown)}; choose from {', '.join(catalogue)}")
    chosen = args.names or list(catalogue)

    reasons = unreachable_servers()
    if reasons:
        print("\n".join(["", "*" * 78, "CHAOS SKIPPED LOUDLY: " + "; ".join(reasons),
                         "start the servers or set JOBMATCH_TEST_AMQP_URL / JOBMATCH_TEST_POSTGRES_URL", "*" * 78]))
        return 1 if in_ci() else 0

    harness.KEEP_ALL = harness.KEEP_ALL or args.keep
    started = time.monotonic()
    results = []
    for name in chosen:
        print(f"--> {name} ...", flush=True)
        result = catalogue[name]()
        results.append(result)
        print(f"    {result.status} in {result.seconds:.1f}s: offered {result.offered}, accepted {result.accepted}, "
              f"indexed {result.indexed}, notified {result.notified}, uncertain {result.uncertain}, "
              f"lost {result.lost}, duplicated {result.duplicated}", flush=True)

    print()
    print(table(results))
    print()
    for result in results:
        print(result.report())
        print()
    failed = [r.scenario for r in results if not r.ok]
    total = time.monotonic() - started
    if failed:
        print(f"CHAOS FAILED ({total:.0f}s): {len(failed)} of {len(results)} scenarios: {'; '.join(failed)}")
        return 1
    print(f"chaos passed ({total:.0f}s): {len(results)} scenarios, nothing lost, nothing duplicated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
