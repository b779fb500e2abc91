"""Response schemas: what intake answers, as the OpenAPI document states it."""

from marshmallow import Schema, fields

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


class PostingOut(Schema):
    """A stored posting with its constraints."""

    id = fields.String(required=True)
    fair_id = fields.String(allow_none=True)
    employer = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    skills = fields.List(fields.String(), required=True)
    location = fields.String(allow_none=True)
    location_policy = fields.String(allow_none=True)
    required_languages = fields.List(fields.String(), required=True)
    language_policy = fields.String(allow_none=True)
    min_education = fields.String(allow_none=True)
    education_policy = fields.String(allow_none=True)
    created_at = UtcDateTime(required=True)


class CvOut(Schema):
    """A stored CV with its candidate's contact details."""

    id = fields.String(required=True)
    fair_id = fields.String(allow_none=True)
    name = fields.String(required=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    language_pref = fields.String(required=True)
    text = fields.String(required=True)
    skills = fields.List(fields.String(), required=True)
    location = fields.String(allow_none=True)
    created_at = UtcDateTime(required=True)


class IntakeStats(Schema):
    """Stored counts and events not yet published."""

    fairs = fields.Integer(required=True)
    postings = fields.Integer(required=True)
    cvs = fields.Integer(required=True)
    outbox_backlog = fields.Integer(required=True)
