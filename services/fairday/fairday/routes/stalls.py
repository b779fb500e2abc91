"""A stall's routes: its queue, calls, no-shows and interviews, and appointment letters."""

from __future__ import annotations

from flask import Response, abort
from sqlalchemy import select

from fairday import interviews, queues, tables
from fairday.routes import changing, reading, service, short_ids
from fairday.schemas import CallIn, CallOut, InterviewIn, InterviewList, InterviewOut, QueueOut
from fairday.letter_fonts import LetterFontsMissing
from fairday.offer_letters import letter_for
from fairday.stalls import stall_of
from shared.auth.principal import CANDIDATE, EMPLOYER, OPERATOR
from shared.http.access import allow, current_principal
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("stalls", __name__, url_prefix="/api/v1", description="Stall queues, calls and interviews")
bp.url_value_preprocessor(short_ids)


def _own_stall(employer_id: str) -> None:
    principal = current_principal()
    if not (principal.is_operator or principal.is_employer(employer_id)):
        abort(404, f"No stall {employer_id} for this credential.")


@bp.get("/fairs/<fair_id>/stalls/<employer_id>/queue")
@allow(OPERATOR, EMPLOYER)
@bp.response(200, QueueOut)
def queue(fair_id: str, employer_id: str):
    """Checked-in candidates matching the stall's open postings, best match first, and who is called now."""
    _own_stall(employer_id)
    with reading() as conn:
        entries = queues.stall_queue(conn, fair_id, employer_id, service().clock())
        p = tables.presence
        present = conn.execute(select(p.c.id).where(p.c.fair_id == fair_id, p.c.employer_id == employer_id)).first() is not None
        stall = stall_of(conn, fair_id, employer_id)
    return {"fair_id": fair_id, "employer_id": employer_id, "stall": stall, "present": present, "queue": entries,
            "called": [e for e in entries if e["status"] == queues.CALLED]}


@bp.post("/fairs/<fair_id>/stalls/<employer_id>/calls")
@allow(OPERATOR, EMPLOYER)
@bp.arguments(CallIn)
@bp.response(201, CallOut)
def call(body, fair_id: str, employer_id: str):
    """Call the given or the next waiting candidate to the stall; 409 while another stall's call holds them."""
    _own_stall(employer_id)
    wired = service()
    with changing() as conn:
        return queues.call_next(conn, fair_id, employer_id, wired.clock(), hold_seconds=wired.config.call_hold_seconds,
                                cv_id=body.get("cv_id"), posting_id=body.get("posting_id"))


@bp.post("/calls/<call_id>/no-show")
@allow(OPERATOR, EMPLOYER)
@bp.response(200, CallOut)
def no_show(call_id: str):
    """The called candidate did not come: frees them for other stalls."""
    principal = current_principal()
    with changing() as conn:
        return queues.mark_no_show(conn, call_id, None if principal.is_operator else principal.subject, service().clock())


@bp.post("/interviews")
@allow(EMPLOYER)
@bp.arguments(InterviewIn)
@bp.response(201, InterviewOut)
def record(body):
    """Record an interview's rating, note and outcome; an offer or hire comes with an appointment letter."""
    with changing() as conn:
        return interviews.record_interview(conn, current_principal().subject, body, service().clock())


@bp.get("/fairs/<fair_id>/stalls/<employer_id>/interviews")
@allow(OPERATOR, EMPLOYER)
@bp.response(200, InterviewList)
def stall_interviews(fair_id: str, employer_id: str):
    """The stall's own interviews at the fair, newest first."""
    _own_stall(employer_id)
    with reading() as conn:
        return {"interviews": interviews.interviews_of_employer(conn, fair_id, employer_id)}


@bp.get("/interviews/<interview_id>")
@allow(OPERATOR, EMPLOYER, CANDIDATE)
@bp.response(200, InterviewOut)
def one_interview(interview_id: str):
    """One interview: its employer and the operator see the rating and note, its candidate the outcome."""
    with reading() as conn:
        row = _readable_interview(conn, interview_id)
    return interviews.shown(row, for_employer=not current_principal().is_candidate(row["cv_id"]))


@bp.get("/interviews/<interview_id>/letter.pdf")
@allow(OPERATOR, EMPLOYER, CANDIDATE)
@bp.response(200, description="The appointment letter, a one-page PDF in Bengali and English", content_type="application/pdf")
def letter(interview_id: str):
    """The offer or appointment letter of an interview that ended in one; 404 for other outcomes."""
    with reading() as conn:
        row = _readable_interview(conn, interview_id)
        cv = conn.execute(select(tables.cvs).where(tables.cvs.c.id == row["cv_id"])).mappings().first()
    if row["outcome"] not in interviews.WITH_LETTER or cv is None:
        abort(404, f"Interview {interview_id} has no letter.")
    try:
        pdf = letter_for(row, cv)
    except LetterFontsMissing as exc:
        abort(503, str(exc))
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="letter-{row["id"][:36]}.pdf"', "Cache-Control": "private, no-store"})


def _readable_interview(conn, interview_id: str) -> dict:
    row = interviews.interview(conn, interview_id)
    principal = current_principal()
    if not (principal.is_operator or principal.is_employer(row["employer_id"]) or principal.is_candidate(row["cv_id"])):
        abort(404, f"No interview {interview_id} here.")
    return row
