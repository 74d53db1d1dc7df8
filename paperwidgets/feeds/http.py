"""Fetch one feed URL: cached per day, bounded in time, size and retries; every failure a LoadError.

httpx is imported on the first fetch, so ``import paperwidgets`` stays fast. ``timeout`` is
the budget of the whole request (connect, headers, body, redirects): a server that sends one
byte every few seconds is cut off when it is spent. The body is streamed with a cap on its
decoded size and on how much it expands when decompressed (a gzip bomb stops at the cap).
Redirects are followed only to the same host (or ``allow_hosts``), and the body is cached
under the final URL too. Transient failures (network errors, timeouts, 5xx, 429) are retried
``retries`` times, waiting ``backoff`` × 2ⁿ seconds (or the server's Retry-After, in seconds
or as an HTTP date, up to ``max_wait``); any other HTTP error is reported at once. A body is
cached only once it parsed as the expected feed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
import socket
import threading
import time
import warnings
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from paperwidgets._version import __version__
from paperwidgets.errors import LoadError
from paperwidgets.feeds import cache
from paperwidgets.feeds.check import error_detail

Parse = Callable[[str, str], list[dict[str, Any]]]
RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 5
MAX_RATIO = 100  # decoded / received bytes; real JSON and Atom compress 5-20x
RATIO_FROM = 1_000_000  # decoded bytes before the ratio is judged
ERROR_BODY = 65536  # bytes of an error response read for its message


def user_agent() -> str:
    """A descriptive User-Agent, as arXiv and Hugging Face ask of API clients."""
    return f"paperwidgets/{__version__} (Jupyter research-paper reader; python-httpx)"


@dataclasses.dataclass
class Http:
    """How to fetch: timeout (s, the whole request), retries after the first try, backoff (s),
    longest wait (s), largest decoded body (MB), hosts redirects may lead to besides the URL's."""

    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    max_wait: float = 60.0
    max_mb: float = 50.0
    allow_hosts: tuple[str, ...] = ()

    def wait_for(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before retry ``attempt`` (0-based): Retry-After if it is readable."""
        asked = retry_after_seconds(retry_after)
        return self.backoff * 2**attempt if asked is None else asked


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header in seconds (delta-seconds or an HTTP date), None if unreadable."""
    text = (value or "").strip()
    if re.fullmatch(r"[0-9]{1,9}", text):  # ASCII digits only: "²".isdigit() is True
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def fetch(
    url: str, params: dict[str, Any] | None, parse: Parse, http: Http
) -> list[dict[str, Any]]:
    """Records of a feed URL: today's cached copy, else the network, else an older copy."""
    full = full_url(url, params)
    cached = cache.get(full)
    if cached is not None:
        return parse(cached[1], cached[0])
    try:
        final, body = download(full, http)
    except LoadError as err:
        return _offline(full, parse, err)
    records = parse(body, final)
    cache.put(full, body, [r["id"] for r in records], final=final)
    return records


def full_url(url: str, params: dict[str, Any] | None) -> str:
    """The URL with its query string, as it is requested and cached."""
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in (params or {}).items() if v is not None})
    return f"{url}{'&' if '?' in url else '?'}{query}" if query else url


def _offline(url: str, parse: Parse, err: LoadError) -> list[dict[str, Any]]:
    """The newest cached copy of ``url`` when the fetch failed; the error if there is none."""
    found = cache.latest(url)
    if found is None:
        raise err
    day, final, body = found
    warnings.warn(f"{err}; using the copy cached on {day.isoformat()}", UserWarning, stacklevel=4)
    return parse(body, final)


def download(url: str, http: Http) -> tuple[str, str]:
    """(final URL, body) of a GET, retried on transient failures; LoadError naming the URL."""
    import httpx

    headers = {"User-Agent": user_agent()}
    limits = httpx.Limits(max_keepalive_connections=0)  # every try on a socket it can time
    with httpx.Client(headers=headers, follow_redirects=False, limits=limits) as client:
        attempt = 0
        while True:
            (where, text), wait = _try(client, url, http, attempt)
            if wait is None:
                return where, text
            if attempt >= http.retries or wait > http.max_wait:
                tries = f"{attempt + 1} tries" if attempt else "1 try"
                raise LoadError(url, f"{text} (after {tries})")
            time.sleep(wait)
            attempt += 1


