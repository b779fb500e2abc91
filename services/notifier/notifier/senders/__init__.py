"""Delivery adapters for notices: a file outbox (email and SMS) and SMTP email."""

from notifier.senders.email_message import build_email
from notifier.senders.file_outbox import FileOutbox
from notifier.senders.interface import DeliveryFailed, EmailSender, SmsSender
from notifier.senders.message_ids import message_id_header
from notifier.senders.smtp import SmtpEmailSender

__all__ = [
    "DeliveryFailed",
    "EmailSender",
    "FileOutbox",
    "SmsSender",
    "SmtpEmailSender",
    "build_email",
    "message_id_header",
]
