"""A stall's interview form: rating 1–4, a short note and the outcome, recorded by fairday."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request

from portal.identity import EMPLOYER, Caller, require
from portal.pages.context import upstream
from portal.pages.stall import back_to_stall, stall_api
from shared.events.schemas import OUTCOMES

bp = Blueprint("interview", __name__)
RATINGS = ("1", "2", "3", "4")
# fairday's limit on a note (docs/fair-day.md); fairday checks it again, a test keeps the two equal.
NOTE_LIMIT = 500


def _queued(caller: Caller, fair_id: str, employer_id: str, cv_id: str | None) -> dict:
    """The candidate's entry in this stall's queue (reference, posting); 404 when they are not in it."""
    answer = upstream().call("fairday", "GET", stall_api(fair_id, employer_id, "/queue"), token=caller.token)
    entry = next((e for e in answer.body.get("queue", []) if e["cv_id"] == cv_id), None) if answer.ok and cv_id else None
    if entry is None:
        abort(404)
    return entry


def _form(fair_id: str, employer_id: str, entry: dict, form: dict, errors: dict, status: int = 200):
    return render_template("interview.html", fair_id=fair_id, employer_id=employer_id, entry=entry, form=form, errors=errors,
                           ratings=RATINGS, outcomes=OUTCOMES, note_limit=NOTE_LIMIT), status


@bp.get("/fairs/<fair_id>/stalls/<employer_id>/interview")
def form(fair_id: str, employer_id: str):
    """The empty form for the candidate at the stall."""
    caller = require(EMPLOYER)
    return _form(fair_id, employer_id, _queued(caller, fair_id, employer_id, request.args.get("cv_id")), {}, {})


@bp.post("/fairs/<fair_id>/stalls/<employer_id>/interview")
def record(fair_id: str, employer_id: str):
    """Check the form, record the interview, and go back to the queue."""
    caller = require(EMPLOYER)
    entry = _queued(caller, fair_id, employer_id, request.form.get("cv_id"))
    form = {"rating": request.form.get("rating") or "", "outcome": request.form.get("outcome") or "",
            "note": (request.form.get("note") or "").strip()}
    errors = {name: g.t("interview.choose") for name, allowed in (("rating", RATINGS), ("outcome", OUTCOMES)) if form[name] not in allowed}
    if errors:
        return _form(fair_id, employer_id, entry, form, errors, 422)
    answer = upstream().call("fairday", "POST", "/api/v1/interviews", token=caller.token, json={
        "cv_id": entry["cv_id"], "posting_id": entry["posting_id"], "rating": int(form["rating"]), "note": form["note"],
        "outcome": form["outcome"]})
    if answer.status == 201:
        return back_to_stall(fair_id, employer_id, "interviewed")
    if answer.status == 409:
        return back_to_stall(fair_id, employer_id, "already")
    found = answer.body.get("errors") or {}
    detail = "; ".join(f"{k}: {v}" for k, v in found.items()) if found else answer.body.get("detail", str(answer.status))
    return _form(fair_id, employer_id, entry, form, {"form": g.t("error.field", detail=detail)}, 422)
