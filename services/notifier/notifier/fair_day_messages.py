"""The messages a candidate gets at a fair's venue: stalls to visit, their turn at a stall, an offer or a hire.

An SMS keeps to MAX_SMS_SEGMENTS parts (an offer, rare and the one that matters most, to
OFFER_SMS_SEGMENTS): employers' names, titles and stall labels are cut (to no fewer than MIN_FIELD
characters), then the lowest stalls of the list go; the link stays whole. Should even the
shortest form be longer, it goes as it is: a message about the candidate's turn or offer is never
dropped for its length. None carries the registration code: they follow a check-in made with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Iterable, Iterator

from notifier.messages import MAX_SMS_SEGMENTS, MIN_FIELD, Notice, check_language_and_channel
from notifier.sms_length import sms_segments
from notifier.templates import DIGEST, FAIR_DAY, NEUTRAL_WORDS
from notifier.wording import ellipsis_for, shortened, written_number
from shared.text.visible import visible_line

OFFER_SMS_SEGMENTS = 3


@dataclass(frozen=True)
class Stall:
    """An employer at the fair: its stall (when known) and the post (when known)."""

    employer: str
    stall: str | None = None
    title: str | None = None


def compose_stalls_notice(language: str, channel: str, candidate_name: str, stalls: list[Stall]) -> Notice:
    """"Visit these stalls", best first; ValueError for an unknown language or channel, or no stalls."""
    check_language_and_channel(language, channel)
    if not stalls:
        raise ValueError("a list of stalls to visit needs at least one stall")
    t = FAIR_DAY[language]
    stalls = [_clean(language, stall) for stall in stalls]
    if channel == "email":
        items = [t["stalls_item"].format(number=written_number(language, number), place=_place(language, stall, None, ""),
                                         title=stall.title or NEUTRAL_WORDS[language]["posting_title"])
                 for number, stall in enumerate(stalls, 1)]
        return _email(language, t["stalls_subject"], candidate_name, [t["stalls_intro"] + "\n\n" + "\n".join(items)])

    def render(shown: int, limit: int | None, ellipsis: str) -> str:
        return t["sms_stalls_head"] + "".join(
            t["sms_stalls_item"].format(number=written_number(language, number), place=_place(language, stall, limit, ellipsis))
            for number, stall in enumerate(stalls[:shown], 1))

    ellipsis = ellipsis_for(render(len(stalls), None, "..."))
    longest = max(max(len(s.employer), len(s.stall or "")) for s in stalls)
    tries = (render(len(stalls), limit, ellipsis) for limit in _limits(longest))
    fewer = (render(shown, MIN_FIELD, ellipsis) for shown in range(len(stalls) - 1, 0, -1))
    return _first_that_fits(chain(tries, fewer))


def compose_call_notice(language: str, channel: str, candidate_name: str, call: Stall) -> Notice:
    """"Your turn now at stall 12 (Employer)"; ValueError for an unknown language or channel."""
    check_language_and_channel(language, channel)
    t = FAIR_DAY[language]
    call = _clean(language, call)
    if channel == "email":
        subject = t["call_subject"].format(place=_place(language, call, None, ""))
        return _email(language, subject, candidate_name, [_call_sentence(t["call"], language, call, None, "")])
    ellipsis = ellipsis_for(_call_sentence(t["sms_call"], language, call, None, "..."))
    return _first_that_fits(_call_sentence(t["sms_call"], language, call, limit, ellipsis) for limit in _limits(_longest(call)))


def compose_offer_notice(language: str, channel: str, candidate_name: str, offer: Stall, *, hired: bool, letter: bool,
                         link: str) -> Notice:
    """An offer (or a hire on the spot) naming employer and post, and that the letter is on their page at ``link``."""
    check_language_and_channel(language, channel)
    t = FAIR_DAY[language]
    offer = _clean(language, offer)
    where = t["letter" if letter else "no_letter"].format(link=link)
    sentence = t["hired" if hired else "offer"]
    if channel == "email":
        subject = t["hired_subject" if hired else "offer_subject"].format(employer=offer.employer)
        return _email(language, subject, candidate_name, [_offer_sentence(sentence, language, offer, None, ""), where])

    def render(limit: int | None, ellipsis: str) -> str:
        return t["sms_offer"].format(offer=_offer_sentence(sentence, language, offer, limit, ellipsis), letter=where)

    ellipsis = ellipsis_for(render(None, "..."))
    return _first_that_fits((render(limit, ellipsis) for limit in _limits(_longest(offer))), OFFER_SMS_SEGMENTS)


def _clean(language: str, stall: Stall) -> Stall:
    """The stall with only visible characters; an employer with none left becomes a neutral word."""
    return Stall(employer=visible_line(stall.employer) or NEUTRAL_WORDS[language]["employer"],
                 stall=visible_line(stall.stall) or None, title=visible_line(stall.title) or None)


def _place(language: str, stall: Stall, limit: int | None, ellipsis: str) -> str:
    """"stall 12 (Employer)" in the language, or the employer alone without a stall."""
    employer = shortened(stall.employer, limit, ellipsis)
    if not stall.stall:
        return employer
    return FAIR_DAY[language]["place"].format(stall=written_number(language, shortened(stall.stall, limit, ellipsis)),
                                              employer=employer)


def _call_sentence(template: str, language: str, call: Stall, limit: int | None, ellipsis: str) -> str:
    """"Your turn now at {place}{post}" with names cut to ``limit``."""
    post = FAIR_DAY[language]["call_post"].format(title=shortened(call.title, limit, ellipsis)) if call.title else ""
    return template.format(place=_place(language, call, limit, ellipsis), post=post)


def _offer_sentence(template: str, language: str, offer: Stall, limit: int | None, ellipsis: str) -> str:
    """"{employer} offers you a job{post}" (or has hired you) with names cut to ``limit``."""
    post = FAIR_DAY[language]["offer_post"].format(title=shortened(offer.title, limit, ellipsis)) if offer.title else ""
    return template.format(employer=shortened(offer.employer, limit, ellipsis), post=post)


def _longest(stall: Stall) -> int:
    """The length of the longest name an SMS may cut."""
    return max(len(stall.employer), len(stall.title or ""), len(stall.stall or ""))


def _limits(longest: int) -> Iterator[int | None]:
    """No limit, then every length from ``longest - 1`` down to MIN_FIELD."""
    yield None
    yield from range(longest - 1, MIN_FIELD - 1, -1)


def _first_that_fits(texts: Iterable[str], most_parts: int = MAX_SMS_SEGMENTS) -> Notice:
    """The first SMS text within ``most_parts`` parts, else the last (the shortest) of ``texts``."""
    for text in texts:
        parts = sms_segments(text)
        if parts <= most_parts:
            break
    return Notice(subject="", body=text, parts=parts)


def _email(language: str, subject: str, candidate_name: str, paragraphs: list[str]) -> Notice:
    """A plain email: greeting, paragraphs, sign-off."""
    t = DIGEST[language]
    name = visible_line(candidate_name) or NEUTRAL_WORDS[language]["candidate_name"]
    body = "\n\n".join([t["greeting"].format(name=name), *paragraphs, t["sign_off"]])
    return Notice(subject=subject, body=body + "\n")
