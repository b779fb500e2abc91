"""Messages for candidates and employers, composed from the templates in English or Bengali."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from markupsafe import escape

from notifier.sms_length import sms_segments
from notifier.templates import (
    CHANGE_CODE_BODIES,
    REGISTRATION_LINES,
    CHANGE_CODE_SUBJECTS,
    DIGEST,
    EMPLOYER_DIGEST,
    MONTHS_BN,
    MONTHS_EN,
    NEUTRAL_WORDS,
    VERIFICATION_BODIES,
    VERIFICATION_SUBJECTS,
)
from notifier.wording import ellipsis_for, shortened, with_line, written_number
from shared.text.visible import visible_line

LANGUAGES = ("en", "bn")
CHANNELS = ("email", "sms")
MAX_SMS_SEGMENTS = 2
SKILLS_SHOWN = 2
MIN_FIELD = 10  # an SMS keeps at least this many characters of a title or an employer


@dataclass(frozen=True)
class Notice:
    """A message ready to send: subject (empty for SMS), plain body, optional HTML body, SMS parts."""

    subject: str
    body: str
    html: str | None = None
    parts: int | None = None


@dataclass(frozen=True)
class DigestItem:
    """One suggested posting in a digest: what, whose, why, and where at the fair if known."""

    posting_title: str
    employer: str
    skills: tuple[str, ...] = ()
    stall: str | None = None
    fair_name: str | None = None
    fair_venue: str | None = None
    fair_date: str | None = None  # ISO date


@dataclass(frozen=True)
class _Fitting:
    """How much of a digest an SMS keeps: items, their skills, how long titles and employers may be."""

    items: int
    skills: int = SKILLS_SHOWN
    first_skills_only: bool = False
    title_limit: int | None = None
    employer_limit: int | None = None  # 0: the employer is left out
    stalls: bool = True


def check_language_and_channel(language: str, channel: str) -> None:
    """ValueError unless ``language`` and ``channel`` are ones the messages are written for."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {CHANNELS}, not {channel!r}")


def _clean_item(language: str, item: DigestItem) -> DigestItem:
    words = NEUTRAL_WORDS[language]
    return DigestItem(
        posting_title=visible_line(item.posting_title) or words["posting_title"],
        employer=visible_line(item.employer) or words["employer"],
        skills=tuple(s for s in (visible_line(skill) for skill in item.skills) if s),
        stall=visible_line(item.stall) or None,
        fair_name=visible_line(item.fair_name) or None,
        fair_venue=visible_line(item.fair_venue) or None,
        fair_date=item.fair_date,
    )


def fair_line(language: str, item: DigestItem) -> str | None:
    """"Khulna Job Fair, KUET auditorium, 10 Dec 2026" in the language, or None with no fair."""
    if not item.fair_name:
        return None
    pieces = [item.fair_name] + ([item.fair_venue] if item.fair_venue else [])
    if item.fair_date:
        try:
            day = date.fromisoformat(item.fair_date)
        except ValueError:
            day = None
        if day is not None:
            months = MONTHS_BN if language == "bn" else MONTHS_EN
            pieces.append(written_number(language, f"{day.day} {months[day.month - 1]} {day.year}"))
    return ", ".join(pieces)


def registration_line(language: str, channel: str, code: str) -> str:
    """The line telling a candidate their code for a fair's gate, in Latin letters as typed there."""
    return REGISTRATION_LINES[(language, channel)].format(code=visible_line(code))


def compose_digest(language: str, channel: str, candidate_name: str, items: list[DigestItem], *,
                   more: int = 0, link: str | None = None, unsubscribe: str | None = None,
                   registration_code: str | None = None) -> Notice:
    """The digest of ``items`` (best first; ``more`` not listed) for one candidate; ValueError if unknown.

    Values are cleaned with visible_line; one with nothing visible left becomes a neutral word.
    An SMS keeps to MAX_SMS_SEGMENTS parts: fair details, then skills, then the length of titles
    and employers give way, and at last the lowest items (counted in "more").
    ``registration_code``: given when this is the candidate's first message; its line is never cut.
    """
    check_language_and_channel(language, channel)
    if not items:
        raise ValueError("a digest needs at least one item")
    items = [_clean_item(language, item) for item in items]
    code_line = registration_line(language, channel, registration_code) if registration_code else None
    if channel == "sms":
        return _fit_sms(language, items, more, link, code_line)
    return _digest_email(language, visible_line(candidate_name) or NEUTRAL_WORDS[language]["candidate_name"],
                         items, more, link, unsubscribe, code_line)


