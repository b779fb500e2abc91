"""An employer's stall at a fair: its queue in match order, who is called now, calls and no-shows; the page refreshes itself."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from portal.identity import EMPLOYER, OPERATOR, require
from portal.pages.context import fair_or_404, upstream
from portal.pages.letters import letter_response

bp = Blueprint("stall", __name__)
REFRESH_SECONDS = 5
# A notice such as "called by another stall" stays up this long before the page refreshes it away.
NOTICE_SECONDS = 20
NOTICES = ("called", "busy", "nobody", "gone", "no_show", "interviewed", "already", "present", "failed")


def stall_api(fair_id: str, employer_id: str, tail: str = "") -> str:
    """fairday's path for this stall (``tail``: /queue, /calls, /interviews)."""
    return f"/api/v1/fairs/{quote(fair_id, safe='')}/stalls/{quote(employer_id, safe='')}{tail}"


def back_to_stall(fair_id: str, employer_id: str, done: str, reference: str | None = None):
    """Back to the queue with a notice (a redirect, so reloading the page sends nothing again)."""
    extra = {"ref": reference} if reference else {}
    return redirect(url_for("stall.page", fair_id=fair_id, employer_id=employer_id, done=done, **extra), 303)


@bp.get("/fairs/<fair_id>/stall")
def mine(fair_id: str):
    """The signed-in employer's stall at this fair, found from its postings there."""
    caller = require(EMPLOYER)
    answer = upstream().call("intake", "GET", "/api/v1/postings", token=caller.token, params={"limit": 200})
    owners = sorted({p["employer_id"] for p in answer.body.get("postings", []) if p.get("fair_id") == fair_id})
    if not owners:
        return render_template("message.html", title=g.t("stall.none_title"), text=g.t("stall.none")), 404
    return redirect(url_for("stall.page", fair_id=fair_id, employer_id=owners[0]))


@bp.get("/fairs/<fair_id>/stalls/<employer_id>")
def page(fair_id: str, employer_id: str):
    """The queue, best match first, with who is called now and the interviews done; fairday says whose stall it is."""
    caller = require(EMPLOYER, OPERATOR)
    queue = upstream().call("fairday", "GET", stall_api(fair_id, employer_id, "/queue"), token=caller.token)
    if not queue.ok:
        abort(404)
    seen = upstream().call("fairday", "GET", stall_api(fair_id, employer_id, "/interviews"), token=caller.token)
    done = request.args.get("done") if request.args.get("done") in NOTICES else None
    return render_template("stall.html", fair=fair_or_404(fair_id), stall=queue.body,
                           interviews=seen.body.get("interviews", []) if seen.ok else [],
                           done=done, reference=(request.args.get("ref") or "")[:12],
                           refresh=NOTICE_SECONDS if done else REFRESH_SECONDS)


@bp.post("/fairs/<fair_id>/stalls/<employer_id>/calls")
def call(fair_id: str, employer_id: str):
    """Call the next waiting candidate, or the one chosen; another stall's call holding them is a clear notice."""
    caller = require(EMPLOYER, OPERATOR)
    wanted = {name: (request.form.get(name) or None) for name in ("cv_id", "posting_id")}
    answer = upstream().call("fairday", "POST", stall_api(fair_id, employer_id, "/calls"), token=caller.token, json=wanted)
    if answer.status == 201:
        return back_to_stall(fair_id, employer_id, "called", answer.body.get("reference"))
    if answer.status == 409:
        return back_to_stall(fair_id, employer_id, "busy")
    if answer.status == 404:
        return back_to_stall(fair_id, employer_id, "gone" if wanted["cv_id"] else "nobody")
    return back_to_stall(fair_id, employer_id, "failed")


@bp.post("/fairs/<fair_id>/stalls/<employer_id>/calls/<call_id>/no-show")
def no_show(fair_id: str, employer_id: str, call_id: str):
    """The called candidate did not come: they are free for other stalls."""
    caller = require(EMPLOYER, OPERATOR)
    answer = upstream().call("fairday", "POST", f"/api/v1/calls/{quote(call_id, safe='')}/no-show", token=caller.token)
    return back_to_stall(fair_id, employer_id, "no_show" if answer.ok else "failed")


@bp.post("/fairs/<fair_id>/stalls/<employer_id>/presence")
def here(fair_id: str, employer_id: str):
    """The employer says it is at its stall (the gate may mark it too)."""
    caller = require(EMPLOYER, OPERATOR)
    answer = upstream().call("fairday", "POST", f"/api/v1/fairs/{quote(fair_id, safe='')}/employers/{quote(employer_id, safe='')}/presence",
                             token=caller.token, json={"stall": None})
    return back_to_stall(fair_id, employer_id, "present" if answer.ok else "failed")


@bp.get("/fairs/<fair_id>/stalls/<employer_id>/letters/<interview_id>.pdf")
def letter(fair_id: str, employer_id: str, interview_id: str):
    """An appointment letter this stall made (fairday decides whose it is)."""
    return letter_response(require(EMPLOYER, OPERATOR).token, interview_id)
