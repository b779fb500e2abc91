"""A candidate's private page: their CV, suggested postings with reasons, their fair day, messages sent, consents, withdrawal, erasure."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from portal.i18n import COOKIE, LANGUAGES, Translator
from portal.identity import CANDIDATE, current_caller, sign_in
from portal.pages.context import upstream
from portal.pages.letters import letter_response
from portal.registration_qr import registration_qr
from portal.upstream import UpstreamDown

bp = Blueprint("candidate", __name__)
CONSENTS = ("share_with_employers", "notify_by_sms", "notify_by_email")
NOTICES = ("saved", "failed", "verified", "wrong_code", "withdrawn")


def _token_for(cv_id: str) -> str:
    """The candidate's token for ``cv_id`` (their own page only; anyone else gets 404)."""
    caller = current_caller()
    if caller.kind == CANDIDATE and caller.cv_id in (None, cv_id) and caller.token:
        return caller.token
    abort(404)


@bp.get("/me/<cv_id>")
def page(cv_id: str):
    """The private page; opened from the private link (``?t=``) it signs the candidate in and drops the token from the address."""
    token = request.args.get("t")
    if token:
        if not token.startswith("jm_cand_") or not upstream().call("intake", "GET", f"/api/v1/cvs/{cv_id}", token=token).ok:
            abort(404)
        sign_in(CANDIDATE, token, cv_id)
        return redirect(url_for("candidate.page", cv_id=cv_id))
    token = _token_for(cv_id)
    cv = upstream().call("intake", "GET", f"/api/v1/cvs/{cv_id}", token=token)
    if not cv.ok:
        session.clear()
        abort(404)
    if not (request.args.get("lang") in LANGUAGES or request.cookies.get(COOKIE) in LANGUAGES):
        g.lang = cv.body.get("language_pref", g.lang)  # the candidate's own language unless they switched
        g.t = Translator(g.lang)
    matches = upstream().call("matcher", "GET", f"/api/v1/cvs/{cv_id}/matches", token=token, params={"limit": 10})
    notices = upstream().call("notifier", "GET", "/api/v1/notifications", token=token, params={"cv_id": cv_id})
    return render_template("me.html", cv=cv.body, qr=registration_qr(cv.body.get("registration_code")), matches=[_in_language(m) for m in matches.body.get("matches", [])] if matches.ok else [],
                           notices=notices.body.get("notifications", []) if notices.ok else [], fair_day=_fair_day(cv_id, token),
                           notice=request.args.get("done") if request.args.get("done") in NOTICES else None)


def _fair_day(cv_id: str, token: str) -> dict | None:
    """The candidate's check-ins, queue places and outcomes, with each fair's name; None before a fair day or while fairday is away."""
    try:
        answer = upstream().call("fairday", "GET", f"/api/v1/candidates/{cv_id}/fair-day", token=token)
    except UpstreamDown:
        return None
    if not answer.ok or not (answer.body.get("checkins") or answer.body.get("outcomes")):
        return None
    names = {}
    for fair_id in dict.fromkeys(c["fair_id"] for c in answer.body["checkins"]):
        fair = upstream().call("intake", "GET", f"/api/v1/fairs/{fair_id}")
        names[fair_id] = fair.body.get("name", "") if fair.ok else ""
    return {**answer.body, "fair_names": names}


@bp.get("/me/<cv_id>/letters/<interview_id>.pdf")
def letter(cv_id: str, interview_id: str):
    """The candidate's appointment letter, from fairday; 404 when there is none for them."""
    return letter_response(_token_for(cv_id), interview_id)


@bp.get("/l/<code>")
def short_link(code: str):
    """A digest's short link: the notifier turns its code into a sign-in for the candidate's own page."""
    answer = upstream().call("notifier", "POST", f"/api/v1/links/{code[:40]}")
    if not answer.ok:
        return render_template("message.html", title=g.t("link.expired"), text=g.t("link.expired_help")), 404
    sign_in(CANDIDATE, answer.body["credential"], answer.body["cv_id"])
    return redirect(url_for("candidate.page", cv_id=answer.body["cv_id"]))


@bp.post("/me/<cv_id>/consents")
def consents(cv_id: str):
    """Give or withdraw consents; "stop all messages" withdraws both ways of being told."""
    token = _token_for(cv_id)
    if request.form.get("opt_out"):
        wanted = {"notify_by_sms": False, "notify_by_email": False}
    else:
        wanted = {name: request.form.get(name) == "on" for name in CONSENTS}
    answer = upstream().call("intake", "PATCH", f"/api/v1/cvs/{cv_id}", token=token, json=wanted)
    return redirect(url_for("candidate.page", cv_id=cv_id, done="saved" if answer.ok else "failed"))


@bp.post("/me/<cv_id>/verify")
def verify(cv_id: str):
    """Confirm the phone or email with the code sent to it."""
    token = _token_for(cv_id)
    answer = upstream().call("intake", "POST", f"/api/v1/cvs/{cv_id}/verify", token=token,
                             json={"code": (request.form.get("code") or "").strip()})
    return redirect(url_for("candidate.page", cv_id=cv_id, done="verified" if answer.ok else "wrong_code"))


@bp.get("/me/<cv_id>/<action>")
def confirm(cv_id: str, action: str):
    """Ask once more before withdrawing or erasing."""
    if action not in ("withdraw", "erase"):
        abort(404)
    _token_for(cv_id)
    return render_template("confirm.html", cv_id=cv_id, action=action)


@bp.post("/me/<cv_id>/withdraw")
def withdraw(cv_id: str):
    """Withdraw the CV from matching."""
    token = _token_for(cv_id)
    answer = upstream().call("intake", "POST", f"/api/v1/cvs/{cv_id}/withdraw", token=token)
    return redirect(url_for("candidate.page", cv_id=cv_id, done="withdrawn" if answer.ok else "failed"))


@bp.post("/me/<cv_id>/erase")
def erase(cv_id: str):
    """Erase everything about the candidate, then forget the session."""
    token = _token_for(cv_id)
    answer = upstream().call("intake", "DELETE", f"/api/v1/cvs/{cv_id}", token=token)
    if answer.status != 204:
        return redirect(url_for("candidate.page", cv_id=cv_id, done="failed"))
    session.clear()
    return render_template("message.html", title=g.t("me.erased"), text=g.t("me.erased_text"))


def _in_language(match: dict) -> dict:
    """The match with its matched and missing skills named in the page's language (Bengali where the lexicon knows)."""
    explanation = match.get("explanation", {})
    names = explanation.get("skill_labels_bn", {}) if g.lang == "bn" else {}
    return {**match, "shown_matched": [names.get(s, s) for s in explanation.get("matched_skills", [])],
            "shown_missing": [names.get(s, s) for s in explanation.get("missing_skills", [])]}
