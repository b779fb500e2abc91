"""The kinds of message the notifier sends a candidate, and the rules each kind follows."""

from __future__ import annotations

from datetime import timedelta

#: A code the candidate is waiting for: sent at once, never paced.
CODE_KINDS = ("verification", "change_code")
#: Told at the venue ("visit these stalls", "your turn", an offer): sent at once, never paced,
#: one after another per candidate in the order they were queued.
FAIR_DAY_KINDS = ("fair_stalls", "fair_call", "fair_offer")
#: Notices (not codes): only to a confirmed contact, by a channel they consented to; one waiting
#: to be sent follows a change of consent and is suppressed by an opt-out or a withdrawn CV.
NOTICE_KINDS = ("digest", *FAIR_DAY_KINDS)
#: Kinds whose first one to go out tells the candidate their registration code (a fair-day message
#: follows a check-in made with it, so it neither tells nor counts).
FIRST_MESSAGE_KINDS = ("verification", "digest")
#: A fair-day message that cannot go out (the gateway is unreachable at the venue) is retried
#: for this long, however many attempts that takes, then given up: the day is over.
FAIR_DAY_LIFETIME = timedelta(hours=12)
#: The longest wait between its attempts: the candidate is at the venue.
FAIR_DAY_RETRY_CAP_SECONDS = 30.0
