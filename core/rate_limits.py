"""A count of attempts per key in fixed windows, kept in the cache (Redis in production,
so every app server counts together). For public actions that cost the server work and
have no account to count against, such as checking an uploaded certificate."""

import time

from django.core.cache import cache


def within_rate(scope: str, key: str, *, limit: int, seconds: int) -> bool:
    """Count one attempt by `key` (a client address, say) at `scope`; False once `key`
    has made more than `limit` in the current window of `seconds`."""
    window = int(time.time() // seconds)
    cache_key = f"rate:{scope}:{key}:{window}"
    # add() starts the count only if no other request did; incr() is atomic in Redis.
    cache.add(cache_key, 0, timeout=seconds * 2)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # The entry expired between the two calls.
        cache.set(cache_key, 1, timeout=seconds * 2)
        count = 1
    return count <= limit
