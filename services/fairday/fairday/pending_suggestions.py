"""Suggested stalls for walk-ins checked in before their CV's matches arrived, sent once those matches settle."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Callable

from sqlalchemy import func, select, update

from fairday import tables
from fairday.clock import as_utc
from fairday.gate import announce_check_in
from fairday.stalls import suggested_stalls
from shared.workers import Worker

log = logging.getLogger(__name__)
# The matcher publishes a new CV's matches together; this long after the last one, they are all in.
SETTLE = timedelta(seconds=2)


def suggest_pending(engine, now, *, suggestions: int, wait_seconds: int) -> int:
    """Announce each pending check-in whose matches settled (or that waited ``wait_seconds``); return how many."""
    k, m = tables.checkins, tables.matches
    with engine.begin() as conn:
        last_match = select(func.max(m.c.found_at)).where(m.c.cv_id == k.c.cv_id).scalar_subquery()
        pending = conn.execute(select(k, last_match.label("last_match")).where(k.c.stalls_pending.is_(True))).mappings().all()
        announced = 0
        for row in pending:
            last = as_utc(row["last_match"])
            waited_out = now - as_utc(row["at"]) >= timedelta(seconds=wait_seconds)
            if not waited_out and (last is None or now - last < SETTLE):
                continue
            checkin = {key: row[key] for key in k.c.keys()}
            checkin["stalls"] = suggested_stalls(conn, row["fair_id"], row["cv_id"], suggestions)
            claimed = conn.execute(update(k).where(k.c.id == row["id"], k.c.stalls_pending.is_(True))
                                   .values(stalls=checkin["stalls"], stalls_pending=False)).rowcount
            if claimed:
                announce_check_in(conn, checkin)
                announced += 1
    return announced


class PendingSuggestions(Worker):
    """Worker that sends walk-ins' suggestions once their matches arrived; ``run()`` blocks until ``stop()``."""

    def __init__(self, engine, clock: Callable, on_announced: Callable[[], None], *, suggestions: int, wait_seconds: int):
        super().__init__("pending-suggestions", idle_interval=0.5)
        self.engine, self.clock, self.on_announced = engine, clock, on_announced
        self.suggestions, self.wait_seconds = suggestions, wait_seconds

    def run(self) -> None:
        """Look for settled walk-ins twice a second until stopped."""
        while not self.stopping:
            try:
                if suggest_pending(self.engine, self.clock(), suggestions=self.suggestions, wait_seconds=self.wait_seconds):
                    self.on_announced()
            except Exception:  # the database is away: try again at the next round
                log.warning("could not send pending stall suggestions; retrying", exc_info=True)
            self.idle()
