"""Waiting for an effect with a deadline, instead of sleeping for a fixed time."""

from __future__ import annotations

import time
from typing import Callable, TypeVar

T = TypeVar("T")


def wait_for(predicate: Callable[[], T], timeout: float = 10, interval: float = 0.05, message: str = "") -> T:
    """Call ``predicate`` until it returns something truthy and return that value.

    Raises AssertionError with ``message`` (and the last value seen) when ``timeout`` seconds
    pass first. An exception raised by ``predicate`` propagates at once.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"{message or 'condition was not met'} (waited {timeout}s; last value {value!r})"
            )
        time.sleep(interval)
