"""CACHE_URL points the cache (and so allauth's rate limits) at Redis."""

from tests.awards_site.test_settings import clean_env, run

ROUND_TRIP = (
    "import django; django.setup();"
    "from django.core.cache import cache; from django.conf import settings;"
    "cache.set('awards-cache-probe', 'ok', 30);"
    "print(settings.CACHES['default']['BACKEND'], cache.get('awards-cache-probe'));"
    "cache.delete('awards-cache-probe')"
)


def test_cache_url_uses_redis():
    result = run("-c", ROUND_TRIP, env=clean_env(CACHE_URL="redis://127.0.0.1:6379/15"))

    assert result.returncode == 0, result.stderr
    assert result.stdout == "django.core.cache.backends.redis.RedisCache ok\n"


def test_without_cache_url_the_cache_is_local_memory():
    result = run("-c", ROUND_TRIP, env=clean_env())

    assert result.returncode == 0, result.stderr
    assert result.stdout == "django.core.cache.backends.locmem.LocMemCache ok\n"