def _digest_email(language, name, items, more, link, unsubscribe, code_line) -> Notice:
    t = DIGEST[language]
    count = len(items)
    first = f"{items[0].posting_title}, {items[0].employer}"
    subject = (t["subject_one"] if count == 1 else t["subject_many"]).format(count=written_number(language, count), first=first)
    intro = (t["intro_one"] if count == 1 else t["intro_many"]).format(count=written_number(language, count))
    text = [t["greeting"].format(name=name), "", intro, ""]
    html = [f"<p>{escape(t['greeting'].format(name=name))}</p>", f"<p>{escape(intro)}</p>", "<ol>"]
    for number, item in enumerate(items, 1):
        head = t["item"].format(number=written_number(language, number), title=item.posting_title, employer=item.employer)
        details = []
        if item.skills:
            details.append(t["why"].format(skills=", ".join(item.skills[:3])))
        where = fair_line(language, item)
        if where:
            stall = f" ({t['stall'].format(stall=written_number(language, item.stall))})" if item.stall else ""
            details.append(t["fair"].format(fair=where) + stall)
        text += [head] + [f"   {d}" for d in details] + [""]
        html.append(f"<li><strong>{escape(item.posting_title)}</strong>, {escape(item.employer)}"
                    + "".join(f"<br>{escape(d)}" for d in details) + "</li>")
    html.append("</ol>")
    if more:
        line = t["more_one"] if more == 1 else t["more_many"].format(more=written_number(language, more))
        text += [line, ""]
        html.append(f"<p>{escape(line)}</p>")
    if link:
        text += [t["link"].format(link=link), ""]
        before, _, _ = t["link"].partition("{link}")
        html.append(f'<p>{escape(before)}<a href="{escape(link)}">{escape(link)}</a></p>')
    if code_line:
        text += [code_line, ""]
        html.append(f"<p>{escape(code_line)}</p>")
    text += [t["sign_off"], ""]
    html.append(f"<p>{escape(t['sign_off']).replace(chr(10), '<br>')}</p>")
    if unsubscribe:
        text += ["--", t["unsubscribe"].format(link=unsubscribe), ""]
        before, _, _ = t["unsubscribe"].partition("{link}")
        html.append(f'<p style="font-size:small;color:#555">{escape(before)}<a href="{escape(unsubscribe)}">'
                    f"{escape(unsubscribe)}</a></p>")
    page = ('<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"></head><body>{}</body></html>'
            .format(language, "\n".join(html)))
    return Notice(subject=subject, body="\n".join(text), html=page)


def _render_sms(language: str, items: list[DigestItem], more: int, link: str | None, code_line: str | None,
                fit: _Fitting, ellipsis: str) -> str:
    t = DIGEST[language]
    shown = items[: fit.items]
    more += len(items) - len(shown)
    text = t["sms_head"]
    for number, item in enumerate(shown, 1):
        piece = t["sms_item"].format(number=written_number(language, number), title=shortened(item.posting_title, fit.title_limit, ellipsis))
        if fit.employer_limit != 0:
            piece += t["sms_employer"].format(employer=shortened(item.employer, fit.employer_limit, ellipsis))
        skills = item.skills[: fit.skills] if (number == 1 or not fit.first_skills_only) else ()
        if skills:
            piece += t["sms_why"].format(skills=", ".join(shortened(s, fit.title_limit, ellipsis) for s in skills))
        if fit.stalls and item.stall:
            piece += t["sms_stall"].format(stall=written_number(language, item.stall))
        text += " " + piece
    if more:
        text += t["sms_more"].format(more=written_number(language, more))
    if link:
        text += t["sms_link"].format(link=link)
    return with_line(text, code_line, "sms") if code_line else text


