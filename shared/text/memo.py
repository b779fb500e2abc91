"""Per-token results kept between texts: a text's words repeat across documents.

``each_cached`` reads every token's result from a dict with one ``map`` and works out only
the ones missing, so a text whose words have all been seen costs one lookup a token.
"""

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")


def each_cached(keys: Sequence[Hashable], cache: dict, compute: Callable[..., T], *, entries: int,
                longest: int) -> list[T]:
    """``[compute(key) for key in keys]``, reading ``cache`` first.

    What is worked out is kept in ``cache`` for keys of at most ``longest`` characters while it
    holds fewer than ``entries`` (so a hostile text cannot grow it without bound). ``compute``
    must never return None (None marks a key not in the cache).
    """
    found = list(map(cache.get, keys))
    if None in found:
        for i in [i for i, value in enumerate(found) if value is None]:
            key = keys[i]
            found[i] = value = compute(key)
            if len(cache) < entries and len(key) <= longest:
                cache[key] = value
    return found
