"""Message ids: checked once, then used as file names and as the Message-ID header."""

import re

MESSAGE_ID_DOMAIN = "jobmatch"
MAX_MESSAGE_ID_LENGTH = 200
# Dot-separated runs of letters, digits, "_" and "-": a valid Message-ID left part and a
# safe file name (no "/", never "." or "..", never hidden).
_MESSAGE_ID = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*")


def check_message_id(message_id: str) -> str:
    """Return message_id unchanged; ValueError unless it is 1-200 of A-Z a-z 0-9 _ - and inner dots."""
    if not isinstance(message_id, str) or not _MESSAGE_ID.fullmatch(message_id):
        raise ValueError(
            f"message_id {message_id!r} must be letters, digits, '_' and '-', "
            "optionally in dot-separated groups"
        )
    if len(message_id) > MAX_MESSAGE_ID_LENGTH:
        raise ValueError(f"message_id is longer than {MAX_MESSAGE_ID_LENGTH} characters")
    return message_id


def message_id_header(message_id: str) -> str:
    """Return the Message-ID header value "<message_id@jobmatch>" for a checked message_id."""
    return f"<{check_message_id(message_id)}@{MESSAGE_ID_DOMAIN}>"
