"""Bulk imports of a fair's CVs: a job per uploaded sheet, run in batches, with a report row per sheet row.

The sheet (and ZIP) is kept with the job until it is done, so a job cut short by a restart goes
on from the first row without a report: each batch stores its CVs and their report rows in one
transaction. Rows are prepared (checked, files read in a child process) before the batch's
transaction opens, so the database is never locked while a file is parsed. A CV whose phone or
email is already at the fair is reported ``duplicate`` with its id, so importing the same sheet
again adds nobody.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Callable

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from intake import tables
from intake.clock import utc_now
from intake.cv_events import batched_events
from intake.cvs import UPDATED, contacts_at_fair, receive_cv_in
from intake.handlers import fair_name
from intake.errors import UnknownFair
from intake.import_rows import PreparedRow, open_files, prepare_row
from intake.import_sheet import SheetRefused, read_sheet
from shared.phone import normalise_bd_phone

RUNNING = "running"
DONE = "done"
BATCH = 200
LEASE = timedelta(minutes=2)


def start_import(engine: Engine, fair_id: str, sheet_name: str, sheet: bytes, files: bytes | None) -> dict:
    """Check the sheet (SheetRefused when it cannot be imported at all) and store a running job."""
    rows = read_sheet(sheet, sheet_name)
    if files:
        try:
            open_files(files, 1)
        except ValueError as exc:
            raise SheetRefused(str(exc)) from None
    now = utc_now()
    job = {"id": str(uuid.uuid4()), "fair_id": fair_id, "status": RUNNING, "sheet_name": sheet_name[:200] or "sheet",
           "sheet": sheet, "files": files, "total": len(rows), "done": 0, "lease_until": None, "created_at": now,
           "finished_at": None}
    with engine.begin() as conn:
        if conn.execute(select(tables.fairs.c.id).where(tables.fairs.c.id == fair_id)).first() is None:
            raise UnknownFair(fair_id)
        conn.execute(tables.imports.insert().values(**job))
    return job


def claim(engine: Engine, import_id: str) -> bool:
    """Take (or renew) the lease of a running job; False when another runner holds it or it is done."""
    now = utc_now()
    j = tables.imports
    with engine.begin() as conn:
        taken = conn.execute(
            update(j)
            .where(j.c.id == import_id, j.c.status == RUNNING, (j.c.lease_until.is_(None)) | (j.c.lease_until < now))
            .values(lease_until=now + LEASE)
        ).rowcount
    return taken == 1


def waiting_imports(engine: Engine) -> list[str]:
    """Ids of running jobs nobody holds (new, or left by a runner that stopped)."""
    j = tables.imports
    now = utc_now()
    with engine.connect() as conn:
        query = select(j.c.id).where(j.c.status == RUNNING, (j.c.lease_until.is_(None)) | (j.c.lease_until < now))
        return list(conn.execute(query.order_by(j.c.created_at)).scalars())


def run_import(
    engine: Engine, import_id: str, *, max_file_bytes: int, progress: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> None:
    """Import the job's remaining rows (the caller holds its lease), then mark it done and drop its uploads."""
    j = tables.imports
    with engine.connect() as conn:
        job = dict(conn.execute(select(j).where(j.c.id == import_id)).mappings().one())
        next_row = (conn.execute(select(func.max(tables.import_rows.c.row)).where(
            tables.import_rows.c.import_id == import_id)).scalar() or 0) + 1
    rows = read_sheet(job["sheet"], job["sheet_name"])
    files = open_files(job["files"], max_file_bytes)
    for start in range(next_row, len(rows) + 1, BATCH):
        if should_stop():
            return
        numbers = range(start, min(start + BATCH, len(rows) + 1))
        prepared = [prepare_row(n, rows[n - 1], job["fair_id"], files) for n in numbers]
        _store_batch(engine, import_id, job["fair_id"], prepared)
        if progress is not None:
            progress(len(prepared))
    with engine.begin() as conn:
        conn.execute(update(j).where(j.c.id == import_id).values(
            status=DONE, finished_at=utc_now(), sheet=None, files=None, lease_until=None))


def _store_batch(engine: Engine, import_id: str, fair_id: str, prepared: list[PreparedRow]) -> None:
    """Store one batch's CVs and report rows in one transaction.

    The batch is written in one go; should a row fail to store, the batch is written again with
    each row in its own savepoint, so that row alone is rejected.
    """
    try:
        _write_batch(engine, import_id, fair_id, prepared, one_by_one=False)
    except Exception:
        _write_batch(engine, import_id, fair_id, prepared, one_by_one=True)


def _contacts(cv: dict) -> set[str]:
    return {value for value in (cv.get("email"), normalise_bd_phone(cv["phone"]) if cv.get("phone") else None) if value}


def _write_batch(engine: Engine, import_id: str, fair_id: str, prepared: list[PreparedRow], *, one_by_one: bool) -> None:
    report = []
    with engine.begin() as conn, batched_events(conn):
        fair = fair_name(conn, fair_id)
        wanted = [_contacts(item.cv) for item in prepared if item.cv is not None]
        emails = {v for contacts in wanted for v in contacts if "@" in v}
        seen = contacts_at_fair(conn, fair_id, emails, {v for contacts in wanted for v in contacts} - emails)
        for item in prepared:
            if item.reason is not None:
                report.append({"row": item.row, "status": "rejected", "cv_id": None, "reason": item.reason})
                continue
            savepoint = conn.begin_nested() if one_by_one else None
            contacts = _contacts(item.cv)
            try:
                received = receive_cv_in(conn, item.cv, verified=True, source=item.source, fair=fair,
                                         known_new=not (contacts & seen), channel="import")
            except Exception as exc:
                if savepoint is None:
                    raise
                savepoint.rollback()  # one bad row must not undo the batch; its reason says what kind
                report.append({"row": item.row, "status": "rejected", "cv_id": None, "reason": f"could not store ({type(exc).__name__})"})
                continue
            if savepoint is not None:
                savepoint.commit()
            seen |= contacts
            report.append(_reported(item.row, received))
        conn.execute(tables.import_rows.insert(), [{"import_id": import_id, **r} for r in report])
        j = tables.imports
        conn.execute(update(j).where(j.c.id == import_id).values(done=j.c.done + len(report), lease_until=utc_now() + LEASE))


def _reported(row: int, received) -> dict:
    if received.is_new:
        return {"row": row, "status": "accepted", "cv_id": received.row["id"], "reason": None}
    note = "same phone or email at this fair" + ("; its CV was updated" if received.change == UPDATED else "")
    return {"row": row, "status": "duplicate", "cv_id": received.row["id"], "reason": note}


def import_report(engine: Engine, import_id: str) -> dict | None:
    """The job with its counts and report rows in sheet order, or None."""
    j, r = tables.imports, tables.import_rows
    with engine.connect() as conn:
        job = conn.execute(select(j).where(j.c.id == import_id)).mappings().first()
        if job is None:
            return None
        rows = [dict(x) for x in conn.execute(select(r.c.row, r.c.status, r.c.cv_id, r.c.reason)
                                              .where(r.c.import_id == import_id).order_by(r.c.row)).mappings()]
    counts = {status: sum(1 for x in rows if x["status"] == status) for status in ("accepted", "duplicate", "rejected")}
    view = {k: job[k] for k in ("id", "fair_id", "status", "sheet_name", "total", "done", "created_at", "finished_at")}
    return {**view, "counts": counts, "rows": rows}
