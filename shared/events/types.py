"""Every event type on the bus, in one place. The routing key of an event is its type."""

POSTING_PUBLISHED = "posting.published"
CV_RECEIVED = "cv.received"
CANDIDATE_REGISTERED = "candidate.registered"
MATCH_FOUND = "match.found"
NOTIFICATION_SENT = "notification.sent"

ALL_EVENT_TYPES = (
    POSTING_PUBLISHED,
    CV_RECEIVED,
    CANDIDATE_REGISTERED,
    MATCH_FOUND,
    NOTIFICATION_SENT,
)
