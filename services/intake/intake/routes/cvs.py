"""CVs: handed in by anyone, then read, changed, verified, withdrawn or erased by their candidate or the operator."""

import io

from flask import abort, current_app, jsonify, make_response, request, send_file

from intake import change_confirmation, cv_changes, cvs, erasure, handlers, tables, verification
from intake.consents import consents_view
from intake.cv_events import shown_code
from intake.response_schemas import CvAgain, CvOut
from intake.routes.access_checks import may_read_file, visible_cv
from intake.routes.context import correlation_id, service
from intake.cv_upload import FORM_OVERHEAD, read_cv_request
from intake.schemas import CvChanges, CvIn, CvUploadDoc, FileGrantArgs, VerificationIn
from shared.auth.principal import ANYONE, CANDIDATE, EMPLOYER, OPERATOR
from shared.http.guards import body_limit
from shared.http.access import allow, current_principal
from intake.idempotency import idempotent
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("cvs", __name__, url_prefix="/api/v1/cvs", description="Candidates' CVs")


def _answer(row: dict, candidate_token: str | None = None) -> dict:
    answer = dict(row, consents=consents_view(row), registration_code=shown_code(row))
    if candidate_token is not None:
        answer["candidate_token"] = candidate_token
    return answer


# What a caller who does not hold the CV's token is told about a CV handed in again.
_NEXT_STEP = {
    cvs.UNCHANGED: "This CV was already handed in; nothing changed. Use your private link to see it.",
    change_confirmation.HELD: "If this is your CV, a code was sent to its phone or email: give it at "
    "/api/v1/cvs/{id}/confirm-change (or at the fair's desk) to apply the change and get a new private link.",
    change_confirmation.ALREADY_HELD: "A change to this CV already waits for the code sent to its phone or "
    "email; give that code, or try again later.",
}


def _again_answer(received: cvs.ReceivedCv) -> dict:
    """The answer to a CV handed in again: whole for its owner, else its id, status and what happens next."""
    if received.owned:
        return dict(_answer(received.row), change=received.change)
    row = received.row
    return {"id": row["id"], "status": row["status"], "fair_id": row["fair_id"], "change": received.change,
            "detail": _NEXT_STEP[received.change].format(id=row["id"])}


def _own_cv(cv_id: str) -> dict:
    return visible_cv(handlers.get_row(service().engine, tables.cvs, cv_id), cv_id)


CV_REQUEST_BODY = {
    "required": True,
    "content": {"application/json": {"schema": CvIn}, "multipart/form-data": {"schema": CvUploadDoc}},
}


def _cv_body_limit() -> int:
    """A form may carry a file (up to INTAKE_MAX_FILE_BYTES); JSON keeps the service's own limit."""
    if request.mimetype == "multipart/form-data":
        return service().config.max_file_bytes + FORM_OVERHEAD
    return current_app.config["MAX_CONTENT_LENGTH"]


@bp.post("")
@body_limit(_cv_body_limit)
@idempotent
@allow(ANYONE)
@bp.doc(requestBody=CV_REQUEST_BODY)
@bp.response(201, CvOut)
@bp.alt_response(200, schema=CvAgain, description="The same phone or email handed in this CV at this fair before: "
                 "unchanged, or (for its candidate or the operator) updated with the changed text")
@bp.alt_response(202, schema=CvAgain, description="A changed CV from the same phone or email, without its candidate's "
                 "token: the change waits for the code sent to the stored contact")
def receive_cv():
    """Accept a CV as JSON text or a form with a file (201 with the candidate's token, shown once).

    From the operator its contact counts as verified. A file is read in a separate process: 413 too
    large, 415 not PDF, DOCX or text, 422 unreadable; a scan without text is kept for review.
    """
    cv, source = read_cv_request(request, service().config.max_file_bytes)
    caller = current_principal()
    received = cvs.receive_cv(
        service().engine,
        cv,
        verified=caller.is_operator,
        caller_cv_id=caller.subject if caller.role == CANDIDATE else None,
        correlation_id=correlation_id(),
        source=source,
    )
    service().relay.wake()
    location = {"Location": f"/api/v1/cvs/{received.row['id']}"}
    if received.is_new:
        return _answer(received.row, received.candidate_token), 201, location
    status = 202 if received.change in (change_confirmation.HELD, change_confirmation.ALREADY_HELD) else 200
    return make_response(jsonify(CvAgain().dump(_again_answer(received))), status, location)  # not CvOut: see CvAgain


