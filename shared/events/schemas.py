"""Marshmallow schemas for each event's ``data``, keyed by event type and version.

Producers load with ``unknown=RAISE`` (strict); consumers load with ``unknown=EXCLUDE``
(tolerant reader), so a producer may add fields without breaking older consumers. Events carry
what their consumers need and no more personal data than that: contact details travel only in
``candidate.registered``, which only the notifier consumes.
"""

from marshmallow import Schema, fields, validate

from shared.events import types
from shared.vocabulary import POLICIES

LANGUAGES = ("en", "bn")


class PostingPublished(Schema):
    """A posting is open for matching, with its optional constraints (see shared.vocabulary)."""

    posting_id = fields.String(required=True)
    fair_id = fields.String(allow_none=True, load_default=None)
    employer = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    skills = fields.List(fields.String(), load_default=list)
    location = fields.String(allow_none=True, load_default=None)
    location_policy = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(POLICIES))
    required_languages = fields.List(fields.String(), load_default=list)
    language_policy = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(POLICIES))
    min_education = fields.String(allow_none=True, load_default=None)
    education_policy = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(POLICIES))


CONSTRAINT_FIELDS = ("location_policy", "required_languages", "language_policy", "min_education", "education_policy")


class CvReceived(Schema):
    """A CV's matchable content (no name or contact details)."""

    cv_id = fields.String(required=True)
    fair_id = fields.String(allow_none=True, load_default=None)
    text = fields.String(required=True)
    skills = fields.List(fields.String(), load_default=list)
    location = fields.String(allow_none=True, load_default=None)
    language_pref = fields.String(required=True, validate=validate.OneOf(LANGUAGES))


class CandidateRegistered(Schema):
    """How to reach the candidate behind a CV, and in which language."""

    cv_id = fields.String(required=True)
    name = fields.String(required=True)
    email = fields.String(allow_none=True, load_default=None)
    phone = fields.String(allow_none=True, load_default=None)
    language_pref = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    fair_name = fields.String(allow_none=True, load_default=None)


class MatchFound(Schema):
    """A CV and a posting matched above the matcher's threshold."""

    posting_id = fields.String(required=True)
    cv_id = fields.String(required=True)
    score = fields.Float(required=True)
    posting_title = fields.String(required=True)
    employer = fields.String(required=True)
    explanation = fields.Dict(load_default=dict)


class NotificationSent(Schema):
    """The notifier delivered a notice to a candidate."""

    notification_id = fields.String(required=True)
    cv_id = fields.String(required=True)
    posting_id = fields.String(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(("email", "sms")))


SCHEMAS: dict[tuple[str, int], type[Schema]] = {
    (types.POSTING_PUBLISHED, 1): PostingPublished,
    (types.CV_RECEIVED, 1): CvReceived,
    (types.CANDIDATE_REGISTERED, 1): CandidateRegistered,
    (types.MATCH_FOUND, 1): MatchFound,
    (types.NOTIFICATION_SENT, 1): NotificationSent,
}