class Deadline:
    """The whole-request budget: when it is spent, the request's sockets are shut down, so a
    read waiting on a dripping server returns at once (httpx's timeouts are per read)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpx's ``trace`` extension: note each socket the request connects."""
        if event.endswith("connect_tcp.complete") and info.get("return_value") is not None:
            sock = info["return_value"].get_extra_info("socket")
            with self._lock:
                self._sockets.append(sock)
                if self.expired:
                    _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _try(client: Any, url: str, http: Http, attempt: int) -> tuple[tuple[str, str], float | None]:
    """((final URL, body), None) on success; ((url, what went wrong), seconds to wait)."""
    import httpx

    timed_out = f"no complete answer within {http.timeout:g} s (timeout)"
    with Deadline(http.timeout) as deadline:
        try:
            answer = _get(client, url, http, deadline)
        except httpx.InvalidURL as err:
            raise LoadError(url, f"not a URL that can be fetched ({err})") from None
        except (httpx.TimeoutException, httpx.TransportError) as err:
            if deadline.expired or isinstance(err, httpx.TimeoutException):
                return (url, timed_out), http.wait_for(attempt, None)
            return (url, f"network error: {err or type(err).__name__}"), http.wait_for(
                attempt, None
            )
        except _Retry as retry:
            return (url, retry.reason), http.wait_for(attempt, retry.after)
    if deadline.expired:  # a body cut short by the deadline can look complete
        return (url, timed_out), http.wait_for(attempt, None)
    return answer, None


class _Retry(Exception):
    """A retryable HTTP answer (5xx, 429): what it was and the server's Retry-After."""

    def __init__(self, reason: str, after: str | None):
        super().__init__(reason)
        self.reason, self.after = reason, after


def _get(client: Any, url: str, http: Http, deadline: Deadline) -> tuple[str, str]:
    """Follow same-host redirects; the body of the final 200 answer."""
    timeout = {"connect": http.timeout, "read": http.timeout, "write": http.timeout}
    timeout["pool"] = http.timeout
    extensions = {"trace": deadline.trace, "timeout": timeout}
    request = client.build_request("GET", url, extensions=extensions)
    for _hop in range(MAX_REDIRECTS + 1):
        response = client.send(request, stream=True)
        try:
            if not response.is_redirect or response.next_request is None:
                return str(request.url), _body(response, url, http)
            request = _checked_redirect(url, response.next_request, http)
        finally:
            response.close()
    raise LoadError(url, f"more than {MAX_REDIRECTS} redirects")


def _checked_redirect(url: str, request: Any, http: Http) -> Any:
    """The redirect's request if it stays on the URL's host (or an allowed one)."""
    host = urlsplit(url).hostname
    target = request.url
    allowed = target.host == host or target.host in http.allow_hosts
    if not allowed or target.scheme not in ("http", "https"):
        raise LoadError(url, f"redirected to another host ({target}); not followed")
    return request


def _body(response: Any, url: str, http: Http) -> str:
    """The decoded body of a 200 answer, streamed under the size and expansion caps."""
    status = response.status_code
    if status != 200:
        _refuse(response, url)
    limit = int(http.max_mb * 1e6)
    size, chunks = 0, []
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise LoadError(url, f"the response is larger than {http.max_mb:g} MB (stopped)")
        if size > RATIO_FROM and size > MAX_RATIO * max(response.num_bytes_downloaded, 1):
            raise LoadError(
                url, f"the response expands more than {MAX_RATIO}x when decompressed (stopped)"
            )
        chunks.append(chunk)
    return b"".join(chunks).decode(response.encoding or "utf-8", errors="replace")


def _refuse(response: Any, url: str) -> None:
    """Raise for a non-200 answer: _Retry for a transient one, LoadError for the rest."""
    status = response.status_code
    reason = f"HTTP {status} {response.reason_phrase}".rstrip()
    if status not in RETRY_STATUS:
        head = b""
        for chunk in response.iter_bytes():
            head += chunk
            if len(head) >= ERROR_BODY:
                break
        raise LoadError(url, reason + error_detail(head.decode("utf-8", errors="replace")))
    retry_after = response.headers.get("Retry-After")
    if status == 429:
        reason = "rate limited (HTTP 429)" + (
            f", Retry-After: {retry_after}" if retry_after else ""
        )
    raise _Retry(reason, retry_after)
