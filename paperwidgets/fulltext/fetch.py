"""The bytes of a full text: a local file or a URL, bounded, cached on disk, one error type.

Files: regular files only (a FIFO or device fails at once), at most the size cap. URLs: httpx
streamed under the same cap with feeds.http's policy (timeout, retries with backoff or
Retry-After, a descriptive User-Agent), redirects only within the same host, and a whole-request
deadline; the body is kept per URL in the signed on-disk cache (cache.py, folder ``fulltext``), so
opening a paper again reads no network. Every failure is a LoadError naming the file or URL.
``feeds.http.fetch`` hands its parser decoded text, which a PDF cannot survive: hence this path.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from paperwidgets import cache
from paperwidgets.errors import LoadError
from paperwidgets.feeds.http import RETRY_STATUS, Http, user_agent

KIND = "fulltext"
MAX_MB_ENV = "PAPERWIDGETS_FULLTEXT_MB"
DEFAULT_MAX_MB = 64  # arXiv's own limit for a submission is 50 MB
CHUNK = 1 << 16


def max_bytes() -> int:
    """The size cap of one full text: $PAPERWIDGETS_FULLTEXT_MB (default 64) megabytes."""
    try:
        megabytes = float(os.environ.get(MAX_MB_ENV) or DEFAULT_MAX_MB)
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return int(megabytes * 1024 * 1024)


def too_big(size: int | None, cap: int) -> str:
    """The message for a file over the cap (with the way to raise it); size None: unknown."""
    what = f"is {size / 1048576:,.1f} MB" if size is not None else "is larger than that"
    return f"{what}, over the {cap / 1048576:.3g} MB limit for a full text (set {MAX_MB_ENV})"


def read_file(path: Path, cap: int | None = None) -> bytes:
    """A local file's bytes: a regular file within the cap, else LoadError naming it."""
    cap = max_bytes() if cap is None else cap
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise LoadError(str(path), f"cannot be opened ({err.strerror or err})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise LoadError(str(path), "is not a regular file (a folder, FIFO or device)")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > cap:
            raise LoadError(str(path), too_big(info.st_size, cap))
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise LoadError(str(path), too_big(len(data), cap))
    return data


def cached(url: str) -> bytes | None:
    """The body kept for ``url``, or None (missing, or refused by the cache's signature)."""
    arrays = cache.load(KIND, url, {"url": url})
    return None if arrays is None else arrays["body"].tobytes()


def fetch_url(url: str, http: Http | None = None, cap: int | None = None) -> bytes:
    """The body of ``url``: from the cache, else downloaded (and then kept)."""
    body = cached(url)
    if body is not None:
        return body
    body = download(url, http or Http(), max_bytes() if cap is None else cap)
    cache.store(KIND, url, {"url": url}, {"body": np.frombuffer(body, np.uint8)})
    return body


def download(url: str, http: Http, cap: int) -> bytes:
    """GET ``url`` with retries on transient failures; LoadError naming it otherwise."""
    import httpx

    if urlsplit(url).scheme not in ("http", "https"):
        raise LoadError(url, "not an http(s) URL")
    deadline = time.monotonic() + http.timeout * 3
    headers = {"User-Agent": user_agent()}
    hooks = {"request": [_same_host(url)]}
    attempt = 0
    with httpx.Client(
        timeout=http.timeout, headers=headers, follow_redirects=True, event_hooks=hooks
    ) as client:
        while True:
            body, reason, wait = _attempt(client, url, cap, deadline, http, attempt)
            if body is not None:
                return body
            late = time.monotonic() + wait > deadline
            if attempt >= http.retries or wait > http.max_wait or late:
                tries = f"after {attempt + 1} tries" if attempt else "1 try"
                raise LoadError(url, f"{reason} ({tries})")
            time.sleep(wait)
            attempt += 1


def _same_host(url: str) -> Any:
    """A request hook: a redirect to another host is refused before it is requested."""
    host = urlsplit(url).hostname

    def check(request: Any) -> None:
        if request.url.host != host:
            raise LoadError(url, f"redirected to another host ({request.url.host}); not followed")

    return check


def _attempt(
    client: Any, url: str, cap: int, deadline: float, http: Http, attempt: int
) -> tuple[bytes | None, str, float]:
    """(body, '', 0) on success; (None, what went wrong, seconds to wait) to retry."""
    import httpx

    try:
        with client.stream("GET", url) as response:
            return _body(response, url, cap, deadline, http, attempt)
    except httpx.InvalidURL as err:
        raise LoadError(url, f"not a URL that can be fetched ({err})") from None
    except httpx.TimeoutException:
        return None, f"no answer within {http.timeout:g} s (timeout)", http.wait_for(attempt, None)
    except httpx.HTTPError as err:
        reason = f"network error: {err or type(err).__name__}"
        return None, reason, http.wait_for(attempt, None)


def _body(
    response: Any, url: str, cap: int, deadline: float, http: Http, attempt: int
) -> tuple[bytes | None, str, float]:
    status = response.status_code
    if status != 200:
        reason = f"HTTP {status} {response.reason_phrase}".rstrip()
        if status not in RETRY_STATUS:
            raise LoadError(url, reason)
        retry_after = response.headers.get("Retry-After")
        return None, reason, _wait(http, attempt, retry_after)
    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > cap:
        raise LoadError(url, too_big(int(declared), cap))
    parts, size = [], 0
    for part in response.iter_bytes(CHUNK):
        size += len(part)
        if size > cap:
            raise LoadError(url, too_big(None, cap))
        if time.monotonic() > deadline:
            raise LoadError(url, f"took longer than {deadline_text(http)} to download")
        parts.append(part)
    return b"".join(parts), "", 0.0


def _wait(http: Http, attempt: int, retry_after: str | None) -> float:
    try:
        return http.wait_for(attempt, retry_after)
    except ValueError:  # a Retry-After that is not a number of seconds
        return http.wait_for(attempt, None)


def deadline_text(http: Http) -> str:
    """The whole-request budget, as said in errors."""
    return f"{http.timeout * 3:g} s"
