"""What an offer or appointment letter says, in Bengali and in English."""

from __future__ import annotations

import datetime

from shared.text.digits import to_bengali_digits

LANGUAGES = ("bn", "en")
# Interview outcomes (shared/events/schemas.py OUTCOMES) that come with a letter.
LETTER_OUTCOMES = ("offer", "hired_on_the_spot")

TITLES: dict[tuple[str, str], str] = {
    ("bn", "offer"): "চাকরির প্রস্তাবপত্র",
    ("en", "offer"): "Offer letter",
    ("bn", "hired_on_the_spot"): "নিয়োগপত্র",
    ("en", "hired_on_the_spot"): "Appointment letter",
}

# Label of each field, in the order the letter lists them.
FIELD_LABELS: dict[str, dict[str, str]] = {
    "bn": {"date": "তারিখ", "reference": "রেফারেন্স", "candidate": "প্রার্থী", "employer": "নিয়োগকর্তা", "post": "পদ"},
    "en": {"date": "Date", "reference": "Reference", "candidate": "Candidate", "employer": "Employer", "post": "Post"},
}

BODIES: dict[tuple[str, str], str] = {
    ("bn", "offer"): (
        "চাকরি মেলায় সাক্ষাৎকারের পর উপরে লেখা নিয়োগকর্তা আপনাকে উপরের পদে চাকরির প্রস্তাব দিচ্ছেন। "
        "যোগদানের তারিখ ঠিক করতে এই পত্র ও রেফারেন্স কোড নিয়ে নিয়োগকর্তার সঙ্গে যোগাযোগ করুন।"
    ),
    ("en", "offer"): (
        "After your interview at the job fair, the employer named above offers you the post above. "
        "To agree your start date, contact the employer with this letter and your reference."
    ),
    ("bn", "hired_on_the_spot"): (
        "চাকরি মেলায় সাক্ষাৎকারের পর উপরে লেখা নিয়োগকর্তা আপনাকে উপরের পদে নিয়োগ দিয়েছেন। "
        "যোগদানের তারিখ নিশ্চিত করতে এই পত্র ও রেফারেন্স কোড নিয়ে নিয়োগকর্তার সঙ্গে যোগাযোগ করুন।"
    ),
    ("en", "hired_on_the_spot"): (
        "After your interview at the job fair, the employer named above has appointed you to the post above. "
        "To confirm your joining date, contact the employer with this letter and your reference."
    ),
}

SIGNATURES = {"bn": "নিয়োগকর্তার পক্ষে স্বাক্ষর", "en": "Signed for the employer"}

MONTHS = {
    "bn": ("জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই", "আগস্ট", "সেপ্টেম্বর", "অক্টোবর",
           "নভেম্বর", "ডিসেম্বর"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def letter_date(date: datetime.date, language: str) -> str:
    """``date`` as the letter writes it: "5 December 2026", or "৫ ডিসেম্বর ২০২৬" with Bengali digits."""
    written = f"{date.day} {MONTHS[language][date.month - 1]} {date.year}"
    return to_bengali_digits(written) if language == "bn" else written
