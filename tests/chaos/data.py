"""Chaos test data: three postings, and CVs that each match exactly one of them.

Every CV is plainly a call-centre candidate (its text and skills name customer service and the
call centre) with its own email address, so it matches the call-centre posting well above the
matcher's threshold and the other two postings (software, accounts: no shared words or skills)
well below it. The expected number of notifications is therefore the number of accepted CVs;
the baseline scenario checks that assumption before any fault is injected.
"""

from __future__ import annotations

import random
import uuid

MATCH_THRESHOLD = 0.2  # MATCHER_MATCH_THRESHOLD the chaos stacks run with
MARGIN = 0.05  # the baseline wants every score this far from the threshold

CALL_CENTRE = {
    "employer": "Bhairab Contact Solutions Ltd",
    "title": "Call centre agent",
    "description": "Inbound customer service for a telecom client: answer customer calls in Bangla and "
    "English, solve complaints, log every ticket in the CRM. Night shifts in a busy call centre.",
    "skills": ["customer service", "call centre"],
    "location": "Jashore",
}
OTHERS = [
    {
        "employer": "Rupsha Software Ltd",
        "title": "Python backend developer",
        "description": "Build REST APIs with Python, Django and PostgreSQL; write unit tests, review pull "
        "requests, deploy with Docker on Linux servers.",
        "skills": ["python", "django", "postgresql"],
        "location": "Khulna",
    },
    {
        "employer": "Bagerhat Traders",
        "title": "Accounts officer",
        "description": "Prepare ledgers, VAT returns and monthly payroll in Tally; reconcile bank "
        "statements and assist the annual audit.",
        "skills": ["accounting", "tally", "vat"],
        "location": "Bagerhat",
    },
]
POSTINGS = [CALL_CENTRE, *OTHERS]

_FIRST = ["Nusrat", "Rakib", "Sadia", "Tanvir", "Farhana", "Imran", "Mitu", "Arif", "Jannat", "Sabbir",
          "Tania", "Mehedi", "Ruma", "Shakil", "Lima", "Rasel", "Priya", "Hasan", "Sumaiya", "Naim"]
_LAST = ["Jahan", "Hasan", "Akter", "Ahmed", "Islam", "Rahman", "Khatun", "Hossain", "Begum", "Sarkar"]
_OPENINGS = [
    "{years} years as an inbound call centre agent doing customer service for a {client}.",
    "I worked {years} years in a call centre, giving customer service to {client} subscribers.",
    "Call centre agent with {years} years of customer service experience on a {client} hotline.",
    "For {years} years I handled customer service calls in a call centre for a {client}.",
]
_CLIENTS = ["telecom operator", "mobile bank", "internet provider", "ride sharing app", "power utility"]
_DETAILS = [
    "I answer calls in Bangla and English and solve customer complaints patiently.",
    "I log each ticket in the CRM and follow up until the customer is satisfied.",
    "I keep calm on busy night shifts and meet my call handling targets.",
    "I escalate difficult complaints to the supervisor and call the customer back.",
    "I speak clearly on the phone and help customers with billing questions.",
]


def call_centre_cv(i: int, rng: random.Random, fair_id: str | None = None) -> dict:
    """The i-th CV: a call-centre candidate with a unique email address."""
    years = rng.choice(["Two", "Three", "Four", "Five"])
    text = " ".join(
        [rng.choice(_OPENINGS).format(years=years, client=rng.choice(_CLIENTS)), *rng.sample(_DETAILS, 2)]
    )
    skills = ["customer service", "call centre"] + (["CRM"] if rng.random() < 0.5 else [])
    return {
        "fair_id": fair_id,
        "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        "email": f"candidate{i}.{uuid.uuid4().hex[:6]}@example.com",
        "language_pref": rng.choice(["en", "bn"]),
        "text": text,
        "skills": skills,
        "location": rng.choice(["Jashore", "Khulna", "Satkhira"]),
        "notify_by_email": True,
    }


def call_centre_cvs(n: int, seed: int = 7, fair_id: str | None = None) -> list[dict]:
    """``n`` call-centre CVs, reproducible for a seed."""
    rng = random.Random(seed)
    return [call_centre_cv(i, rng, fair_id) for i in range(n)]


def cv_received_data(cv_id: str, cv: dict) -> dict:
    """The data of a cv.received event for a CV dict (as intake would publish it)."""
    return {
        "cv_id": cv_id,
        "fair_id": cv.get("fair_id"),
        "text": cv["text"],
        "skills": cv["skills"],
        "location": cv.get("location"),
        "language_pref": cv["language_pref"],
    }


def candidate_registered_data(cv_id: str, cv: dict) -> dict:
    """The data of a candidate.registered event for a CV dict, as intake publishes one the desk entered."""
    return {
        "cv_id": cv_id,
        "name": cv["name"],
        "email": cv.get("email"),
        "phone": cv.get("phone"),
        "language_pref": cv["language_pref"],
        "fair_name": None,
        "notify_by_sms": bool(cv.get("notify_by_sms")),
        "notify_by_email": bool(cv.get("notify_by_email")),
        "contact_verified": True,
    }


def posting_published_data(posting_id: str, posting: dict) -> dict:
    """The data of a posting.published event for a posting dict."""
    return {
        "posting_id": posting_id,
        "fair_id": None,
        "employer": posting["employer"],
        "title": posting["title"],
        "description": posting["description"],
        "skills": posting["skills"],
        "location": posting.get("location"),
    }
