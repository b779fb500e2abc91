"""The part every background worker shares: a name, a stop flag and a wake-up call.

A worker's ``run()`` loops until ``stop()``; between rounds it waits ``idle_interval`` seconds
unless ``wake()`` says new work is waiting (a route that just stored something calls it, so the
work starts at once instead of at the next poll). ``shared.runtime.run_service`` runs each
worker in its own thread and calls ``stop()`` on shutdown.
"""

from __future__ import annotations

import threading


class Worker:
    """A background loop that can be woken early and stopped; subclasses write ``run()``."""

    def __init__(self, name: str, idle_interval: float):
        self.name = name
        self.idle_interval = idle_interval
        self._stop = threading.Event()
        self._wake = threading.Event()

    def wake(self) -> None:
        """Tell the worker work is waiting (it also polls)."""
        self._wake.set()

    def stop(self) -> None:
        """Ask the worker to stop after what it has in hand."""
        self._stop.set()
        self._wake.set()

    @property
    def stopping(self) -> bool:
        """True once ``stop()`` was called."""
        return self._stop.is_set()

    def idle(self) -> None:
        """Wait until woken or ``idle_interval`` passed."""
        self._wake.wait(self.idle_interval)
        self._wake.clear()

    def run(self) -> None:  # pragma: no cover - each worker defines its loop
        """Loop until stopped."""
        raise NotImplementedError
