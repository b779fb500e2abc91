"""Who is looking at a page: from ``Authorization: Bearer`` (scripts, tests) or the signed session cookie."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, redirect, request, session, url_for

OPERATOR = "operator"
EMPLOYER = "employer"
CANDIDATE = "candidate"
VOLUNTEER = "volunteer"
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Caller:
    """``kind`` and the credential the portal passes on to the services; ``cv_id`` for a candidate, ``fair_id`` for a volunteer."""

    kind: str
    token: str | None = None
    cv_id: str | None = None
    fair_id: str | None = None


def kind_of(token: str) -> str:
    """An employer's key, a candidate's and a volunteer's token say what they are; anything else is taken for the operator's."""
    if token.startswith("jm_emp_"):
        return EMPLOYER
    if token.startswith("jm_cand_"):
        return CANDIDATE
    if token.startswith("jm_vol_"):
        return VOLUNTEER
    return OPERATOR


def current_caller() -> Caller:
    """The caller of this request (anonymous without a credential)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        token = token.strip()
        return Caller(kind_of(token), token)
    if session.get("token") and session.get("kind") in (OPERATOR, EMPLOYER, CANDIDATE, VOLUNTEER):
        return Caller(session["kind"], session["token"], session.get("cv_id"), session.get("fair_id"))
    return Caller(ANONYMOUS)


def sign_in(kind: str, token: str, cv_id: str | None = None, fair_id: str | None = None) -> None:
    """Start a fresh session for ``token`` (a new session id: nothing carried over from before)."""
    language = session.get("lang")
    session.clear()
    session.permanent = True
    session.update(kind=kind, token=token, cv_id=cv_id, fair_id=fair_id)
    if language:
        session["lang"] = language


def require(*kinds: str) -> Caller:
    """The caller if it is one of ``kinds``; else a redirect to sign in (anonymous) or 404."""
    caller = current_caller()
    if caller.kind in kinds:
        return caller
    if caller.kind == ANONYMOUS:
        abort(redirect(url_for("public.signin", next=request.path)))
    abort(404)
