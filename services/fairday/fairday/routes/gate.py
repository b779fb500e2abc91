"""The gate's routes: volunteer tokens, employers present, candidates checked in, codes looked up."""

from __future__ import annotations

from flask import abort

from fairday import gate
from fairday.routes import changing, reading, service, short_ids
from fairday.schemas import CheckInIn, CheckInOut, CodeOut, PresenceIn, PresenceOut, StallList, VolunteerFairOut, VolunteerOut
from fairday.stalls import stalls_at_fair
from shared.auth.principal import EMPLOYER, OPERATOR, VOLUNTEER
from shared.http.access import allow, current_principal
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("gate", __name__, url_prefix="/api/v1", description="The gate: check-in, presence, volunteers")
bp.url_value_preprocessor(short_ids)


def _at_this_fair(fair_id: str) -> None:
    principal = current_principal()
    if not (principal.is_operator or principal.is_volunteer_at(fair_id)):
        abort(404, f"No fair {fair_id} for this credential.")


@bp.post("/fairs/<fair_id>/volunteers")
@allow(OPERATOR)
@bp.response(201, VolunteerOut)
def add_volunteer(fair_id: str):
    """A new volunteer token for the fair (shown once; only its hash is kept)."""
    with changing() as conn:
        return {"fair_id": fair_id, "token": gate.new_volunteer(conn, fair_id, service().clock())}


@bp.get("/volunteers/me")
@allow(VOLUNTEER)
@bp.response(200, VolunteerFairOut)
def volunteer_fair():
    """The fair of the calling volunteer's token (the portal signs volunteers in with it)."""
    return {"fair_id": current_principal().subject}


@bp.get("/fairs/<fair_id>/stalls")
@allow(OPERATOR, VOLUNTEER)
@bp.response(200, StallList)
def fair_stalls(fair_id: str):
    """The fair's employers with their stalls and whether each is present, for the gate to mark them."""
    _at_this_fair(fair_id)
    with reading() as conn:
        return {"fair_id": fair_id, "stalls": stalls_at_fair(conn, fair_id)}


@bp.post("/fairs/<fair_id>/checkins")
@allow(OPERATOR, VOLUNTEER)
@bp.arguments(CheckInIn)
@bp.response(201, CheckInOut)
@bp.alt_response(200, schema=CheckInOut, description="Checked in before: the first check-in, nothing sent again")
def check_in(body, fair_id: str):
    """Check a candidate in by registration code; suggests the best stalls of employers present."""
    _at_this_fair(fair_id)
    wired = service()
    with changing() as conn:
        answer, created = gate.check_in(conn, fair_id, body["code"], wired.clock(), walk_in_seconds=wired.config.walk_in_seconds,
                                        suggestions=wired.config.suggested_stalls)
    return answer, 201 if created else 200


@bp.get("/fairs/<fair_id>/codes/<registration_code>")
@allow(OPERATOR, VOLUNTEER)
@bp.response(200, CodeOut)
def look_up(fair_id: str, registration_code: str):
    """Whether a code is known and checked in here: the name's initial and district only."""
    _at_this_fair(fair_id)
    with reading() as conn:
        return gate.look_up_code(conn, fair_id, registration_code)


@bp.post("/fairs/<fair_id>/employers/<employer_id>/presence")
@allow(OPERATOR, VOLUNTEER, EMPLOYER)
@bp.arguments(PresenceIn)
@bp.response(201, PresenceOut)
@bp.alt_response(200, schema=PresenceOut, description="Present before: the first check-in")
def mark_present(body, fair_id: str, employer_id: str):
    """Mark an employer present at its stall (by a volunteer of the fair, the operator or the employer itself)."""
    principal = current_principal()
    if not (principal.is_operator or principal.is_volunteer_at(fair_id) or principal.is_employer(employer_id)):
        abort(404, f"No employer {employer_id} at fair {fair_id} for this credential.")
    with changing() as conn:
        row, created = gate.mark_present(conn, fair_id, employer_id, body.get("stall"), service().clock())
    return row, 201 if created else 200
