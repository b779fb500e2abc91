"""Match notices for candidates, composed from the templates in English or Bengali."""

import unicodedata
from dataclasses import dataclass

from notifier.sms_length import GSM7_PART, is_gsm7, sms_segments
from notifier.templates import (
    BODIES,
    FAIR_PARTS,
    NEUTRAL_WORDS,
    SUBJECTS,
    CHANGE_CODE_BODIES,
    CHANGE_CODE_SUBJECTS,
    VERIFICATION_BODIES,
    VERIFICATION_SUBJECTS,
)
from shared.text.digits import to_bengali_digits
from shared.text.visible import visible_line

LANGUAGES = ("en", "bn")
CHANNELS = ("email", "sms")
MAX_SMS_SEGMENTS = 2
# Fields shortened first when an SMS is too long and two fields are equally long.
_SHORTEN_ORDER = ("fair_name", "employer", "candidate_name", "posting_title")
_JOINERS = frozenset("\u200c\u200d")


@dataclass(frozen=True)
class Notice:
    """A message ready to send; subject is empty for SMS."""

    subject: str
    body: str


def compose_match_notice(
    language: str,
    channel: str,
    candidate_name: str,
    posting_title: str,
    employer: str,
    fair_name: str | None = None,
) -> Notice:
    """Compose the "your CV matches" notice; ValueError for an unknown language or channel.

    Every value is cleaned with visible_line (no control, bidi or zero-width characters, one
    line); one with nothing visible left is replaced by a neutral word, and a fair name is left out.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {CHANNELS}, not {channel!r}")
    given = {"candidate_name": candidate_name, "posting_title": posting_title, "employer": employer}
    fields = {name: visible_line(value) or NEUTRAL_WORDS[language][name] for name, value in given.items()}
    fields["fair_name"] = visible_line(fair_name)
    key = (language, channel)
    if channel == "sms":
        fields = _fit_sms(key, fields)
    return Notice(subject=_render(SUBJECTS[key], key, fields), body=_render(BODIES[key], key, fields))


CODE_TEMPLATES = {
    "verification": (VERIFICATION_SUBJECTS, VERIFICATION_BODIES),
    "change_code": (CHANGE_CODE_SUBJECTS, CHANGE_CODE_BODIES),
}


def compose_verification_notice(language: str, channel: str, code: str, kind: str = "verification") -> Notice:
    """Compose the message carrying a code (Bengali digits in Bengali); ValueError if unknown.

    ``kind``: "verification" (confirm a new contact) or "change_code" (confirm a CV handed in again).
    """
    if language not in LANGUAGES or channel not in CHANNELS or kind not in CODE_TEMPLATES:
        raise ValueError(f"no {kind!r} template for {language!r} by {channel!r}")
    shown = to_bengali_digits(code) if language == "bn" else code
    key = (language, channel)
    subjects, bodies = CODE_TEMPLATES[kind]
    return Notice(subject=subjects[key].format(code=shown), body=bodies[key].format(code=shown))


def _render(template: str, key: tuple[str, str], fields: dict[str, str]) -> str:
    """Fill a template, adding the fair part only when there is a fair name."""
    fair = FAIR_PARTS[key].format(fair_name=fields["fair_name"]) if fields["fair_name"] else ""
    return template.format(
        candidate_name=fields["candidate_name"],
        posting_title=fields["posting_title"],
        employer=fields["employer"],
        fair=fair,
    )


def _fit_sms(key: tuple[str, str], fields: dict[str, str]) -> dict[str, str]:
    """Shorten the longest fields, with an ellipsis, until the SMS body fits MAX_SMS_SEGMENTS."""
    body = _render(BODIES[key], key, fields)
    if sms_segments(body) <= MAX_SMS_SEGMENTS:
        return fields
    # A Unicode ellipsis would turn a GSM-7 text into UCS-2 and halve its room.
    ellipsis = "..." if is_gsm7(body) else "…"
    most = MAX_SMS_SEGMENTS * GSM7_PART
    limits = {name: min(len(fields[name]), most) for name in _SHORTEN_ORDER if fields[name]}
    while True:
        shortened = {name: _shorten(value, limits.get(name, 0), ellipsis) for name, value in fields.items()}
        if sms_segments(_render(BODIES[key], key, shortened)) <= MAX_SMS_SEGMENTS:
            return shortened
        longest = max(limits, key=limits.__getitem__)
        if limits[longest] == 0:
            raise RuntimeError(f"SMS template {key} does not fit {MAX_SMS_SEGMENTS} segments")
        limits[longest] -= 1


def _shorten(value: str, limit: int, ellipsis: str) -> str:
    """Keep at most limit characters of value, never splitting a letter from its marks."""
    if len(value) <= limit:
        return value
    cut = limit
    while cut > 0 and (
        unicodedata.category(value[cut]).startswith("M")
        or unicodedata.combining(value[cut - 1]) == 9  # virama, e.g. Bengali hasanta
        or value[cut - 1] in _JOINERS
    ):
        cut -= 1
    return value[:cut].rstrip() + ellipsis
