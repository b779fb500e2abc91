"""Marshmallow schemas for each event's ``data``, keyed by event type and version.

Producers load with ``unknown=RAISE`` (strict); consumers load with ``unknown=EXCLUDE``
(tolerant reader), so a producer may add fields without breaking older consumers. Events carry
what their consumers need and no more personal data than that: a candidate's contact details
travel in ``candidate.registered`` and ``candidate.updated``, which only the notifier consumes;
the matcher gets them (``shared_contact`` of ``cv.received``/``cv.updated``) only for a
candidate who consented to share them with employers. Credentials travel only as SHA-256
hashes (``shared.auth.tokens``), so the matcher and notifier can check them.
"""

from marshmallow import Schema, fields, validate

from shared.events import types
from shared.vocabulary import POLICIES

LANGUAGES = ("en", "bn")
CODE_PURPOSES = ("verification", "change")


class EmployerRegistered(Schema):
    """An employer account exists; ``key_hash`` is the SHA-256 of its API key."""

    employer_id = fields.String(required=True)
    name = fields.String(required=True)
    key_hash = fields.String(required=True)
    email = fields.String(allow_none=True, load_default=None, metadata={"description": "where its digest of new candidates goes"})


class PostingPublished(Schema):
    """A posting is open for matching, with its optional constraints (see shared.vocabulary)."""

    posting_id = fields.String(required=True)
    employer_id = fields.String(allow_none=True, load_default=None)
    fair_id = fields.String(allow_none=True, load_default=None)
    employer = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    skills = fields.List(fields.String(), load_default=list)
    location = fields.String(allow_none=True, load_default=None)
    stall = fields.String(allow_none=True, load_default=None)
    fair_name = fields.String(allow_none=True, load_default=None)
    fair_venue = fields.String(allow_none=True, load_default=None)
    fair_starts_on = fields.String(allow_none=True, load_default=None, metadata={"description": "ISO date"})
    location_policy = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(POLICIES))
    required_languages = fields.List(fields.String(), load_default=list)
    language_policy = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(POLICIES))
    min_education = fields.String(allow_none=True, load_default=None)
    education_policy = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(POLICIES))


class PostingUpdated(PostingPublished):
    """An open posting changed: all its fields as they are now."""


class PostingClosed(Schema):
    """A posting is closed: it leaves matching and gets no new notices."""

    posting_id = fields.String(required=True)


CONSTRAINT_FIELDS = ("location_policy", "required_languages", "language_policy", "min_education", "education_policy")


class SharedContact(Schema):
    """How an employer may reach a candidate who consented to share it."""

    name = fields.String(required=True)
    email = fields.String(allow_none=True, load_default=None)
    phone = fields.String(allow_none=True, load_default=None)


class CvReceived(Schema):
    """A CV's matchable content, with the candidate's identity removed from its text.

    ``candidate_token_hash`` lets the matcher recognise the candidate's token;
    ``shared_contact`` is present only with the candidate's consent to share with employers.
    """

    cv_id = fields.String(required=True)
    fair_id = fields.String(allow_none=True, load_default=None)
    text = fields.String(required=True)
    skills = fields.List(fields.String(), load_default=list)
    location = fields.String(allow_none=True, load_default=None)
    language_pref = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    candidate_token_hash = fields.String(allow_none=True, load_default=None)
    shared_contact = fields.Nested(SharedContact, allow_none=True, load_default=None)
    has_file = fields.Boolean(load_default=False, metadata={"description": "intake keeps the file it was handed in as"})
    registration_code = fields.String(allow_none=True, load_default=None, metadata={"description": "the code the candidate shows at a fair's gate"})
    institution = fields.String(allow_none=True, load_default=None, metadata={"description": "university or college, for a fair's funnel"})


class CvUpdated(CvReceived):
    """A CV was corrected or its sharing consent changed: its content as it is now."""