def _fit_sms(language: str, items: list[DigestItem], more: int, link: str | None, code_line: str | None) -> Notice:
    """The fullest SMS of the digest that fits MAX_SMS_SEGMENTS parts.

    What gives way, in order: the second skill, the skills of all but the best match, the length
    of employers' names, then employers' names, then the length of titles, then the lowest matches;
    the link and the registration code's line stay whole.
    """
    full = _Fitting(items=len(items))
    probe = _render_sms(language, items, more, link, code_line, full, "...")
    ellipsis = ellipsis_for(probe)
    employers = max(len(i.employer) for i in items)
    titles = max(max(len(i.posting_title), *(len(s) for s in i.skills or ("",))) for i in items)
    why = replace(full, skills=1, first_skills_only=True)
    tries = [full, replace(full, skills=1), why]
    tries += [replace(why, employer_limit=limit) for limit in range(employers, MIN_FIELD - 1, -1)]
    tries += [replace(why, employer_limit=0, title_limit=limit) for limit in range(titles, MIN_FIELD - 1, -1)]
    least = replace(why, employer_limit=0, title_limit=MIN_FIELD)
    tries += [least, replace(least, skills=0)]
    tries += [replace(least, skills=0, items=shown) for shown in range(len(items) - 1, 0, -1)]
    tries.append(replace(least, skills=0, items=1, stalls=False))
    for fit in tries:
        text = _render_sms(language, items, more, link, code_line, fit, ellipsis)
        parts = sms_segments(text)
        if parts <= MAX_SMS_SEGMENTS:
            return Notice(subject="", body=text, parts=parts)
    raise RuntimeError(f"the {language} SMS digest does not fit {MAX_SMS_SEGMENTS} parts even at its shortest")


@dataclass(frozen=True)
class EmployerDigestPosting:
    """One posting in an employer's digest: its new candidates as (reference, score, skills), best first."""

    posting_id: str
    posting_title: str
    candidates: list[tuple[str, float, tuple[str, ...]]]


def compose_employer_digest(employer_name: str, postings: list[EmployerDigestPosting], *, portal_url: str,
                            unsubscribe: str | None = None, shown: int = 5) -> Notice:
    """The employer's email of new strong candidates per posting (references, never names or contacts)."""
    t = EMPLOYER_DIGEST
    name = visible_line(employer_name) or "employer"
    total = sum(len(p.candidates) for p in postings)
    text = [t["greeting"].format(name=name), "", t["intro"], ""]
    html = [f"<p>{escape(t['greeting'].format(name=name))}</p>", f"<p>{escape(t['intro'])}</p>"]
    for posting in postings:
        title = visible_line(posting.posting_title) or "Job"
        best = round(100 * posting.candidates[0][1])
        head = t["posting"].format(title=title, count=len(posting.candidates), best=best)
        lines = []
        for ref, score, skills in posting.candidates[:shown]:
            listed = t["skills"].format(skills=", ".join(visible_line(s) for s in skills[:3])) if skills else ""
            lines.append(t["candidate"].format(ref=ref, score=round(100 * score), skills=listed))
        link = f"{portal_url}/employer/postings/{posting.posting_id}"
        text += [head, *lines, t["link"].format(link=link), ""]
        html.append(f"<h3>{escape(head)}</h3><ul>" + "".join(f"<li>{escape(line.strip()[2:])}</li>" for line in lines)
                    + f'</ul><p><a href="{escape(link)}">{escape(link)}</a></p>')
    text += [t["sign_off"], ""]
    if unsubscribe:
        text += ["--", t["unsubscribe"].format(link=unsubscribe), ""]
        html.append(f'<p style="font-size:small">{escape(t["unsubscribe"].partition("{link}")[0])}'
                    f'<a href="{escape(unsubscribe)}">{escape(unsubscribe)}</a></p>')
    page = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>{}</body></html>'.format("\n".join(html))
    return Notice(subject=t["subject"].format(count=total), body="\n".join(text), html=page)


CODE_TEMPLATES = {
    "verification": (VERIFICATION_SUBJECTS, VERIFICATION_BODIES),
    "change_code": (CHANGE_CODE_SUBJECTS, CHANGE_CODE_BODIES),
}


def compose_verification_notice(
    language: str, channel: str, code: str, kind: str = "verification", *, registration_code: str | None = None
) -> Notice:
    """Compose the message carrying a code (Bengali digits in Bengali); ValueError if unknown.

    ``kind``: "verification" (confirm a new contact) or "change_code" (confirm a CV handed in again).
    ``registration_code``: the candidate's code for a fair's gate; the first message (verification)
    carries it, as typed at the gate (Latin letters and digits, in both languages).
    """
    if language not in LANGUAGES or channel not in CHANNELS or kind not in CODE_TEMPLATES:
        raise ValueError(f"no {kind!r} template for {language!r} by {channel!r}")
    shown = written_number(language, code)
    key = (language, channel)
    subjects, bodies = CODE_TEMPLATES[kind]
    body = bodies[key].format(code=shown)
    if kind == "verification" and registration_code:
        body = with_line(body, registration_line(language, channel, registration_code), channel)
    return Notice(subject=subjects[key].format(code=shown), body=body,
                  parts=sms_segments(body) if channel == "sms" else None)
