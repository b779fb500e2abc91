"""The sender interface every delivery adapter implements, and its one failure exception."""

from typing import Protocol, runtime_checkable


class DeliveryFailed(Exception):
    """A message could not be handed over; permanent when retrying cannot help (SMTP 5xx, invalid number)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@runtime_checkable
class EmailSender(Protocol):
    """Sends one email; raises DeliveryFailed when it cannot."""

    def send_email(self, *, to: str, subject: str, body: str, message_id: str, html: str | None = None,
                   headers: dict | None = None) -> None: ...


@runtime_checkable
class SmsSender(Protocol):
    """Sends one SMS, returning the gateway's message id if it gave one; raises DeliveryFailed when it cannot."""

    def send_sms(self, *, to: str, body: str, message_id: str) -> str | None: ...
