"""The pages anyone reaches: the list of fairs, signing in and out, and the probes."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from portal.identity import EMPLOYER, OPERATOR, VOLUNTEER, kind_of, sign_in
from portal.pages.context import upstream
from portal.upstream import UpstreamDown

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    """The fairs, with their kiosks, and where each kind of user goes next."""
    answer = upstream().call("intake", "GET", "/api/v1/fairs", params={"limit": 100})
    return render_template("index.html", fairs=answer.body.get("fairs", []) if answer.ok else [])


@bp.get("/signin")
def signin():
    """The sign-in form: an employer's API key, a volunteer's token or the operator's token."""
    return render_template("signin.html", next=_safe_next(request.args.get("next")), error=None)


@bp.post("/signin")
def signin_post():
    """Check the credential with intake (a volunteer's with fairday), then keep it in the session."""
    token = (request.form.get("token") or "").strip()
    kind = kind_of(token) if token else None
    if kind == VOLUNTEER:
        return _volunteer_signin(token)
    probe = {EMPLOYER: "/api/v1/postings", OPERATOR: "/api/v1/employers"}.get(kind)
    if probe is None or not upstream().call("intake", "GET", probe, token=token, params={"limit": 1}).ok:
        return render_template("signin.html", next=_safe_next(request.form.get("next")),
                               error=g.t("signin.wrong")), 401
    sign_in(kind, token)
    default = url_for("employer.postings") if kind == EMPLOYER else url_for("public.index")
    return redirect(_safe_next(request.form.get("next")) or default)


def _volunteer_signin(token: str):
    """A volunteer's token is fairday's: it says which fair's gate the volunteer works at."""
    answer = upstream().call("fairday", "GET", "/api/v1/volunteers/me", token=token)
    if not answer.ok or not answer.body.get("fair_id"):
        return render_template("signin.html", next=_safe_next(request.form.get("next")), error=g.t("signin.wrong")), 401
    sign_in(VOLUNTEER, token, fair_id=answer.body["fair_id"])
    return redirect(url_for("gate.page", fair_id=answer.body["fair_id"]))


@bp.post("/signout")
def signout():
    """Forget the session."""
    session.clear()
    return redirect(url_for("public.index"))


@bp.get("/healthz")
def healthz():
    """200 while the process runs."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """200 when intake answers (every page needs it), else 503."""
    try:
        ready = upstream().call("intake", "GET", "/healthz").ok
    except UpstreamDown:
        ready = False
    return ({"status": "ok", "checks": {"intake": "ok"}}, 200) if ready else (
        {"status": "unavailable", "checks": {"intake": "unavailable"}}, 503)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (no scheme, no other host) is followed after signing in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None

