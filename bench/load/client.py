"""A minimal logged-in HTTP client for load runs: cookies, CSRF, forms; standard library only."""

import http.client
import json
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


@dataclass
class Reply:
    status: int
    body: str
    location: str | None
    seconds: float


class FormFields(HTMLParser):
    """Collects the current values of a page's form fields (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "checkbox", "file"):
            self.fields[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.fields[name] = attrs.get("value") or "on"
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(html):
    parser = FormFields()
    parser.feed(html)
    return parser.fields


class Client:
    """One user's connection: keeps cookies, sends the CSRF token, follows no redirects."""

    def __init__(self, base_url, timeout=30):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self._connection = None

    def _conn(self):
        if self._connection is None:
            self._connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._connection

    def request(self, method, path, body=None, content_type=None):
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET" and "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if body is not None:
            headers["Content-Type"] = content_type
        start = time.perf_counter()
        try:
            connection = self._conn()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return Reply(response.status, text, response.headers.get("Location"), time.perf_counter() - start)

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, data):
        data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request("POST", path, urlencode(data), "application/x-www-form-urlencoded")

    def post_json(self, path, payload):
        return self.request("POST", path, json.dumps(payload), "application/json")

    def login(self, username, password):
        self.get("/accounts/login/")
        reply = self.post_form("/accounts/login/", {"username": username, "password": password})
        if reply.status != 302:
            raise RuntimeError(f"login of {username} failed with HTTP {reply.status}")
        return reply

    def close(self):
        if self._connection is not None:
            self._connection.close()
            self._connection = None
