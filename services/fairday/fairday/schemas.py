"""Request and response schemas of fairday's routes, as the OpenAPI document states them."""

from marshmallow import RAISE, Schema, fields, validate

from fairday.funnel import GROUPINGS, STAGES
from shared.events.schemas import OUTCOMES, SuggestedStall
from shared.http.fields import Text, UtcDateTime

MAX_NOTE = 500


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class CheckInIn(_Strict):
    """A registration code as typed or scanned (case, spaces, dashes and Bengali digits are fine)."""

    code = Text(required=True, max_length=40)


class CheckInOut(Schema):
    """A check-in and the stalls suggested with it, best first."""

    checkin_id = fields.String(required=True)
    cv_id = fields.String(required=True)
    code = fields.String(required=True)
    at = UtcDateTime(required=True)
    walk_in = fields.Boolean(required=True)
    stalls = fields.List(fields.Nested(SuggestedStall), required=True)
    stalls_pending = fields.Boolean(required=True, metadata={"description": "a walk-in's CV is still being matched: the stalls "
                                                                           "are sent when its matches arrive"})


class CodeOut(Schema):
    """What a volunteer sees of a code's candidate: no name, phone, email or CV text."""

    code = fields.String(required=True)
    initial = fields.String(allow_none=True, metadata={"description": "first letter of the name"})
    district = fields.String(allow_none=True)
    checked_in = fields.Boolean(required=True, metadata={"description": "already checked in at this fair"})


class VolunteerOut(Schema):
    """A volunteer's token for one fair, shown this once."""

    fair_id = fields.String(required=True)
    token = fields.String(required=True)


class VolunteerFairOut(Schema):
    """The fair a volunteer token is for."""

    fair_id = fields.String(required=True)


class StallOut(Schema):
    """An employer at a fair: its stall and whether it checked in as present (no one's personal data)."""

    employer_id = fields.String(required=True)
    employer = fields.String(required=True)
    stall = fields.String(allow_none=True)
    present = fields.Boolean(required=True)


class StallList(Schema):
    """The fair's employers, by name."""

    fair_id = fields.String(required=True)
    stalls = fields.List(fields.Nested(StallOut), required=True)


class PresenceIn(_Strict):
    """Where the employer's stall is (default: the stall on its postings)."""

    stall = Text(load_default=None, allow_none=True, max_length=40)


class PresenceOut(Schema):
    """An employer present at a fair."""

    fair_id = fields.String(required=True)
    employer_id = fields.String(required=True)
    stall = fields.String(allow_none=True)
    at = UtcDateTime(required=True)


class QueueEntry(Schema):
    """A candidate in a stall's queue: the registration code as reference, no contact details."""

    position = fields.Integer(required=True)
    cv_id = fields.String(required=True)
    reference = fields.String(allow_none=True)
    posting_id = fields.String(required=True)
    title = fields.String(required=True)
    score = fields.Float(required=True)
    checked_in_at = UtcDateTime(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("waiting", "called", "interviewed", "no_show", "busy_elsewhere")))
    call_id = fields.String(allow_none=True)


class QueueOut(Schema):
    """A stall's queue, best match first, and who is called now."""

    fair_id = fields.String(required=True)
    employer_id = fields.String(required=True)
    stall = fields.String(allow_none=True)
    present = fields.Boolean(required=True)
    queue = fields.List(fields.Nested(QueueEntry), required=True)
    called = fields.List(fields.Nested(QueueEntry), required=True)


class CallIn(_Strict):
    """Whom to call: a given candidate (and posting), or the first one waiting."""

    cv_id = Text(load_default=None, allow_none=True, max_length=36)
    posting_id = Text(load_default=None, allow_none=True, max_length=36)


class CallOut(Schema):
    """A call to a stall."""

    id = fields.String(required=True)
    fair_id = fields.String(required=True)
    cv_id = fields.String(required=True)
    employer_id = fields.String(required=True)
    posting_id = fields.String(allow_none=True)
    stall = fields.String(allow_none=True)
    status = fields.String(required=True)
    at = UtcDateTime(required=True)
    reference = fields.String(allow_none=True)
    title = fields.String(allow_none=True)


class InterviewIn(_Strict):
    """An interview's outcome: rating 1 (poor) to 4 (excellent), a short note, the outcome."""

    cv_id = Text(required=True, max_length=36)
    posting_id = Text(required=True, max_length=36)
    rating = fields.Integer(required=True, validate=validate.Range(1, 4))
    note = Text(load_default="", max_length=MAX_NOTE, multiline=True, blank_ok=True)
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))


class InterviewOut(Schema):
    """An interview; rating and note only for its employer and the operator."""

    id = fields.String(required=True)
    fair_id = fields.String(required=True)
    cv_id = fields.String(required=True)
    employer_id = fields.String(required=True)
    employer = fields.String(required=True)
    posting_id = fields.String(required=True)
    title = fields.String(required=True)
    outcome = fields.String(required=True)
    at = UtcDateTime(required=True)
    letter = fields.Boolean(required=True, metadata={"description": "an appointment letter: GET /api/v1/interviews/<id>/letter.pdf"})
    rating = fields.Integer()
    note = fields.String()


class InterviewList(Schema):
    """A stall's interviews at a fair, newest first."""

    interviews = fields.List(fields.Nested(InterviewOut), required=True)


class _Checkin(Schema):
    fair_id = fields.String(required=True)
    checkin_id = fields.String(required=True)
    at = UtcDateTime(required=True)
    stalls = fields.List(fields.Nested(SuggestedStall), required=True)


class _Place(Schema):
    fair_id = fields.String(required=True)
    employer_id = fields.String(required=True)
    stall = fields.String(allow_none=True)
    posting_id = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True)
    ahead = fields.Integer(required=True, metadata={"description": "candidates before this one still to be seen"})


class FairDayOut(Schema):
    """A candidate's own fair day."""

    cv_id = fields.String(required=True)
    checkins = fields.List(fields.Nested(_Checkin), required=True)
    queues = fields.List(fields.Nested(_Place), required=True)
    outcomes = fields.List(fields.Nested(InterviewOut), required=True)


class FunnelArgs(Schema):
    """How to break the funnel down."""

    by = fields.String(load_default=None, validate=validate.OneOf(GROUPINGS))


_STAGE_COUNTS = {stage: fields.Integer(required=True) for stage in STAGES}
FunnelGroup = Schema.from_dict({"key": fields.String(required=True), "label": fields.String(required=True), **_STAGE_COUNTS},
                               name="FunnelGroup")
FunnelTotals = Schema.from_dict(dict(_STAGE_COUNTS), name="FunnelTotals")


class FunnelOut(Schema):
    """Candidates at each stage, overall and per group; jobs created from recorded outcomes only."""

    fair_id = fields.String(required=True)
    stages = fields.List(fields.String(), required=True)
    totals = fields.Nested(FunnelTotals, required=True)
    jobs_created = fields.Integer(required=True)
    by = fields.String(allow_none=True)
    groups = fields.List(fields.Nested(FunnelGroup), required=True)


class ImportOut(Schema):
    """How many records of each kind an import added (0 for what was there already)."""

    added = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class FairdayStats(Schema):
    """What fairday holds and how its consumer and outbox are doing."""

    cvs = fields.Integer(required=True)
    matches = fields.Integer(required=True)
    checkins = fields.Integer(required=True)
    interviews = fields.Integer(required=True)
    events_processed = fields.Integer(required=True)
    consumer = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    dead_letters = fields.Integer(allow_none=True)
    outbox_backlog = fields.Integer(required=True)
