"""Fairday's HTTP routes, one module per place at the fair: the gate, the stalls, the candidate, the organiser."""

from contextlib import contextmanager

from flask import abort, current_app

from fairday.errors import Conflict, NotFound


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
