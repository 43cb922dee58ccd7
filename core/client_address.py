"""Which address a request came from, when proxies stand between the client and us.

Behind a TLS-terminating proxy every request reaches the app server from the proxy, so
REMOTE_ADDR is the proxy's address. The deployment says whom to believe, once, and
`core.middleware.ClientAddressMiddleware` puts the answer in REMOTE_ADDR, where the audit
log, allauth's per-address limits and the access log all read it:

- `CLIENT_IP_HEADER` names a header the proxy sets to the client's address (for example
  `X-Real-IP`); the proxy must overwrite it on every request.
- `TRUSTED_PROXY_COUNT` is how many proxies append to `X-Forwarded-For`; the client is that
  many entries from the right. Entries further left were sent by the client and are never
  believed.
- Neither (the default): REMOTE_ADDR as the server saw it, which is right when there is no
  proxy, or when the proxy speaks the PROXY protocol to gunicorn (`--proxy-protocol`).

A request without the header, with too few entries or with something that is not an IP
address keeps the address of the peer that sent it (a load balancer's health check, say).
"""

import ipaddress


def meta_key(header: str) -> str:
    """The WSGI environ key of an HTTP header name (`X-Real-IP` → `HTTP_X_REAL_IP`)."""
    return "HTTP_" + header.strip().upper().replace("-", "_")


def parse_ip(value: str | None) -> str | None:
    """`value` as a normalized IP address, or None when it is not one."""
    text = (value or "").strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_address(meta: dict, *, proxy_count: int = 0, client_ip_header: str = "") -> str | None:
    """The client's address for a request with WSGI environ `meta` (see the module)."""
    peer = meta.get("REMOTE_ADDR")
    if client_ip_header:
        return parse_ip(meta.get(meta_key(client_ip_header))) or peer
    if proxy_count > 0:
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        entries = forwarded.split(",")
        if forwarded.strip() and len(entries) >= proxy_count:
            return parse_ip(entries[-proxy_count]) or peer
    return peer
