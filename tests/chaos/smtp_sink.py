"""An SMTP server that counts what it receives, by Message-ID, and answers each message slowly.

It stands in for a real mail server in the notifier scenario: ``delay`` seconds per message (a
real server takes tens to hundreds of milliseconds) keep the notifier's dispatcher busy in the
middle of a batch, and the per-Message-ID count is the outside truth of what was delivered and
whether anything was delivered twice. A message counts as received once its data arrived, even
if the client is gone before the reply: like a real server that committed it.
"""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from collections import Counter
from email import policy

from aiosmtpd.controller import Controller

MESSAGE_ID_DOMAIN = "@jobmatch>"


class _Handler:
    def __init__(self, sink: "SmtpSink"):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.sink._attempt(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.compat32)
        message_id = (message.get("Message-ID") or "").strip()
        if message_id.startswith("<") and message_id.endswith(MESSAGE_ID_DOMAIN):
            message_id = message_id[1:-len(MESSAGE_ID_DOMAIN)]
        number = self.sink._record(message_id)
        self.sink._maybe_fire()
        delay = self.sink.first_delay if number == 1 else self.sink.delay
        if delay:
            await asyncio.sleep(delay)
        return "250 OK queued"


class SmtpSink:
    """``with SmtpSink(delay) as sink:`` serves on ``sink.url``; ``sink.received`` counts by id."""

    def __init__(self, delay: float = 0.0, first_delay: float | None = None):
        self.delay = delay
        self.first_delay = delay if first_delay is None else first_delay  # a stall on the first message
        self.received: Counter = Counter()  # Message-ID -> messages received
        self.recipients: Counter = Counter()  # address -> RCPT TO seen (a send was attempted)
        self._lock = threading.Lock()
        self._trigger: tuple[int, object] | None = None
        self.fired = threading.Event()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def _record(self, message_id: str) -> int:
        with self._lock:
            self.received[message_id] += 1
            return sum(self.received.values())

    def arm(self, after: int, action) -> None:
        """Call ``action()`` once, when message number ``after`` has arrived and before it is
        answered: the sender is then certainly in the middle of a send."""
        with self._lock:
            self._trigger = (after, action)

    def _maybe_fire(self) -> None:
        with self._lock:
            trigger = self._trigger
            if trigger is None or sum(self.received.values()) < trigger[0]:
                return
            self._trigger = None
        trigger[1]()
        self.fired.set()

    def _attempt(self, address: str) -> None:
        with self._lock:
            self.recipients[address.lower()] += 1

    def attempted(self, address: str) -> bool:
        """True if a send to ``address`` got as far as RCPT TO."""
        with self._lock:
            return self.recipients[address.lower()] > 0

    def total(self) -> int:
        """Messages received, duplicates included."""
        with self._lock:
            return sum(self.received.values())

    def snapshot(self) -> Counter:
        with self._lock:
            return Counter(self.received)

    def __enter__(self) -> "SmtpSink":
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()
