"""The fair's kiosk: a student hands in a CV (typed or as a file) and gets a private link, its QR code and their check-in code."""

from __future__ import annotations

import segno
from flask import Blueprint, current_app, g, render_template, request
from markupsafe import Markup

from portal.identity import OPERATOR, VOLUNTEER, current_caller
from portal.pages.context import client_address, fair_or_404, public_url, upstream
from shared.http.guards import body_limit
from shared.phone import InvalidPhoneNumber, normalise_bd_phone

bp = Blueprint("kiosk", __name__)

FIELDS = ("name", "phone", "email", "language_pref", "location", "institution", "skills", "text")
CONSENTS = ("share_with_employers", "notify_by_sms", "notify_by_email")


@bp.get("/fairs/<fair_id>/kiosk")
def kiosk(fair_id: str):
    """The empty form, in the page's language."""
    return render_template("kiosk.html", fair=fair_or_404(fair_id), form={"language_pref": g.lang}, errors={})


@bp.post("/fairs/<fair_id>/kiosk")
@body_limit(lambda: current_app.extensions["portal"].config.max_file_bytes + 512 * 1024)
def hand_in(fair_id: str):
    """Check the form, hand the CV to intake, and show the private link (or what to fix)."""
    fair = fair_or_404(fair_id)
    form = {name: (request.form.get(name) or "").strip() for name in FIELDS}
    form.update({name: request.form.get(name) == "on" for name in CONSENTS})
    upload = request.files.get("file")
    has_file = bool(upload and upload.filename)
    errors = _check(form, has_file)
    if errors:
        return render_template("kiosk.html", fair=fair, form=form, errors=errors), 422
    fields = {k: v for k, v in form.items() if k in FIELDS and v and k != "skills"} | {"fair_id": fair_id}
    skills = [s.strip() for s in form["skills"].replace("،", ",").split(",") if s.strip()]
    consents = {name: form[name] for name in CONSENTS}
    if has_file:
        data = {**fields, **{k: str(v).lower() for k, v in consents.items()}, "skills": skills}
        data.pop("text", None)
        answer = upstream().call("intake", "POST", "/api/v1/cvs", client=client_address(), data=data,
                                 files={"file": (upload.filename, upload.stream, upload.mimetype or "application/octet-stream")})
    else:
        answer = upstream().call("intake", "POST", "/api/v1/cvs", client=client_address(),
                                 json={**fields, **consents, "skills": skills})
    if answer.status == 201:
        return _done(fair, answer.body, form)
    if answer.status in (200, 202):
        return render_template("kiosk_again.html", fair=fair, cv=answer.body, error=None)
    return render_template("kiosk.html", fair=fair, form=form, errors=_their_errors(answer)), _status(answer)


@bp.post("/fairs/<fair_id>/kiosk/<cv_id>/confirm")
def confirm(fair_id: str, cv_id: str):
    """The code sent to the stored phone or email applies a changed CV and gives a new private link."""
    fair = fair_or_404(fair_id)
    code = (request.form.get("code") or "").strip()
    answer = upstream().call("intake", "POST", f"/api/v1/cvs/{cv_id}/confirm-change", client=client_address(),
                             json={"code": code})
    if answer.ok:
        return _done(fair, answer.body, {"phone": answer.body.get("phone"), "notify_by_sms": False})
    return render_template("kiosk_again.html", fair=fair, cv={"id": cv_id, "change": "awaiting_confirmation"},
                           error=g.t("kiosk.wrong_code")), 422


def private_link(cv_id: str, token: str) -> str:
    """The candidate's private link: their page, signed in by the token it carries (once)."""
    return f"{public_url()}/me/{cv_id}?t={token}"


def _done(fair: dict, cv: dict, form: dict):
    link = private_link(cv["id"], cv["candidate_token"])
    qr = Markup(segno.make(link, error="m").svg_inline(scale=4, dark="#111", light="#fff"))
    return render_template("kiosk_done.html", fair=fair, cv=cv, link=link, qr=qr,
                           sms=bool(form.get("phone")) and bool(form.get("notify_by_sms")), at_gate=_works_the_gate(fair["id"]))


def _works_the_gate(fair_id: str) -> bool:
    """Whether the kiosk is run by this fair's volunteer (or the operator), who may check a walk-in in at once."""
    caller = current_caller()
    return caller.kind == OPERATOR or (caller.kind == VOLUNTEER and caller.fair_id == fair_id)


def _check(form: dict, has_file: bool) -> dict:
    """Errors the page can tell at once, in its own language (intake checks everything again)."""
    errors = {}
    if not form["name"]:
        errors["name"] = g.t("error.required")
    if not form["text"] and not has_file:
        errors["text"] = g.t("kiosk.text_or_file")
    if form["text"] and has_file:
        errors["text"] = g.t("kiosk.not_both")
    if form["phone"]:
        try:
            normalise_bd_phone(form["phone"])
        except InvalidPhoneNumber:
            errors["phone"] = g.t("error.phone")
    if form["email"] and "@" not in form["email"]:
        errors["email"] = g.t("error.email")
    if not form["phone"] and not form["email"] and (form["notify_by_sms"] or form["notify_by_email"]):
        errors["phone"] = g.t("kiosk.contact_for_notices")
    if form["language_pref"] not in ("bn", "en"):
        errors["language_pref"] = g.t("error.required")
    return errors


def _their_errors(answer) -> dict:
    """Intake's refusal, shown next to the field it names, introduced in the page's language."""
    if answer.status == 413:
        return {"file": g.t("error.file_too_big")}
    if answer.status == 415:
        return {"file": g.t("error.file_type")}
    if answer.status == 429:
        return {"form": g.t("error.too_many")}
    if answer.status == 503:
        return {"form": g.t("error.busy")}
    found = answer.body.get("errors") or {}
    errors = {}
    for field, messages in found.items():
        detail = "; ".join(map(str, messages)) if isinstance(messages, list) else str(messages)
        key = "file" if field == "file" else field if field in FIELDS else "form"
        errors[key] = g.t("error.file_unreadable", detail=detail) if key == "file" else g.t("error.field", detail=detail)
    return errors or {"form": g.t("error.field", detail=answer.body.get("detail", ""))}


def _status(answer) -> int:
    return answer.status if answer.status in (413, 415, 422, 429, 503) else 422
