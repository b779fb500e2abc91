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

# The first message to a contact that is not verified yet: its code, to give at the fair desk or
# with the candidate's private link. {code} is six digits (Bengali digits in Bengali).
VERIFICATION_SUBJECTS: dict[tuple[str, str], str] = {
    ("en", "email"): "Your jobmatch code: {code}",
    ("bn", "email"): "আপনার jobmatch কোড: {code}",
    ("en", "sms"): "",
    ("bn", "sms"): "",
}

VERIFICATION_BODIES: dict[tuple[str, str], str] = {
    ("en", "email"): (
        "Your jobmatch code is {code}.\n"
        "\n"
        "Give it at the fair desk or with your private link to confirm this address; job matches"
        " are sent only after that. If you did not hand in a CV, ignore this message.\n"
        "\n"
        "jobmatch\n"
    ),
    ("bn", "email"): (
        "আপনার jobmatch কোড {code}।\n"
        "\n"
        "এই ঠিকানাটি নিশ্চিত করতে কোডটি মেলার ডেস্কে বা আপনার ব্যক্তিগত লিংকে দিন; এরপরই চাকরির মিলের খবর"
        " পাঠানো হবে। আপনি সিভি জমা না দিয়ে থাকলে এই বার্তাটি উপেক্ষা করুন।\n"
        "\n"
        "jobmatch\n"
    ),
    ("en", "sms"): "jobmatch code: {code}. Give it at the fair desk or with your link to get job matches.",
    ("bn", "sms"): "jobmatch কোড: {code}। চাকরির মিলের খবর পেতে কোডটি মেলার ডেস্কে বা আপনার লিংকে দিন।",
}

# A CV was handed in again with this phone or email but without the candidate's private link: the
# code confirms the change (and gives a new link). Sent even to a verified contact.
CHANGE_CODE_SUBJECTS: dict[tuple[str, str], str] = {
    ("en", "email"): "Your jobmatch code to change your CV: {code}",
    ("bn", "email"): "আপনার সিভি বদলানোর jobmatch কোড: {code}",
    ("en", "sms"): "",
    ("bn", "sms"): "",
}

CHANGE_CODE_BODIES: dict[tuple[str, str], str] = {
    ("en", "email"): (
        "Your jobmatch code is {code}.\n"
        "\n"
        "Someone handed in a changed CV with this address. If it was you, give the code at the fair"
        " desk or the kiosk within 15 minutes to apply the change and get a new private link. If it"
        " was not you, ignore this message: your CV stays as it is.\n"
        "\n"
        "jobmatch\n"
    ),
    ("bn", "email"): (
        "আপনার jobmatch কোড {code}।\n"
        "\n"
        "এই ঠিকানা দিয়ে কেউ একটি বদলানো সিভি জমা দিয়েছেন। আপনি দিয়ে থাকলে ১৫ মিনিটের মধ্যে কোডটি মেলার"
        " ডেস্কে বা কিয়স্কে দিন: পরিবর্তনটি হবে এবং আপনি নতুন ব্যক্তিগত লিংক পাবেন। আপনি না দিয়ে থাকলে এই"
        " বার্তাটি উপেক্ষা করুন: আপনার সিভি যেমন ছিল তেমনই থাকবে।\n"
        "\n"
        "jobmatch\n"
    ),
    ("en", "sms"): "jobmatch code: {code}. Give it within 15 min to apply the change to your CV. Not you? Ignore this.",
    ("bn", "sms"): "jobmatch কোড {code}। সিভি বদলাতে চাইলে ১৫ মিনিটে দিন, নইলে এড়িয়ে যান",
}
