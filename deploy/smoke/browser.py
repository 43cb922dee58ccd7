"""A browser as the app servers see it behind the TLS-terminating proxy.

Each `Browser` is one client with its own address and cookies. Every request goes to an
app server's plain-HTTP address but carries what the proxy would add: the public Host,
`X-Forwarded-Proto: https` and `X-Forwarded-For` ending with the client's address (the
proxy appends it; anything before it is what the client itself sent, which the app must
not trust). Cookies are kept here by name rather than by requests' cookie jar, which
would withhold the `Secure` cookies (`__Host-sessionid`, `__Host-csrftoken`) from an
http:// address. A browser is not tied to one app server: like a load balancer, a test
may send its next request to the other one.
"""

import re
from http.cookies import SimpleCookie

import requests

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT = 30


class Browser:
    def __init__(self, *, host: str, client_ip: str, spoofed_ip: str = "") -> None:
        self.host = host
        self.client_ip = client_ip
        # What a client may put in X-Forwarded-For itself; the proxy appends the real one.
        self.spoofed_ip = spoofed_ip
        self.cookies: dict[str, str] = {}

    @property
    def origin(self) -> str:
        return f"https://{self.host}"

    def headers(self, extra: dict | None = None) -> dict:
        forwarded = f"{self.spoofed_ip}, {self.client_ip}" if self.spoofed_ip else self.client_ip
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": forwarded,
            "User-Agent": "awards-smoke/1",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return headers | (extra or {})

    def request(self, method: str, server: str, path: str, **kwargs) -> requests.Response:
        """One request to `server` (http://127.0.0.1:PORT), no redirects followed."""
        extra = kwargs.pop("headers", None)
        if method != "GET":
            # Django checks the Origin (or Referer) of an HTTPS form post.
            extra = {"Origin": self.origin, "Referer": self.origin + path} | (extra or {})
        response = requests.request(
            method,
            server + path,
            headers=self.headers(extra),
            allow_redirects=False,
            timeout=kwargs.pop("timeout", TIMEOUT),
            **kwargs,
        )
        self._keep_cookies(response)
        return response

    def get(self, server: str, path: str, **kwargs) -> requests.Response:
        return self.request("GET", server, path, **kwargs)

    def post(self, server: str, path: str, **kwargs) -> requests.Response:
        return self.request("POST", server, path, **kwargs)

    def form(self, server: str, path: str) -> tuple[requests.Response, str]:
        """GET a page with a form; returns the response and its CSRF token ("" if none)."""
        response = self.get(server, path)
        match = CSRF_INPUT.search(response.text)
        return response, match.group(1) if match else ""

    def submit(self, server: str, path: str, data: dict, **kwargs) -> requests.Response:
        """GET the form at `path` for its CSRF token, then POST `data` to it."""
        page, token = self.form(server, path)
        if not token:
            raise AssertionError(f"GET {path} answered {page.status_code} without a form")
        return self.post(server, path, data={"csrfmiddlewaretoken": token, **data}, **kwargs)

    def _keep_cookies(self, response: requests.Response) -> None:
        for header in response.raw.headers.getlist("Set-Cookie"):
            parsed = SimpleCookie()
            parsed.load(header)
            for name, morsel in parsed.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


def location(response: requests.Response) -> str:
    """The redirect's target as a path on this site."""
    target = response.headers.get("Location", "")
    return re.sub(r"^https?://[^/]+", "", target)
