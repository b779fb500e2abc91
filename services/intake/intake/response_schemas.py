"""Response schemas: what intake answers, as the OpenAPI document states it."""

from marshmallow import Schema, fields, validate

from shared.http.fields import UtcDateTime


class FairOut(Schema):
    """A stored fair."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    division = fields.String(required=True)
    venue = fields.String(allow_none=True)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    created_at = UtcDateTime(required=True)


class FairList(Schema):
    """A page of fairs, oldest first."""

    fairs = fields.List(fields.Nested(FairOut), required=True)


class EmployerOut(Schema):
    """An employer account (its API key is never shown again)."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    created_at = UtcDateTime(required=True)


class EmployerCreated(EmployerOut):
    """A new employer account with its API key: shown in this answer only, keep it safe."""

    api_key = fields.String(metadata={"description": "Bearer credential of this employer; only its hash is stored"})


class EmployerList(Schema):
    """A page of employers, oldest first."""

    employers = fields.List(fields.Nested(EmployerOut), required=True)


class PostingOut(Schema):
    """A stored posting with its constraints."""

    id = fields.String(required=True)
    fair_id = fields.String(allow_none=True)
    employer_id = fields.String(required=True)
    employer = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    skills = fields.List(fields.String(), required=True)
    location = fields.String(allow_none=True)
    stall = fields.String(allow_none=True)
    location_policy = fields.String(allow_none=True)
    required_languages = fields.List(fields.String(), required=True)
    language_policy = fields.String(allow_none=True)
    min_education = fields.String(allow_none=True)
    education_policy = fields.String(allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(("open", "closed")))
    closed_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)


class PostingList(Schema):
    """A page of postings, oldest first."""

    postings = fields.List(fields.Nested(PostingOut), required=True)


class ConsentOut(Schema):
    """One consent: whether it is given, and when it was last stated (null: never stated)."""

    given = fields.Boolean(required=True)
    at = UtcDateTime(allow_none=True)


class Consents(Schema):
    """The candidate's three consents."""

    share_with_employers = fields.Nested(ConsentOut, required=True)
    notify_by_sms = fields.Nested(ConsentOut, required=True)
    notify_by_email = fields.Nested(ConsentOut, required=True)


SOURCES = ("typed", "pdf", "docx", "text")


class CvOut(Schema):
    """A stored CV with its candidate's contact details and consents."""

    id = fields.String(required=True)
    fair_id = fields.String(allow_none=True)
    name = fields.String(required=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    language_pref = fields.String(required=True)
    text = fields.String(required=True)
    skills = fields.List(fields.String(), required=True)
    location = fields.String(allow_none=True)
    institution = fields.String(allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(("active", "withdrawn")))
    source = fields.String(required=True, validate=validate.OneOf(SOURCES),
                           metadata={"description": "typed, or the kind of file the text was read from (GET .../file)"})
    extraction = fields.String(required=True, validate=validate.OneOf(("ok", "needs_review")),
                               metadata={"description": "needs_review: a person should check the text (not matched while empty)"})
    extraction_reason = fields.String(allow_none=True, metadata={"description": "why it needs review, or how it was read"})
    channel = fields.String(validate=validate.OneOf(("kiosk", "desk", "import")),
                            metadata={"description": "how it came in: kiosk (anyone), desk (the operator), import (bulk)"})
    withdrawn_at = UtcDateTime(allow_none=True)
    contact_verified = fields.Boolean(required=True)
    consents = fields.Nested(Consents, required=True)
    created_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)
    candidate_token = fields.String(
        metadata={"description": "The candidate's bearer credential; only in the answer that created the CV"}
    )
    registration_code = fields.String(
        allow_none=True,
        metadata={"description": "What the candidate shows or reads out at a fair's gate to check in (XXX-XXXX)"},
    )


CHANGES = ("none", "updated", "awaiting_confirmation", "already_awaiting_confirmation")


class CvAgain(CvOut):
    """A CV handed in again by the same phone or email at the same fair.

    Its candidate (with their token) and the operator get the whole CV. Anyone else gets only
    its ``id``, ``status``, ``change`` and ``detail``: a phone number is no secret, so nothing
    personal is shown and a changed text waits for the code sent to the stored contact.
    """

    name = fields.String()
    language_pref = fields.String()
    source = fields.String(validate=validate.OneOf(SOURCES))
    extraction = fields.String(validate=validate.OneOf(("ok", "needs_review")))
    text = fields.String()
    skills = fields.List(fields.String())
    contact_verified = fields.Boolean()
    consents = fields.Nested(Consents)
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    change = fields.String(required=True, validate=validate.OneOf(CHANGES))
    detail = fields.String(metadata={"description": "What happens next, for a caller who does not hold the CV's token"})


class IntakeStats(Schema):
    """Stored counts and events not yet published."""

    fairs = fields.Integer(required=True)
    employers = fields.Integer(required=True)
    postings = fields.Integer(required=True)
    cvs = fields.Integer(required=True)
    outbox_backlog = fields.Integer(required=True)


class ImportRowOut(Schema):
    """What became of one row of the sheet (rows count from 1 under the header)."""

    row = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("accepted", "duplicate", "rejected")))
    cv_id = fields.String(allow_none=True, metadata={"description": "the new CV (accepted) or the existing one (duplicate)"})
    reason = fields.String(allow_none=True, metadata={"description": "why it was rejected, or what the duplicate is"})


class ImportCounts(Schema):
    """How many rows ended each way so far."""

    accepted = fields.Integer(required=True)
    duplicate = fields.Integer(required=True)
    rejected = fields.Integer(required=True)


class ImportOut(Schema):
    """A bulk import job and its report so far."""

    id = fields.String(required=True)
    fair_id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("running", "done")))
    sheet_name = fields.String(required=True)
    total = fields.Integer(required=True, metadata={"description": "rows in the sheet"})
    done = fields.Integer(required=True, metadata={"description": "rows handled so far"})
    counts = fields.Nested(ImportCounts, required=True)
    rows = fields.List(fields.Nested(ImportRowOut), required=True)
    created_at = UtcDateTime(required=True)
    finished_at = UtcDateTime(allow_none=True)


class FairCvCounts(Schema):
    """A fair's CVs, counted several ways."""

    total = fields.Integer(required=True)
    active = fields.Integer(required=True)
    withdrawn = fields.Integer(required=True)
    by_channel = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    by_source = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    by_extraction = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    by_district = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                              metadata={"description": "the 20 most common locations, and 'unknown'"})
    by_institution = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                                 metadata={"description": "the 20 most common universities or colleges given"})


class EmployerPostings(Schema):
    """One employer's postings at a fair."""

    employer_id = fields.String(required=True)
    employer = fields.String(required=True)
    open = fields.Integer(required=True)
    closed = fields.Integer(required=True)


class FairPostingCounts(Schema):
    """A fair's postings."""

    total = fields.Integer(required=True)
    open = fields.Integer(required=True)
    closed = fields.Integer(required=True)
    by_employer = fields.List(fields.Nested(EmployerPostings), required=True)


class FairImportCounts(Schema):
    """A fair's bulk imports."""

    total = fields.Integer(required=True)
    running = fields.Integer(required=True)
    done = fields.Integer(required=True)


class FairSummary(Schema):
    """What intake knows of a fair: CVs, postings and imports, counted."""

    fair_id = fields.String(required=True)
    cvs = fields.Nested(FairCvCounts, required=True)
    postings = fields.Nested(FairPostingCounts, required=True)
    imports = fields.Nested(FairImportCounts, required=True)
