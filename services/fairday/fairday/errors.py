"""What fairday's operations refuse, mapped to problem answers by the routes."""


class NotFound(LookupError):
    """Nothing of that kind here for this caller (404)."""


class Conflict(RuntimeError):
    """The request clashes with the fair's state (409), e.g. a candidate called by another stall."""
