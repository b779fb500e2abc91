"""Query and response schemas of the matcher's routes, as the OpenAPI document states them."""

from marshmallow import Schema, fields, validate

MAX_LIMIT = 100


class RankingArgs(Schema):
    """How many counterparts to rank."""

    limit = fields.Integer(load_default=10, validate=validate.Range(1, MAX_LIMIT))


class _Match(Schema):
    rank = fields.Integer(required=True)
    score = fields.Float(required=True)
    explanation = fields.Dict(required=True, metadata={"description": "Components, skills, constraints, top terms"})


class SharedContact(Schema):
    """How to reach a candidate who consented to share it with employers."""

    name = fields.String(required=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class CvMatch(_Match):
    """One CV ranked for a posting; ``contact`` is null unless the candidate consented to share it."""

    cv_id = fields.String(required=True)
    contact = fields.Nested(SharedContact, allow_none=True, required=True)
    file_grant = fields.String(
        allow_none=True,
        metadata={"description": "For the posting's employer, where the candidate consented to share and handed in a "
                                 "file: fetch the CV as handed in with GET /api/v1/cvs/<cv_id>/file?grant=<file_grant> on intake (24 hours)"},
    )


class PostingMatch(_Match):
    """One posting ranked for a CV, with its title and employer."""

    posting_id = fields.String(required=True)
    title = fields.String(allow_none=True)
    employer = fields.String(allow_none=True)


class PostingRanking(Schema):
    """A posting's CVs, best first."""

    posting_id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("open", "closed")))
    matches = fields.List(fields.Nested(CvMatch), required=True)


class CvRanking(Schema):
    """A CV's postings, best first."""

    cv_id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("active", "withdrawn")))
    matches = fields.List(fields.Nested(PostingMatch), required=True)


class MatcherStats(Schema):
    """Indexed documents, published matches, consumer outcomes, dead letters and unpublished events."""

    postings = fields.Integer(required=True)
    cvs = fields.Integer(required=True)
    matches_published = fields.Integer(required=True)
    events_processed = fields.Integer(required=True)
    consumer = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    dead_letters = fields.Integer(allow_none=True)
    outbox_backlog = fields.Integer(required=True)
    index_load_failures = fields.Integer(required=True, metadata={"description": "Stored documents skipped at start"})


class FairCvs(Schema):
    """A fair's CVs in the index, and how many have a match."""

    indexed = fields.Integer(required=True)
    matched = fields.Integer(required=True)


class FairPostings(Schema):
    """A fair's postings by status."""

    open = fields.Integer(required=True)
    closed = fields.Integer(required=True)


class PostingMatchCount(Schema):
    """How many matches a posting has."""

    posting_id = fields.String(required=True)
    title = fields.String(required=True)
    employer = fields.String(required=True)
    matches = fields.Integer(required=True)


class FairMatches(Schema):
    """A fair's stored matches."""

    total = fields.Integer(required=True)
    by_posting = fields.List(fields.Nested(PostingMatchCount), required=True)


class MissingSkill(Schema):
    """A skill the fair's matched candidates lack: in how many postings, for how many candidates."""

    skill = fields.String(required=True)
    postings = fields.Integer(required=True)
    candidates = fields.Integer(required=True)


class FairSummary(Schema):
    """What the matcher knows of a fair."""

    fair_id = fields.String(required=True)
    cvs = fields.Nested(FairCvs, required=True)
    postings = fields.Nested(FairPostings, required=True)
    matches = fields.Nested(FairMatches, required=True)
    top_missing_skills = fields.List(fields.Nested(MissingSkill), required=True)
