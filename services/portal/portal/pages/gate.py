"""The fair's gate: a volunteer checks candidates in by code and marks employers present, asking fairday only (never intake about a CV)."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, abort, g, render_template, request

from portal.identity import OPERATOR, VOLUNTEER, Caller, require
from portal.pages.context import fair_or_404, upstream

bp = Blueprint("gate", __name__)


def _gate_caller(fair_id: str) -> Caller:
    """A volunteer of this fair or the operator; anyone else gets 404."""
    caller = require(VOLUNTEER, OPERATOR)
    if caller.kind == VOLUNTEER and caller.fair_id not in (None, fair_id):
        abort(404)
    return caller


def _stalls(caller: Caller, fair_id: str) -> list[dict]:
    """The fair's employers and stalls; fairday's 404 (a token of another fair) is the page's 404."""
    answer = upstream().call("fairday", "GET", f"/api/v1/fairs/{fair_id}/stalls", token=caller.token)
    if not answer.ok:
        abort(404)
    return answer.body.get("stalls", [])


def _page(caller: Caller, fair_id: str, status: int = 200, **shown):
    fair = fair_or_404(fair_id)
    return render_template("gate.html", fair=fair, stalls=_stalls(caller, fair_id), **shown), status


@bp.get("/fairs/<fair_id>/gate")
def page(fair_id: str):
    """The big code field, the scan button and the employers' stalls."""
    return _page(_gate_caller(fair_id), fair_id)


@bp.post("/fairs/<fair_id>/gate/checkins")
def check_in(fair_id: str):
    """Check the code's candidate in; show "checked in", their initial and district, and the stalls to visit."""
    caller = _gate_caller(fair_id)
    code = (request.form.get("code") or "").strip()[:40]
    if not code:
        return _page(caller, fair_id, 422, error=g.t("gate.type_code"))
    _stalls(caller, fair_id)  # this volunteer's fair, before anything is written
    answer = upstream().call("fairday", "POST", f"/api/v1/fairs/{fair_id}/checkins", token=caller.token, json={"code": code})
    if answer.status == 404:
        return _page(caller, fair_id, 404, error=g.t("gate.unknown_code"), typed=code)
    if not answer.ok:
        return _page(caller, fair_id, 422, error=g.t("gate.unknown_code"), typed=code)
    looked = upstream().call("fairday", "GET", f"/api/v1/fairs/{fair_id}/codes/{quote(answer.body['code'], safe='')}",
                             token=caller.token)
    who = looked.body if looked.ok else {}
    checkin = {**answer.body, "again": answer.status == 200, "initial": who.get("initial"), "district": who.get("district")}
    return _page(caller, fair_id, checkin=checkin)


@bp.post("/fairs/<fair_id>/gate/presence")
def mark_present(fair_id: str):
    """Mark one of the fair's employers present at its stall (the stall typed, else the one on its postings)."""
    caller = _gate_caller(fair_id)
    employer_id = request.form.get("employer_id") or ""
    if employer_id not in {s["employer_id"] for s in _stalls(caller, fair_id)}:
        abort(404)
    stall = (request.form.get("stall") or "").strip()[:40] or None
    answer = upstream().call("fairday", "POST", f"/api/v1/fairs/{fair_id}/employers/{quote(employer_id, safe='')}/presence",
                             token=caller.token, json={"stall": stall})
    if not answer.ok:
        abort(404)
    return _page(caller, fair_id, present={"employer_id": employer_id, "stall": answer.body.get("stall")})
