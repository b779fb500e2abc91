"""Marshmallow fields for what a client sends: text a database can store and a message can show.

Every string a service accepts from a client passes ``Text``: it is bounded before anything else
looks at it, and refused (422, naming the field) when it holds what no database or message
should carry: NUL and other control characters, lone surrogates (PostgreSQL and UTF-8 cannot
store them), bidirectional overrides and isolates (they reorder what a reader sees: "Trojan
Source"), and, for a value that must not be blank, nothing but invisible characters. Zero-width
joiners inside Bengali words are legitimate and pass.

``BoundedList`` refuses an over-long list before it validates a single item, so a huge array
costs one length check.

``EmailAddress`` accepts only an address the notifier can send to.

``UtcDateTime`` writes naive datetimes (SQLite returns them) as UTC.
"""

from __future__ import annotations

import re
from datetime import timezone

from marshmallow import ValidationError, fields

from shared.email_address import check_email_address
from shared.text.visible import has_visible_text

# C0 and C1 control characters except tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The same plus line breaks (and the Unicode line and paragraph separators), for one-line fields.
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Bidirectional embeddings, overrides and isolates; the marks LRM/RLM/ALM stay (they are harmless).
_BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


class Text(fields.String):
    """A string of at most ``max_length`` characters with no control, surrogate or bidi override.

    ``multiline`` allows tab and line breaks (a CV's text); otherwise they are refused too.
    ``blank_ok=False`` refuses a value that is empty or invisible once stripped.
    """

    default_error_messages = {
        "too_long": "Longer than {max_length} characters.",
        "control": "Contains control characters; remove them.",
        "surrogate": "Contains an unpaired surrogate, which is not valid Unicode text.",
        "bidi": "Contains bidirectional override characters; remove them.",
        "blank": "Must not be blank.",
    }

    def __init__(self, *, max_length: int, multiline: bool = False, blank_ok: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length
        self.multiline = multiline
        self.blank_ok = blank_ok
        self.metadata.setdefault("maxLength", max_length)
        if not blank_ok:
            self.metadata.setdefault("minLength", 1)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value) > self.max_length:
            raise self.make_error("too_long", max_length=self.max_length)
        text = super()._deserialize(value, attr, data, **kwargs)
        if _SURROGATE.search(text):
            raise self.make_error("surrogate")
        if (_CONTROL if self.multiline else _CONTROL_OR_BREAK).search(text):
            raise self.make_error("control")
        if _BIDI_CONTROL.search(text):
            raise self.make_error("bidi")
        if not self.blank_ok and not has_visible_text(text):
            raise self.make_error("blank")
        return text


class EmailAddress(Text):
    """An email address the notifier can send to (``shared.email_address``), at most 254 characters."""

    def __init__(self, **kwargs):
        super().__init__(max_length=254, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        address = super()._deserialize(value, attr, data, **kwargs)
        if "@" not in address or "<" in address:
            raise ValidationError("Not a valid email address.")
        try:
            return check_email_address(address)
        except ValueError as exc:
            raise ValidationError(f"Not an address email can be sent to: it {exc}.") from None


class BoundedList(fields.List):
    """A list of at most ``max_items`` items, counted before any item is validated."""

    def __init__(self, cls_or_instance, *, max_items: int, **kwargs):
        super().__init__(cls_or_instance, **kwargs)
        self.max_items = max_items
        self.metadata.setdefault("maxItems", max_items)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, (list, tuple)) and len(value) > self.max_items:
            raise ValidationError(f"Longer than {self.max_items} items.")
        return super()._deserialize(value, attr, data, **kwargs)


class UtcDateTime(fields.DateTime):
    """An ISO 8601 date-time, written in UTC; a naive value is taken to be UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value.astimezone(timezone.utc) if value else value, attr, obj, **kwargs)
