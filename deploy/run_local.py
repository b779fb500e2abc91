"""``make up``: run intake, matcher, notifier, fairday and the portal until Ctrl-C, then stop them all cleanly."""

from __future__ import annotations

import signal
import sys
import time

from deploy.local_stack import WITH_PAGES, stack_from_env
from shared.secrets import redact_url

NO_ADMIN_TOKEN = (
    "jobmatch: WARNING: JOBMATCH_ADMIN_TOKEN is not set, so every operator call (fairs, employers, "
    "stats, reading CVs) is refused with 401. Set it to a long random secret, e.g.\n"
    "  JOBMATCH_ADMIN_TOKEN=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))') make up"
)


def main() -> int:
    """Start the stack, print the URLs, wait for Ctrl-C/SIGTERM or a crash, stop everything."""
    stack = stack_from_env()
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    broker = redact_url(stack.env.get("JOBMATCH_BROKER_URL") or "") or "filesystem (embedded, under var/bus)"
    print(f"jobmatch: starting on bus {broker}; state in {stack.env['JOBMATCH_VAR_DIR']}", flush=True)
    for service in WITH_PAGES:
        stack.start(service)
    try:
        stack.wait_ready(WITH_PAGES)
    except RuntimeError as exc:
        print(f"jobmatch: {exc}", file=sys.stderr, flush=True)
        stack.stop_all()
        return 1
    for service in WITH_PAGES:
        print(f"  {service:<9} {stack.url(service)}   (logs: {stack.log_dir / (service + '.log')})", flush=True)
    print(f"jobmatch: all ready. Open {stack.url('portal')}/ in a browser first. Ctrl-C stops them all.", flush=True)
    if not stack.env.get("JOBMATCH_ADMIN_TOKEN"):
        print(NO_ADMIN_TOKEN, file=sys.stderr, flush=True)
    while not stopping:
        crashed = stack.exited()
        if crashed:
            print(f"jobmatch: {', '.join(crashed)} exited; stopping the rest", file=sys.stderr, flush=True)
            break
        time.sleep(0.2)
    codes = stack.stop_all()
    print(f"jobmatch: stopped ({', '.join(f'{s}={c}' for s, c in codes.items())})", flush=True)
    return 0 if not stack.exited() and all(c == 0 for c in codes.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
