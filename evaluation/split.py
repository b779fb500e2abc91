"""The fixed development/test split of a task's queries, decided by a hash of the query id."""

import hashlib

DEV = "dev"
TEST = "test"
SPLITS = (DEV, TEST)
DEV_SHARE = 0.3  # about 30% of the queries are for development (looking at, tuning); the rest is test


def split_of(query_id: str, dev_share: float = DEV_SHARE) -> str:
    """"dev" or "test" for a query id: the same answer on every machine and run (SHA-256, not hash())."""
    digest = hashlib.sha256(query_id.encode("utf-8")).digest()
    position = int.from_bytes(digest[:8], "big") / 2**64  # uniform in [0, 1)
    return DEV if position < dev_share else TEST