class CvWithdrawn(Schema):
    """The candidate withdrew a CV: it leaves matching and gets no new notices."""

    cv_id = fields.String(required=True)


class CandidateRegistered(Schema):
    """How to reach the candidate behind a CV, in which language, and what they consented to.

    Notices go only by a channel the candidate consented to (``notify_by_sms``,
    ``notify_by_email``) and only once the contact is verified (``contact_verified``; else the
    first message carries ``verification_code`` for the candidate to confirm at intake).
    ``code_purpose`` says what the code confirms: ``verification`` (the contact) or ``change``
    (a CV handed in again without the candidate's token; its code goes even to a verified contact).
    """

    cv_id = fields.String(required=True)
    name = fields.String(required=True)
    email = fields.String(allow_none=True, load_default=None)
    phone = fields.String(allow_none=True, load_default=None)
    language_pref = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    fair_name = fields.String(allow_none=True, load_default=None)
    fair_id = fields.String(allow_none=True, load_default=None)
    candidate_token_hash = fields.String(allow_none=True, load_default=None)
    notify_by_sms = fields.Boolean(load_default=False)
    notify_by_email = fields.Boolean(load_default=False)
    contact_verified = fields.Boolean(load_default=False)
    verification_code = fields.String(allow_none=True, load_default=None)
    code_purpose = fields.String(load_default="verification", validate=validate.OneOf(CODE_PURPOSES))
    registration_code = fields.String(allow_none=True, load_default=None, metadata={"description": "the code the candidate shows at a fair's gate"})


class CandidateUpdated(CandidateRegistered):
    """A candidate's contact details, language or consents changed: all of them as they are now."""


class CandidateVerified(Schema):
    """The candidate confirmed their contact: match notices may go to it."""

    cv_id = fields.String(required=True)


class CandidateErased(Schema):
    """Forget the candidate behind this CV: every service erases their personal data."""

    cv_id = fields.String(required=True)


class IndexUpdated(Schema):
    """Matcher replicas only: the stored ``kind`` document ``id`` changed (new, updated, closed,
    withdrawn or erased); each replica reloads it from the matcher database into its index."""

    kind = fields.String(required=True, validate=validate.OneOf(("posting", "cv")))
    id = fields.String(required=True, validate=validate.Length(min=1, max=36))


class MatchFound(Schema):
    """A CV and a posting matched above the matcher's threshold."""

    posting_id = fields.String(required=True)
    cv_id = fields.String(required=True)
    score = fields.Float(required=True)
    posting_title = fields.String(required=True)
    employer = fields.String(required=True)
    explanation = fields.Dict(load_default=dict, metadata={
        "description": "the match's skills (matched, partial, missing, Bengali labels) and top shared terms; "
                       "the whole explanation is the matcher's (shared.events.match_found.explanation_summary)"})


#: The most matches one version-2 ``match.found`` carries; a longer ranking is cut into several events.
MATCHES_PER_EVENT = 100


class MatchesFound(Schema):
    """Version 2 of ``match.found``: the new matches of one ranking (one CV against the postings, or one
    posting against the CVs), best first, in one event instead of one event each."""

    matches = fields.List(fields.Nested(MatchFound), required=True, validate=validate.Length(min=1, max=MATCHES_PER_EVENT))


class NotificationSent(Schema):
    """The notifier delivered a digest to a candidate: the postings it told them about, best first."""

    notification_id = fields.String(required=True)
    cv_id = fields.String(required=True)
    posting_ids = fields.List(fields.String(), required=True)
    channel = fields.String(required=True, validate=validate.OneOf(("email", "sms")))
    parts = fields.Integer(allow_none=True, load_default=None, metadata={"description": "SMS parts billed"})


OUTCOMES = ("shortlisted", "offer", "hired_on_the_spot", "consider_later", "not_suitable")


