"""A fixed-window counter on the Django cache (Redis when REDIS_URL is set): `10/h` allows ten hits an hour."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from encryption.blind_index import blind_index

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_parse(rate: str) -> tuple[int, int]:
    """`N/unit` (unit s, m, h or d) as (allowed, window seconds)."""
    count, sep, unit = rate.strip().partition("/")
    if not sep or not count.isdigit() or int(count) < 1 or unit not in _UNITS:
        raise ImproperlyConfigured(f"a rate must be `N/s`, `N/m`, `N/h` or `N/d`, not {rate!r}")
    return int(count), _UNITS[unit]


def ratelimit_hit(*, scope: str, key: str, rate: str) -> bool:
    """Count one hit; True while within the rate. The key is a keyed HMAC (blind-index key): no address or IP can be
    read back from, or confirmed against, the cache."""
    allowed, window = rate_parse(rate)
    bucket = int(time.time() // window)
    digest = blind_index(namespace=f"ratelimit:{scope}", normalised=key)[:32]
    cache_key = f"custos:rl:{scope}:{digest}:{bucket}"
    cache.add(cache_key, 0, timeout=window + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 5)
        count = 1
    return count <= allowed
