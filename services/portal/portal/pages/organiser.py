"""The organiser's dashboard for one fair: the funnel from CVs collected to candidates told, with charts and CSV."""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, Response, abort, g, render_template

from portal.charts import bar_chart
from portal.i18n import number
from portal.identity import OPERATOR, require
from portal.pages.context import upstream

bp = Blueprint("organiser", __name__, url_prefix="/organiser")


SERVICES = ("intake", "matcher", "notifier")
_ASK = ThreadPoolExecutor(max_workers=8, thread_name_prefix="summary")


def funnel(fair_id: str, token: str) -> dict:
    """Each service's summary of the fair, asked of the three at once (an empty dict for one that has none to give)."""
    apis = upstream()
    fair = apis.call("intake", "GET", f"/api/v1/fairs/{fair_id}")
    if not fair.ok:
        abort(404)
    asked = {service: _ASK.submit(apis.call, service, "GET", f"/api/v1/fairs/{fair_id}/summary", token=token)
             for service in SERVICES}
    parts = {"fair": fair.body}
    for service, future in asked.items():
        answer = future.result()
        parts[service] = answer.body if answer.ok else {}
    return parts


def funnel_rows(parts: dict) -> list[tuple[str, int]]:
    """The funnel's steps: collected, matched, told (candidates sent a digest), failed messages, with the page's words."""
    cvs = parts["intake"].get("cvs", {})
    matched = parts["matcher"].get("cvs", {}).get("matched", 0)
    by_status = parts["notifier"].get("notifications", {}).get("by_status", {})
    told = parts["notifier"].get("candidates", {}).get("told", 0)
    return [(g.t("org.collected"), cvs.get("total", 0)), (g.t("org.matched"), matched),
            (g.t("org.notified"), told), (g.t("org.failed"), by_status.get("failed", 0))]


@bp.get("/fairs/<fair_id>")
def dashboard(fair_id: str):
    """The dashboard page."""
    caller = require(OPERATOR)
    parts = funnel(fair_id, caller.token)
    show = lambda value: number(g.lang, value)  # noqa: E731
    cvs = parts["intake"].get("cvs", {})
    charts = {
        "funnel": bar_chart(funnel_rows(parts), g.t("org.funnel"), show),
        "channel": bar_chart([(g.t(f"channel.{k}"), v) for k, v in cvs.get("by_channel", {}).items()], g.t("org.by_channel"), show),
        "source": bar_chart([(g.t(f"source.{k}"), v) for k, v in cvs.get("by_source", {}).items()], g.t("org.by_source"), show),
        "district": bar_chart(sorted(cvs.get("by_district", {}).items(), key=lambda kv: -kv[1])[:12], g.t("org.by_district"), show),
        "institution": bar_chart(sorted(cvs.get("by_institution", {}).items(), key=lambda kv: -kv[1])[:12],
                                 g.t("org.by_institution"), show),
        "missing": bar_chart([(s["skill"], s["candidates"]) for s in parts["matcher"].get("top_missing_skills", [])][:12],
                             g.t("org.missing"), show),
    }
    return render_template("organiser.html", parts=parts, charts=charts, rows=funnel_rows(parts))


@bp.get("/fairs/<fair_id>/funnel.csv")
def funnel_csv(fair_id: str):
    """The dashboard's numbers as CSV: one line per step and breakdown."""
    caller = require(OPERATOR)
    parts = funnel(fair_id, caller.token)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "item", "count"])
    for label, value in funnel_rows(parts):
        writer.writerow(["funnel", label, value])
    cvs = parts["intake"].get("cvs", {})
    for section in ("by_channel", "by_source", "by_extraction", "by_district", "by_institution"):
        for item, value in cvs.get(section, {}).items():
            writer.writerow([section, item, value])
    for employer in parts["intake"].get("postings", {}).get("by_employer", []):
        writer.writerow(["postings_by_employer", employer.get("employer", ""), employer.get("open", 0) + employer.get("closed", 0)])
    for skill in parts["matcher"].get("top_missing_skills", []):
        writer.writerow(["missing_skill", skill["skill"], skill["candidates"]])
    for channel, statuses in parts["notifier"].get("notifications", {}).get("by_channel", {}).items():
        for status, value in statuses.items():
            writer.writerow([f"notifications_{channel}", status, value])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="fair-{fair_id[:8]}-funnel.csv"'})
