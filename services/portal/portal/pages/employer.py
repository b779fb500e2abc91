"""An employer's pages: postings, a form to post or change one, closing, and each posting's shortlist with exports."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from openpyxl import Workbook

from portal.identity import EMPLOYER, OPERATOR, require
from portal.pages.context import upstream
from shared.csv_cells import text_cell

bp = Blueprint("employer", __name__, url_prefix="/employer")
POLICIES = ("ignore", "prefer", "require")
LIST_FIELDS = ("skills", "required_languages")
TEXT_FIELDS = ("title", "description", "location", "location_policy", "language_policy", "min_education",
               "education_policy", "fair_id")


@bp.get("/")
def postings():
    """The employer's postings (the operator sees all)."""
    caller = require(EMPLOYER, OPERATOR)
    answer = upstream().call("intake", "GET", "/api/v1/postings", token=caller.token, params={"limit": 200})
    return render_template("employer_postings.html", postings=answer.body.get("postings", []))


@bp.get("/postings/new")
def new_posting():
    """An empty vacancy form."""
    require(EMPLOYER)
    return render_template("posting_form.html", posting={}, errors={}, fairs=_fairs(), policies=POLICIES)


@bp.post("/postings/new")
def create_posting():
    """Post a vacancy as the signed-in employer."""
    caller = require(EMPLOYER)
    posting = _form()
    answer = upstream().call("intake", "POST", "/api/v1/postings", token=caller.token, json=_clean(posting))
    if answer.status == 201:
        return redirect(url_for("employer.shortlist", posting_id=answer.body["id"]))
    return render_template("posting_form.html", posting=posting, errors=_errors(answer), fairs=_fairs(),
                           policies=POLICIES), 422


@bp.get("/postings/<posting_id>/edit")
def edit_posting(posting_id: str):
    """The vacancy form, filled in."""
    caller = require(EMPLOYER)
    posting = _posting(caller, posting_id)
    return render_template("posting_form.html", posting=posting, errors={}, fairs=_fairs(), policies=POLICIES)


@bp.post("/postings/<posting_id>/edit")
def update_posting(posting_id: str):
    """Change a vacancy (posting.updated re-ranks it)."""
    caller = require(EMPLOYER)
    _posting(caller, posting_id)
    posting = _form()
    changes = {k: v for k, v in _clean(posting).items() if k != "fair_id"}
    answer = upstream().call("intake", "PATCH", f"/api/v1/postings/{posting_id}", token=caller.token, json=changes)
    if answer.ok:
        return redirect(url_for("employer.shortlist", posting_id=posting_id))
    return render_template("posting_form.html", posting={**posting, "id": posting_id}, errors=_errors(answer),
                           fairs=_fairs(), policies=POLICIES), 422


@bp.post("/postings/<posting_id>/close")
def close_posting(posting_id: str):
    """Close a filled vacancy: no new matches or notices; its shortlist stays readable."""
    caller = require(EMPLOYER)
    upstream().call("intake", "POST", f"/api/v1/postings/{posting_id}/close", token=caller.token)
    return redirect(url_for("employer.shortlist", posting_id=posting_id))


@bp.get("/postings/<posting_id>")
def shortlist(posting_id: str):
    """The posting's candidates, best first, with why; contacts only where the candidate consented."""
    caller = require(EMPLOYER, OPERATOR)
    posting = _posting(caller, posting_id)
    return render_template("shortlist.html", posting=posting, ranked=_ranked(caller, posting_id))


@bp.get("/postings/<posting_id>/shortlist.<fmt>")
def export(posting_id: str, fmt: str):
    """The shortlist as CSV (UTF-8 with BOM, for spreadsheet programs) or XLSX."""
    caller = require(EMPLOYER, OPERATOR)
    posting = _posting(caller, posting_id)
    rows = [_export_row(m) for m in _ranked(caller, posting_id)]
    header = [g.t(f"export.{key}") for key in EXPORT_KEYS]
    name = f"shortlist-{posting_id[:8]}"
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([[text_cell(row[k]) for k in EXPORT_KEYS] for row in rows])
        return Response(out.getvalue(), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = "Shortlist"
        sheet.append([posting["title"][:200]])
        sheet.append(header)
        for row in rows:
            sheet.append([row[k] for k in EXPORT_KEYS])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula (a value may start with = or +)
        out = io.BytesIO()
        book.save(out)
        return Response(out.getvalue(), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    abort(404)


@bp.get("/postings/<posting_id>/cvs/<cv_id>/file")
def cv_file(posting_id: str, cv_id: str):
    """A shortlisted candidate's CV file, fetched from intake with the grant the shortlist gave."""
    caller = require(EMPLOYER, OPERATOR)
    params = {"grant": request.args["grant"]} if request.args.get("grant") else None
    answer = upstream().call("intake", "GET", f"/api/v1/cvs/{cv_id}/file", token=caller.token, params=params)
    if not answer.ok:
        abort(404)
    headers = {k: answer.headers[k] for k in ("Content-Disposition",) if k in answer.headers}
    return Response(answer.content, mimetype=answer.headers.get("Content-Type", "application/octet-stream"), headers=headers)


EXPORT_KEYS = ("rank", "score", "name", "phone", "email", "matched", "partial", "missing", "constraints")


def _export_row(match: dict) -> dict:
    contact = match.get("contact") or {}
    explanation = match["explanation"]
    row = {
        "rank": match["rank"], "score": round(match["score"], 3),
        "name": contact.get("name") or "", "phone": contact.get("phone") or "", "email": contact.get("email") or "",
        "matched": ", ".join(explanation.get("matched_skills", [])),
        "partial": ", ".join(explanation.get("partial_skills", [])),
        "missing": ", ".join(explanation.get("missing_skills", [])),
        "constraints": ", ".join(f"{f['constraint']}: {f['result']}" for f in explanation.get("failed_constraints", [])),
    }
    return row


def _ranked(caller, posting_id: str) -> list[dict]:
    answer = upstream().call("matcher", "GET", f"/api/v1/postings/{posting_id}/matches", token=caller.token,
                             params={"limit": 100})
    # Live ranking lists every CV; a shortlist shows those with something in common with the posting.
    return [m for m in answer.body.get("matches", []) if m["score"] > 0] if answer.ok else []


def _posting(caller, posting_id: str) -> dict:
    answer = upstream().call("intake", "GET", f"/api/v1/postings/{posting_id}", token=caller.token)
    if not answer.ok:
        abort(404)
    return answer.body


def _fairs() -> list[dict]:
    answer = upstream().call("intake", "GET", "/api/v1/fairs", params={"limit": 100})
    return answer.body.get("fairs", []) if answer.ok else []


def _form() -> dict:
    posting = {name: (request.form.get(name) or "").strip() for name in TEXT_FIELDS}
    for name in LIST_FIELDS:
        posting[name] = [part.strip() for part in (request.form.get(name) or "").replace("،", ",").split(",") if part.strip()]
    return posting


def _clean(posting: dict) -> dict:
    """The form as intake takes it: empty fields left out (a policy without its value too)."""
    return {k: v for k, v in posting.items() if v not in ("", [], None)}


def _errors(answer) -> dict:
    found = answer.body.get("errors") or {}
    if not found:
        return {"form": g.t("error.field", detail=answer.body.get("detail", str(answer.status)))}
    return {field: g.t("error.field", detail="; ".join(map(str, m)) if isinstance(m, list) else str(m))
            for field, m in found.items()}
