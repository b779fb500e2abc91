"""Delivery adapters for notices: a file outbox (email and SMS), SMTP email and an HTTP SMS gateway."""

from notifier.senders.email_message import build_email
from notifier.senders.file_outbox import FileOutbox
from notifier.senders.interface import DeliveryFailed, EmailSender, SmsSender
from notifier.senders.message_ids import message_id_header
from notifier.senders.sms_gateway import HttpSmsGateway
from notifier.senders.sms_presets import SmsGatewaySettings
from notifier.senders.smtp import SmtpEmailSender

__all__ = [
    "DeliveryFailed",
    "EmailSender",
    "FileOutbox",
    "HttpSmsGateway",
    "SmsGatewaySettings",
    "SmsSender",
    "SmtpEmailSender",
    "build_email",
    "message_id_header",
]
