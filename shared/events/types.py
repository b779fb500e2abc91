"""Every event type on the bus, in one place. The routing key of an event is its type."""

EMPLOYER_REGISTERED = "employer.registered"
POSTING_PUBLISHED = "posting.published"
POSTING_UPDATED = "posting.updated"
POSTING_CLOSED = "posting.closed"
CV_RECEIVED = "cv.received"
CV_UPDATED = "cv.updated"
CV_WITHDRAWN = "cv.withdrawn"
CANDIDATE_REGISTERED = "candidate.registered"
CANDIDATE_UPDATED = "candidate.updated"
CANDIDATE_VERIFIED = "candidate.verified"
CANDIDATE_ERASED = "candidate.erased"
MATCH_FOUND = "match.found"
NOTIFICATION_SENT = "notification.sent"
#: Internal to the matcher: a stored document changed; every replica reloads it into its index.
#: Published on the fanout exchange ``jobmatch.index-updates``, not on ``jobmatch.events``.
INDEX_UPDATED = "index.updated"
#: Fair day (the fairday service; see docs/fair-day.md).
EMPLOYER_CHECKED_IN = "employer.checked_in"
CANDIDATE_CHECKED_IN = "candidate.checked_in"
QUEUE_CALLED = "queue.called"
QUEUE_NO_SHOW = "queue.no_show"
INTERVIEW_RECORDED = "interview.recorded"

ALL_EVENT_TYPES = (
    EMPLOYER_REGISTERED,
    POSTING_PUBLISHED,
    POSTING_UPDATED,
    POSTING_CLOSED,
    CV_RECEIVED,
    CV_UPDATED,
    CV_WITHDRAWN,
    CANDIDATE_REGISTERED,
    CANDIDATE_UPDATED,
    CANDIDATE_VERIFIED,
    CANDIDATE_ERASED,
    MATCH_FOUND,
    NOTIFICATION_SENT,
    INDEX_UPDATED,
    EMPLOYER_CHECKED_IN,
    CANDIDATE_CHECKED_IN,
    QUEUE_CALLED,
    QUEUE_NO_SHOW,
    INTERVIEW_RECORDED,
)
