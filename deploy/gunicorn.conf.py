"""gunicorn's settings for the web process: `gunicorn -c deploy/gunicorn.conf.py awards_site.wsgi`.

Every value comes from the environment (the same file as the app's, see
deploy/awards.env.example), with a default that suits one small server:

- GUNICORN_BIND: where to listen, e.g. "127.0.0.1:8000" (the default, behind a proxy on
  the same host), "0.0.0.0:8000" or "unix:/run/awards/gunicorn.sock".
- GUNICORN_WORKERS: worker processes (default 2 per CPU core plus one, at most 8).
- GUNICORN_TIMEOUT: seconds a request may run before its worker is killed and restarted
  (default 60: the slowest page builds a PDF batch's download).
- GUNICORN_GRACEFUL_TIMEOUT: seconds a worker gets to finish its requests on a restart or
  stop (default 30); systemd's TimeoutStopSec must be longer.
- FORWARDED_ALLOW_IPS: the proxies (addresses or networks, comma separated) whose
  X-Forwarded-Proto gunicorn believes (default: this host). Django decides HTTPS itself
  from X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER), and the client's address from
  TRUSTED_PROXY_COUNT or CLIENT_IP_HEADER (core.middleware.ClientAddressMiddleware).
- GUNICORN_PROXY_PROTOCOL: "off" (default), or "v1", "v2" or "auto" when a TCP load
  balancer (HAProxy, an AWS NLB...) sends the PROXY protocol header: gunicorn then sets
  the client's real address as REMOTE_ADDR, so leave TRUSTED_PROXY_COUNT at 0 and
  CLIENT_IP_HEADER empty. PROXY_ALLOW_IPS lists the balancers it accepts the header from.

There is no gunicorn access log: the app writes one JSON line per request itself
(through logging, to stderr, with the request id and the client address it trusts).
gunicorn's own messages (workers starting, timing out) go to stderr too, so both land in
the journal.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "awards_site.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "sync"
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# A worker is replaced after this many requests (jittered so that they do not all go at
# once), which bounds any slow growth in memory.
max_requests = 2000
max_requests_jitter = 200

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_protocol = os.environ.get("GUNICORN_PROXY_PROTOCOL", "off")
proxy_allow_ips = os.environ.get("PROXY_ALLOW_IPS", "127.0.0.1,::1")

accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# gunicorn's own lines (starting, booting and timed-out workers) in the app's format, so
# the journal holds one format: JSON lines in UTC in production (LOG_FORMAT, as in
# awards_site/settings.py).
_production = os.environ.get("DJANGO_ENV") == "production"
_log_format = os.environ.get("LOG_FORMAT") or ("json" if _production else "text")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"()": "core.logging.TextFormatter"},
    },
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": _log_format,
            "filters": ["request_id"],
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "WARNING", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {
            "level": loglevel.upper(),
            "handlers": ["error_console"],
            "propagate": False,
        },
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
    },
}
# systemd supervises the processes; the runtime control socket (gunicornc) is not used,
# and its default place ($HOME/.gunicorn) is read-only under the unit's sandbox.
control_socket_disable = True
