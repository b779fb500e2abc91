"""Rankings in flight, so that work in the background steps aside for them.

A column copy extended in the background (``column_index``) copies every stored entry once: at
1,000,000 CVs about a gigabyte, most of a second of one core and much of the memory's bandwidth, and
a ranking that runs beside it takes up to twice as long. So rankings say while they run (``ranking``),
and the copy, made in steps, waits before each step until none is running (``step_aside``): for at most
``MAX_WAIT_S``, so that rankings back to back still let it finish.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

MAX_WAIT_S = 0.1  # longer than a ranking at 1,000,000 CVs takes

_changed = threading.Condition()
_running = 0


@contextmanager
def ranking() -> Iterator[None]:
    """Count a ranking as running while the block runs."""
    global _running
    with _changed:
        _running += 1
    try:
        yield
    finally:
        with _changed:
            _running -= 1
            if not _running:
                _changed.notify_all()


def step_aside(at_most: float | None = None) -> bool:
    """Wait until no ranking is running, or ``at_most`` seconds (``MAX_WAIT_S`` by default); whether none is."""
    with _changed:
        return _changed.wait_for(lambda: _running == 0, timeout=MAX_WAIT_S if at_most is None else at_most)
