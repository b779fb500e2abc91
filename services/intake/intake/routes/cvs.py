"""CVs: handed in by anyone, then read, changed, verified, withdrawn or erased by their candidate or the operator."""

from intake import cv_changes, cvs, erasure, handlers, tables, verification
from intake.consents import consents_view
from intake.response_schemas import CvOut
from intake.routes.access_checks import visible_cv
from intake.routes.context import correlation_id, service
from intake.schemas import CvChanges, CvIn, VerificationIn
from shared.auth.principal import ANYONE, CANDIDATE, OPERATOR
from shared.http.access import allow, current_principal
from intake.idempotency import idempotent
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("cvs", __name__, url_prefix="/api/v1/cvs", description="Candidates' CVs")


def _answer(row: dict, candidate_token: str | None = None) -> dict:
    answer = dict(row, consents=consents_view(row))
    if candidate_token is not None:
        answer["candidate_token"] = candidate_token
    return answer


def _own_cv(cv_id: str) -> dict:
    return visible_cv(handlers.get_row(service().engine, tables.cvs, cv_id), cv_id)


@bp.post("")
@idempotent
@allow(ANYONE)
@bp.arguments(CvIn)
@bp.response(201, CvOut)
@bp.alt_response(200, schema=CvOut, description="The same candidate's CV at this fair: returned, or updated with a changed text")
def receive_cv(cv):
    """Accept a CV (201 with the candidate's token, shown once); from the operator its contact counts as verified."""
    received = cvs.receive_cv(service().engine, cv, verified=current_principal().is_operator, correlation_id=correlation_id())
    service().relay.wake()
    location = {"Location": f"/api/v1/cvs/{received.row['id']}"}
    if received.is_new:
        return _answer(received.row, received.candidate_token), 201, location
    return _answer(received.row), 200, location


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
