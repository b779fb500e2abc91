"""An outbox directory that stores each email and SMS as a file instead of sending it."""

import json
import os
import secrets
from pathlib import Path

from notifier.senders.email_message import build_email, checked_address
from notifier.senders.interface import DeliveryFailed
from notifier.senders.message_ids import check_message_id
from notifier.sms_length import sms_segments


# Messages hold names, phones and email addresses: owner-only files in an owner-only directory.
FILE_MODE = 0o600
DIRECTORY_MODE = 0o700


class FileOutbox:
    """Writes emails to <directory>/<message_id>.eml and SMS to <directory>/<message_id>.sms.json, mode 0600."""

    def __init__(self, directory: Path, sender_address: str) -> None:
        """Create the directory (0700) if needed; ValueError for a bad sender address."""
        self.directory = Path(directory)
        self.sender_address = checked_address(sender_address, "From")
        self.directory.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)

    def __repr__(self) -> str:
        return f"FileOutbox({str(self.directory)!r}, {self.sender_address!r})"

    def email_path(self, message_id: str) -> Path:
        """Return where the email with this message_id is (or would be) stored."""
        return self.directory / f"{check_message_id(message_id)}.eml"

    def sms_path(self, message_id: str) -> Path:
        """Return where the SMS with this message_id is (or would be) stored."""
        return self.directory / f"{check_message_id(message_id)}.sms.json"

    def was_delivered(self, channel: str, message_id: str) -> bool:
        """True if a message with ``message_id`` was written for ``channel`` ("email" or "sms")."""
        path = self.email_path(message_id) if channel == "email" else self.sms_path(message_id)
        return path.exists()

    def forget(self, message_id: str) -> None:
        """Delete the email and SMS files of ``message_id`` (erasure); missing files are fine."""
        for path in (self.email_path(message_id), self.sms_path(message_id)):
            path.unlink(missing_ok=True)

    def send_email(self, *, to: str, subject: str, body: str, message_id: str, html: str | None = None,
                   headers: dict | None = None) -> None:
        """Store the email as an RFC 5322 file with CRLF line ends; a repeated message_id replaces it."""
        message = build_email(
            sender_address=self.sender_address, to=to, subject=subject, body=body, message_id=message_id,
            html=html, headers=headers,
        )
        data = message.as_bytes()
        self._write_atomically(self.email_path(message_id), data)

    def send_sms(self, *, to: str, body: str, message_id: str) -> None:
        """Store the SMS as UTF-8 JSON {to, body, segments, message_id}, replacing a repeated message_id; no gateway id."""
        record = {"to": to, "body": body, "segments": sms_segments(body), "message_id": message_id}
        data = (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        self._write_atomically(self.sms_path(message_id), data)
        return None

    def _write_atomically(self, path: Path, data: bytes) -> None:
        """Write a hidden 0600 temp file beside path, then rename it over path; DeliveryFailed on OSError."""
        temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
        try:
            path.parent.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
            with open(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except OSError as exc:
            try:
                temp.unlink(missing_ok=True)
            except OSError:
                pass
            raise DeliveryFailed(f"could not write {path}: {exc}") from exc
