"""The organiser's routes: the funnel (JSON and CSV), a fair's records exported and imported, and fairday's stats."""

from __future__ import annotations

from flask import Response, abort, request

from fairday.fair_records import BadRecords, export_fair, import_records
from fairday.funnel import funnel, funnel_csv
from fairday.routes import changing, reading, service, short_ids
from fairday import tables
from fairday.schemas import FairdayStats, FunnelArgs, FunnelOut, ImportOut
from shared.bus.dead_letters import dead_letter_count
from shared.db.counts import count_rows
from shared.db.outbox import outbox_backlog
from shared.auth.principal import OPERATOR
from shared.http.access import allow
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("organiser", __name__, url_prefix="/api/v1", description="The fair's funnel, export and import, and fairday's stats")
bp.url_value_preprocessor(short_ids)


@bp.get("/fairs/<fair_id>/funnel")
@allow(OPERATOR)
@bp.arguments(FunnelArgs, location="query")
@bp.response(200, FunnelOut)
def fair_funnel(args, fair_id: str):
    """Candidates registered → checked in → queued → interviewed → shortlisted → offered → hired, optionally by group."""
    with reading() as conn:
        return funnel(conn, fair_id, args["by"])


@bp.get("/fairs/<fair_id>/funnel.csv")
@allow(OPERATOR)
@bp.arguments(FunnelArgs, location="query")
@bp.response(200, description="The funnel as CSV", content_type="text/csv")
def fair_funnel_csv(args, fair_id: str):
    """The funnel as CSV (one row per group), for a spreadsheet."""
    with reading() as conn:
        body = funnel_csv(funnel(conn, fair_id, args["by"]))
    name = f"funnel-{args['by'] or 'fair'}.csv"
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/fairs/<fair_id>/export")
@allow(OPERATOR)
@bp.response(200, description="The fair's records, one JSON object per line", content_type="application/x-ndjson")
def export(fair_id: str):
    """The fair's records as JSON lines, to import into another deployment."""
    with reading() as conn:
        lines = [line + "\n" for line in export_fair(conn, fair_id)]
    safe = "".join(ch for ch in fair_id[:36] if ch.isascii() and (ch.isalnum() or ch in "-_")) or "fair"
    return Response(lines, mimetype="application/x-ndjson", headers={"Content-Disposition": f'attachment; filename="fair-{safe}.jsonl"'})


@bp.post("/imports")
@allow(OPERATOR)
@bp.response(200, ImportOut)
def import_fair():
    """Add the records of an exported fair not here yet (importing twice adds nothing twice); 422 on a bad line."""
    lines = request.get_data(cache=False).splitlines()
    try:
        with changing() as conn:
            added = import_records(conn, lines)
    except BadRecords as exc:
        abort(422, str(exc))
    return {"added": added}


@bp.get("/stats")
@allow(OPERATOR)
@bp.response(200, FairdayStats)
def stats():
    """What fairday holds, its consumer's outcomes, its dead letters and its unpublished events."""
    wired = service()
    engine = wired.engine
    return {
        "cvs": count_rows(engine, tables.cvs), "matches": count_rows(engine, tables.matches),
        "checkins": count_rows(engine, tables.checkins), "interviews": count_rows(engine, tables.interviews),
        "events_processed": count_rows(engine, tables.processed_events), "consumer": wired.consumer.stats.snapshot(),
        "dead_letters": dead_letter_count(wired.config.bus, "fairday"), "outbox_backlog": outbox_backlog(engine, tables.outbox),
    }
