"""One fair as the notifier sees it: its candidates (and how many got a digest), and their messages by channel, status and kind."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from notifier import tables


def fair_summary(engine: Engine, fair_id: str) -> dict:
    """The counts for fair ``fair_id``; zeros for a fair the notifier has not heard of."""
    c, n = tables.contacts.c, tables.notifications.c
    with engine.connect() as conn:
        verified = dict(conn.execute(select(c.contact_verified, func.count()).where(c.fair_id == fair_id)
                                     .group_by(c.contact_verified)).all())
        told = conn.execute(select(func.count(func.distinct(n.cv_id))).where(
            n.fair_id == fair_id, n.kind == "digest", n.status == "sent")).scalar()
        rows = conn.execute(
            select(n.channel, n.status, n.kind, func.count()).where(n.fair_id == fair_id).group_by(n.channel, n.status, n.kind)
        ).all()
    by_channel: dict[str, dict[str, int]] = {}
    by_status: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    for channel, status, kind, count in rows:
        if channel:
            by_channel.setdefault(channel, {}).setdefault(status, 0)
            by_channel[channel][status] += count
        by_status[status] = by_status.get(status, 0) + count
        by_kind[kind] = by_kind.get(kind, 0) + count
    return {
        "fair_id": fair_id,
        "candidates": {"total": sum(verified.values()), "verified": verified.get(True, 0), "told": told},
        "notifications": {"by_channel": by_channel, "by_status": by_status, "by_kind": by_kind},
    }
