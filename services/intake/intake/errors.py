"""What intake's use cases refuse, each answered by its own problem (see app.py)."""


class UnknownFair(LookupError):
    """The request names a fair that does not exist."""


class UnknownEmployer(LookupError):
    """The request names an employer that does not exist."""


class PostingClosed(RuntimeError):
    """The posting is closed and can no longer change."""


class WrongVerificationCode(ValueError):
    """The code does not match the one sent to the candidate."""


class VerificationLocked(RuntimeError):
    """Too many wrong codes: the CV's verification is locked until the operator resets it."""


class NoChangeWaiting(LookupError):
    """No change handed in again waits for a code on this CV (none held, expired, or no such CV)."""