class EmployerCheckedIn(Schema):
    """An employer is present at its stall at a fair."""

    fair_id = fields.String(required=True)
    employer_id = fields.String(required=True)
    employer = fields.String(required=True)
    stall = fields.String(allow_none=True, load_default=None)
    at = fields.DateTime(required=True)


class SuggestedStall(Schema):
    """One stall worth visiting: a present employer's open posting the candidate matched."""

    stall = fields.String(allow_none=True, load_default=None)
    employer = fields.String(required=True)
    employer_id = fields.String(required=True)
    posting_id = fields.String(required=True)
    title = fields.String(required=True)
    score = fields.Float(required=True)


class CandidateCheckedIn(Schema):
    """A candidate came through a fair's gate; ``stalls``: up to three to visit, best first."""

    checkin_id = fields.String(required=True)
    fair_id = fields.String(required=True)
    cv_id = fields.String(required=True)
    at = fields.DateTime(required=True)
    walk_in = fields.Boolean(load_default=False)
    stalls = fields.List(fields.Nested(SuggestedStall), load_default=list)


class QueueCalled(Schema):
    """A stall called a candidate from its queue."""

    call_id = fields.String(required=True)
    fair_id = fields.String(required=True)
    cv_id = fields.String(required=True)
    employer_id = fields.String(required=True)
    employer = fields.String(required=True)
    posting_id = fields.String(allow_none=True, load_default=None)
    title = fields.String(allow_none=True, load_default=None)
    stall = fields.String(allow_none=True, load_default=None)
    at = fields.DateTime(required=True)


class QueueNoShow(Schema):
    """A called candidate did not come to the stall."""

    call_id = fields.String(required=True)
    fair_id = fields.String(required=True)
    cv_id = fields.String(required=True)
    employer_id = fields.String(required=True)
    stall = fields.String(allow_none=True, load_default=None)
    at = fields.DateTime(required=True)


class InterviewRecorded(Schema):
    """A stall recorded an interview's rating and outcome; ``letter``: an offer letter exists."""

    interview_id = fields.String(required=True)
    fair_id = fields.String(required=True)
    cv_id = fields.String(required=True)
    employer_id = fields.String(required=True)
    employer = fields.String(required=True)
    posting_id = fields.String(allow_none=True, load_default=None)
    title = fields.String(allow_none=True, load_default=None)
    rating = fields.Integer(required=True, validate=validate.Range(1, 4))
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    at = fields.DateTime(required=True)
    letter = fields.Boolean(load_default=False)


SCHEMAS: dict[tuple[str, int], type[Schema]] = {
    (types.EMPLOYER_REGISTERED, 1): EmployerRegistered,
    (types.POSTING_PUBLISHED, 1): PostingPublished,
    (types.POSTING_UPDATED, 1): PostingUpdated,
    (types.POSTING_CLOSED, 1): PostingClosed,
    (types.CV_RECEIVED, 1): CvReceived,
    (types.CV_UPDATED, 1): CvUpdated,
    (types.CV_WITHDRAWN, 1): CvWithdrawn,
    (types.CANDIDATE_REGISTERED, 1): CandidateRegistered,
    (types.CANDIDATE_UPDATED, 1): CandidateUpdated,
    (types.CANDIDATE_VERIFIED, 1): CandidateVerified,
    (types.CANDIDATE_ERASED, 1): CandidateErased,
    (types.MATCH_FOUND, 1): MatchFound,
    (types.MATCH_FOUND, 2): MatchesFound,
    (types.NOTIFICATION_SENT, 1): NotificationSent,
    (types.INDEX_UPDATED, 1): IndexUpdated,
    (types.EMPLOYER_CHECKED_IN, 1): EmployerCheckedIn,
    (types.CANDIDATE_CHECKED_IN, 1): CandidateCheckedIn,
    (types.QUEUE_CALLED, 1): QueueCalled,
    (types.QUEUE_NO_SHOW, 1): QueueNoShow,
    (types.INTERVIEW_RECORDED, 1): InterviewRecorded,
}