@bp.get("/<cv_id>/file")
@allow(OPERATOR, CANDIDATE, EMPLOYER)
@bp.arguments(FileGrantArgs, location="query")
@bp.response(200, description="The CV file as handed in (PDF, DOCX or text)",
             content_type="application/octet-stream")
def download_cv_file(args, cv_id: str):
    """Download the file a CV was handed in as: its candidate, the operator, or an employer with the shortlist's grant."""
    row = handlers.get_row(service().engine, tables.cvs, cv_id)
    admin_token = service().config.auth.admin_token
    if row is None or not may_read_file(current_principal(), row, args.get("grant"), admin_token):
        abort(404, "Nothing here for this credential.")
    kept = handlers.get_row(service().engine, tables.cv_files, cv_id, key="cv_id")
    if kept is None:
        abort(404, "This CV was typed, not handed in as a file.")
    # send_file writes a non-ASCII (Bengali) name as RFC 6266 filename*, with an ASCII fallback.
    return send_file(io.BytesIO(kept["data"]), mimetype=kept["media_type"], as_attachment=True,
                     download_name=kept["filename"], max_age=0)


@bp.post("/<cv_id>/confirm-change")
@idempotent
@allow(ANYONE)
@bp.arguments(VerificationIn)
@bp.response(200, CvOut)
def confirm_change(body, cv_id: str):
    """Apply a change handed in without the token, with the code sent to the CV's contact (200 with a new token)."""
    row, token = change_confirmation.confirm_change(service().engine, cv_id, body["code"], correlation_id())
    service().relay.wake()
    return _answer(row, token)


@bp.get("/<cv_id>")
@allow(OPERATOR, CANDIDATE)
@bp.response(200, CvOut)
def get_cv(cv_id: str):
    """Read one CV."""
    return _answer(_own_cv(cv_id))


@bp.patch("/<cv_id>")
@allow(OPERATOR, CANDIDATE)
@bp.arguments(CvChanges)
@bp.response(200, CvOut)
def update_cv(changes, cv_id: str):
    """Correct a CV or change its consents (false withdraws one); a changed contact is verified again."""
    _own_cv(cv_id)
    row = cv_changes.update_cv(service().engine, cv_id, changes, by_operator=current_principal().is_operator,
                               correlation_id=correlation_id())
    service().relay.wake()
    return _answer(row)


@bp.post("/<cv_id>/verify")
@idempotent
@allow(OPERATOR, CANDIDATE)
@bp.arguments(VerificationIn)
@bp.response(200, CvOut)
def verify_contact(body, cv_id: str):
    """Confirm the candidate's contact with the code sent to it (5 wrong codes lock the candidate out: 429)."""
    _own_cv(cv_id)
    row = verification.verify_contact(
        service().engine, cv_id, body["code"], by_operator=current_principal().is_operator, correlation_id=correlation_id()
    )
    service().relay.wake()
    return _answer(row)


@bp.post("/<cv_id>/withdraw")
@idempotent
@allow(OPERATOR, CANDIDATE)
@bp.response(200, CvOut)
def withdraw_cv(cv_id: str):
    """Withdraw a CV from matching; withdrawing again changes nothing."""
    _own_cv(cv_id)
    row = cv_changes.withdraw_cv(service().engine, cv_id, correlation_id())
    service().relay.wake()
    return _answer(row)


@bp.delete("/<cv_id>")
@allow(OPERATOR, CANDIDATE)
@bp.response(204)
def erase_candidate(cv_id: str):
    """Erase the candidate: intake forgets them and tells the other services to (candidate.erased)."""
    _own_cv(cv_id)
    erasure.erase_candidate(service().engine, cv_id, correlation_id())
    service().relay.wake()
    return "", 204
