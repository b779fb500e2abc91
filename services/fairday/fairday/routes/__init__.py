"""Fairday's HTTP routes, one module per place at the fair: the gate, the stalls, the candidate, the organiser."""

from contextlib import contextmanager

from flask import abort, current_app

from fairday.errors import Conflict, NotFound

#: Ids are at most this long (UUIDs and the ids intake makes); a longer one in a path names nothing here.
MAX_ID = 36


def short_ids(endpoint, values) -> None:
    """404 for a path whose id is longer than any id stored (before any query or write sees it)."""
    if values and any(isinstance(v, str) and len(v) > MAX_ID for k, v in values.items() if k != "registration_code"):
        abort(404, "Nothing here has an id that long.")


def service():
    """The wired fairday service of this app."""
    return current_app.extensions["fairday"]


@contextmanager
def changing():
    """A transaction whose events the relay publishes right after commit; NotFound → 404, Conflict → 409."""
    wired = service()
    try:
        with wired.engine.begin() as conn:
            yield conn
    except NotFound as exc:
        abort(404, str(exc))
    except Conflict as exc:
        abort(409, str(exc))
    wired.relay.wake()


@contextmanager
def reading():
    """A read-only connection; NotFound → 404."""
    try:
        with service().engine.connect() as conn:
            yield conn
    except NotFound as exc:
        abort(404, str(exc))
