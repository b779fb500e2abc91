"""Redaction of a CV's text before matching: what identifies the candidate is removed.

``redact_cv_text`` removes the candidate's known name, email and phone wherever the text
repeats them (``known_person``), identity fields with or without labels and unlabelled
national ID numbers (``identity_fields``); each removed span becomes one space
(``spans``). Intake applies it to the text it publishes in ``cv.received``;
``python -m matcher rank`` applies it to CV rows that carry ``name``, ``email`` or ``phone``.
"""

from __future__ import annotations

import unicodedata

from shared.redaction.identity_fields import identity_field_spans, unlabelled_id_number_spans
from shared.redaction.known_person import KnownPerson
from shared.redaction.spans import cut_spans
from shared.text.digits import to_ascii_digits


def redact_cv_text(text: str, *, name: str | None, email: str | None, phone: str | None) -> str:
    """Return ``text`` without the candidate's name, email, phone and identity fields.

    First the known details and unlabelled ID numbers are removed, then labelled identity
    fields are found in what is left (so a field that followed the name now starts its
    line). Matching happens on the NFC text with Bengali digits read as ASCII; the result is
    NFC and keeps the digits as written. Removed spans become one space; line breaks stay.

    Linear in the length of ``text`` (the name is bounded, see ``known_person``). Idempotent.
    Never fails on a str, whatever it holds (NUL, lone surrogates, any script); details that
    are None, empty or not str are ignored. Raises ``TypeError`` when ``text`` is not a str.
    """
    if not isinstance(text, str):
        raise TypeError(f"redact_cv_text expects str, got {type(text).__name__}")
    person = KnownPerson.from_details(name=name, email=email, phone=phone)
    text = unicodedata.normalize("NFC", text)
    searchable = to_ascii_digits(text)  # one character for one: spans index both strings
    text = cut_spans(text, [*person.spans_in(searchable), *unlabelled_id_number_spans(searchable)])
    return cut_spans(text, identity_field_spans(to_ascii_digits(text)))


__all__ = ["redact_cv_text"]
