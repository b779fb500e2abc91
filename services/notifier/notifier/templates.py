"""The wording of every message, per language, as str.format templates."""

# A candidate's digest: the best few matches found since the last one, best first, with why.
# Numbers in Bengali messages are written with Bengali digits (the composer converts them).
# A candidate notice says "suggested", never "shortlisted" or "selected": an employer decides that.
DIGEST = {
    "en": {
        "subject_one": "A job suggested for you: {first}",
        "subject_many": "{count} jobs suggested for you, first: {first}",
        "greeting": "Dear {name},",
        "intro_one": "jobmatch suggests this job for you:",
        "intro_many": "jobmatch suggests these {count} jobs for you, best match first:",
        "item": "{number}. {title}, {employer}",
        "why": "matches your skills: {skills}",
        "stall": "stall {stall}",
        "fair": "At the job fair: {fair}",
        "more_one": "and 1 more on your page.",
        "more_many": "and {more} more on your page.",
        "link": "See all your matches, stop messages or delete your data: {link}",
        "unsubscribe": "To stop these emails with one click: {link}",
        "sign_off": "Best regards,\njobmatch",
        "sms_head": "jobmatch suggests:",
        "sms_item": "{number}) {title}",
        "sms_employer": ", {employer}",
        "sms_why": " ({skills})",
        "sms_stall": " stall {stall}",
        "sms_more": " +{more} more.",
        "sms_link": " All/stop: {link}",
    },
    "bn": {
        "subject_one": "আপনার জন্য একটি প্রস্তাবিত চাকরি: {first}",
        "subject_many": "আপনার জন্য {count}টি প্রস্তাবিত চাকরি, প্রথমটি: {first}",
        "greeting": "প্রিয় {name},",
        "intro_one": "আপনার জন্য jobmatch এই চাকরিটি প্রস্তাব করছে:",
        "intro_many": "আপনার জন্য jobmatch এই {count}টি চাকরি প্রস্তাব করছে, সবচেয়ে মানানসইটি আগে:",
        "item": "{number}. {title}, {employer}",
        "why": "আপনার যে দক্ষতার সাথে মিলেছে: {skills}",
        "stall": "স্টল {stall}",
        "fair": "চাকরি মেলায়: {fair}",
        "more_one": "আরও ১টি আছে আপনার পাতায়।",
        "more_many": "আরও {more}টি আছে আপনার পাতায়।",
        "link": "সব মিল দেখতে, বার্তা বন্ধ করতে বা তথ্য মুছতে: {link}",
        "unsubscribe": "এক ক্লিকে এই ইমেইল বন্ধ করতে: {link}",
        "sign_off": "শুভেচ্ছান্তে,\njobmatch",
        "sms_head": "jobmatch প্রস্তাব:",
        "sms_item": "{number}) {title}",
        "sms_employer": ", {employer}",
        "sms_why": " ({skills})",
        "sms_stall": " স্টল {stall}",
        "sms_more": " +{more}টি",
        "sms_link": " সব: {link}",
    },
}

# An employer's digest: new strong candidates per posting since the last one.
EMPLOYER_DIGEST = {
    "subject": "{count} new suggested candidates for your postings",
    "greeting": "Hello {name},",
    "intro": "jobmatch found new candidates whose CVs match your postings strongly:",
    "posting": "{title}: {count} new (best match {best}%)",
    "candidate": "  - candidate {ref}: {score}% match{skills}",
    "skills": "; skills: {skills}",
    "link": "  Shortlist: {link}",
    "unsubscribe": "To stop these emails with one click: {link}",
    "sign_off": "jobmatch",
}

MONTHS_BN = ("জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই", "আগস্ট", "সেপ্টেম্বর",
             "অক্টোবর", "নভেম্বর", "ডিসেম্বর")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

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

# The candidate's code for a fair's gate, added to their first message (the verification code's).
REGISTRATION_LINES: dict[tuple[str, str], str] = {
    ("en", "email"): "At the fair's gate, check in with your registration code {code} (it is on your page as a QR code too).",
    ("bn", "email"): "মেলার গেটে আপনার নিবন্ধন কোড {code} দিয়ে চেক-ইন করুন (আপনার পাতায় QR কোড হিসেবেও আছে)।",
    ("en", "sms"): "Fair check-in code: {code}",
    ("bn", "sms"): "মেলায় চেক-ইন কোড: {code}",
}

# Fair day, at the venue: the stalls to visit after the gate, the candidate's turn at a stall, and
# an offer or a hire recorded there. {place} is "stall 12 (Employer)", or the employer alone when
# the stall is not known; {post} names the post when it is known. Numbers (stalls, the list's
# numbers) are written with Bengali digits in Bengali; links and codes stay in Latin letters.
FAIR_DAY = {
    "en": {
        "place": "stall {stall} ({employer})",
        "stalls_subject": "Visit these stalls at the job fair",
        "stalls_intro": "Welcome to the job fair. Visit these stalls, best match first:",
        "stalls_item": "{number}. {place}: {title}",
        "sms_stalls_head": "jobmatch: visit these stalls at the fair:",
        "sms_stalls_item": " {number}) {place}",
        "call_subject": "Your turn now: {place}",
        "call": "It is your turn now at {place}{post}. Please go there now.",
        "call_post": " for {title}",
        "sms_call": "jobmatch: your turn now at {place}{post}. Please go there.",
        "offer_subject": "Job offer from {employer}",
        "offer": "{employer} offers you a job{post}.",
        "hired_subject": "You are hired: {employer}",
        "hired": "Congratulations! {employer} has hired you{post}.",
        "offer_post": " as {title}",
        "letter": "Your appointment letter is on your page: {link}",
        "no_letter": "The details are on your page: {link}",
        "sms_offer": "jobmatch: {offer} {letter}",
    },
    "bn": {
        "place": "স্টল {stall} ({employer})",
        "stalls_subject": "চাকরি মেলায় এই স্টলগুলোতে যান",
        "stalls_intro": "চাকরি মেলায় স্বাগতম। এই স্টলগুলোতে যান, সবচেয়ে মানানসইটি আগে:",
        "stalls_item": "{number}. {place}: {title}",
        "sms_stalls_head": "jobmatch: মেলায় এই স্টলগুলোতে যান:",
        "sms_stalls_item": " {number}) {place}",
        "call_subject": "এখন আপনার পালা: {place}",
        "call": "এখন আপনার পালা: {place}{post}। দয়া করে এখনই সেখানে যান।",
        "call_post": ", {title} পদ",
        "sms_call": "jobmatch: এখন আপনার পালা: {place}{post}। এখনই যান।",
        "offer_subject": "{employer} থেকে চাকরির প্রস্তাব",
        "offer": "{employer} আপনাকে{post} চাকরির প্রস্তাব দিয়েছে।",
        "hired_subject": "অভিনন্দন, আপনার নিয়োগ হয়েছে: {employer}",
        "hired": "অভিনন্দন! {employer} আপনাকে{post} নিয়োগ দিয়েছে।",
        "offer_post": " {title} পদে",
        "letter": "নিয়োগপত্র আপনার পাতায়: {link}",
        "no_letter": "বিস্তারিত আপনার পাতায়: {link}",
        "sms_offer": "jobmatch: {offer} {letter}",
    },
}
