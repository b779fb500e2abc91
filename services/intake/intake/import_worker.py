"""The worker that runs bulk imports in the intake process, one job at a time, taking over stalled ones."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine

from intake.imports import claim, run_import, waiting_imports
from shared.workers import Worker

log = logging.getLogger(__name__)


class ImportWorker(Worker):
    """Runs waiting import jobs; ``run()`` blocks until ``stop()`` (which ends the job at its next batch)."""

    def __init__(self, engine: Engine, max_file_bytes: int, idle_interval: float = 2.0):
        super().__init__("import-worker", idle_interval)
        self.engine = engine
        self.max_file_bytes = max_file_bytes

    def run(self) -> None:
        """Run jobs until stopped."""
        while not self.stopping:
            try:
                self.run_waiting()
            except Exception as exc:  # a database hiccup: try again later
                log.warning("import worker could not run an import (%s); retrying", type(exc).__name__)
            self.idle()

    def run_waiting(self) -> int:
        """Run every waiting job this worker can claim; return how many it ran."""
        ran = 0
        for import_id in waiting_imports(self.engine):
            if self.stopping or not claim(self.engine, import_id):
                continue
            log.info("import %s: running", import_id)
            run_import(self.engine, import_id, max_file_bytes=self.max_file_bytes, should_stop=lambda: self.stopping)
            ran += 1
        return ran
