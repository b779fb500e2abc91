"""The organiser's fair day funnel: registered → checked in → queued → interviewed → shortlisted → offered → hired, with charts and CSV."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, g, render_template, request

from portal.charts import bar_chart
from portal.i18n import number
from portal.identity import OPERATOR, require
from portal.pages.context import fair_or_404, upstream

bp = Blueprint("fair_funnel", __name__, url_prefix="/organiser")
# fairday's breakdowns (its funnel.GROUPINGS; a test keeps the two equal).
GROUPINGS = ("employer", "posting", "district", "institution")
GROUP_CHARTS = 12


def _grouping() -> str | None:
    by = request.args.get("by") or None
    if by not in (None, *GROUPINGS):
        abort(404)
    return by


def _ask(fair_id: str, token: str | None, by: str | None, csv: bool = False):
    path = f"/api/v1/fairs/{quote(fair_id, safe='')}/funnel{'.csv' if csv else ''}"
    answer = upstream().call("fairday", "GET", path, token=token, params={"by": by} if by else None)
    if not answer.ok:
        abort(404)
    return answer


def _stage_rows(counts: dict, stages: list[str]) -> list[tuple[str, int]]:
    return [(g.t(f"stage.{stage}"), counts[stage]) for stage in stages]


@bp.get("/fairs/<fair_id>/fair-day")
def page(fair_id: str):
    """The fair's funnel overall and, with ``?by=``, per employer, posting, district or institution."""
    caller = require(OPERATOR)
    by = _grouping()
    fair = fair_or_404(fair_id)
    funnel = _ask(fair_id, caller.token, by).body
    show = lambda value: number(g.lang, value)  # noqa: E731
    stages = funnel["stages"]
    grouped = _stages_of_groups(funnel)
    groups = [(group, bar_chart(_stage_rows(group, grouped), g.t("funnel.group_chart", group=group["label"]), show))
              for group in funnel["groups"][:GROUP_CHARTS]]
    return render_template("fair_funnel.html", fair=fair, funnel=funnel, by=by, groupings=GROUPINGS, groups=groups,
                           group_stages=grouped, overall=bar_chart(_stage_rows(funnel["totals"], stages), g.t("funnel.chart"), show))


def _stages_of_groups(funnel: dict) -> list[str]:
    """The stages the breakdown counts in its groups (a stage the fair reached but no group counts is left out)."""
    # By employer or posting a candidate counts from the stall queue on: registered and checked in are 0 in every group.
    groups = funnel["groups"]
    return [s for s in funnel["stages"] if not funnel["totals"][s] or any(group[s] for group in groups)]


@bp.get("/fairs/<fair_id>/fair-day.csv")
def funnel_csv(fair_id: str):
    """fairday's funnel CSV (one row per group, and jobs created), passed through."""
    caller = require(OPERATOR)
    by = _grouping()
    answer = _ask(fair_id, caller.token, by, csv=True)
    name = f"fair-{fair_id[:8]}-fair-day-{by or 'all'}.csv"
    return Response(answer.content, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})
