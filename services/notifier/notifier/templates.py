"""Match-notice wording per (language, channel) as str.format templates."""

# Placeholders: {candidate_name}, {posting_title}, {employer} and {fair}, where {fair} is
# FAIR_PARTS[key] filled with {fair_name}, or "" when the match did not come from a job fair.
# SMS carries no subject, so SMS subjects are empty.

SUBJECTS: dict[tuple[str, str], str] = {
    ("en", "email"): "Your CV matches {posting_title} at {employer}",
    ("bn", "email"): "আপনার সিভি {employer}-এর {posting_title} পদের সাথে মিলেছে",
    ("en", "sms"): "",
    ("bn", "sms"): "",
}

BODIES: dict[tuple[str, str], str] = {
    ("en", "email"): (
        "Dear {candidate_name},\n"
        "\n"
        "Good news! Your CV matches the {posting_title} position at {employer}.{fair}\n"
        "\n"
        "The employer may contact you about the next steps.\n"
        "\n"
        "Best regards,\n"
        "jobmatch\n"
    ),
    ("bn", "email"): (
        "প্রিয় {candidate_name},\n"
        "\n"
        "সুখবর! আপনার সিভি {employer}-এর {posting_title} পদের সাথে মিলেছে।{fair}\n"
        "\n"
        "পরবর্তী ধাপ নিয়ে নিয়োগকর্তা আপনার সাথে যোগাযোগ করতে পারেন।\n"
        "\n"
        "শুভেচ্ছান্তে,\n"
        "jobmatch\n"
    ),
    ("en", "sms"): "Dear {candidate_name}, your CV matches {posting_title} at {employer}{fair}. -jobmatch",
    ("bn", "sms"): "প্রিয় {candidate_name}, আপনার সিভি {employer}-এর {posting_title} পদের সাথে মিলেছে{fair}। -jobmatch",
}

FAIR_PARTS: dict[tuple[str, str], str] = {
    ("en", "email"): "\n\nJob fair: {fair_name}",
    ("bn", "email"): "\n\nচাকরি মেলা: {fair_name}",
    ("en", "sms"): " ({fair_name})",
    ("bn", "sms"): " ({fair_name})",
}

# Stand-ins for a value with nothing visible in it (blank, or only zero-width characters).
NEUTRAL_WORDS: dict[str, dict[str, str]] = {
    "en": {"candidate_name": "Candidate", "posting_title": "Job", "employer": "the employer"},
    "bn": {"candidate_name": "প্রার্থী", "posting_title": "চাকরি", "employer": "নিয়োগকর্তা"},
}
