"""Fetch one feed URL: cached per day, bounded retries with backoff, every failure a LoadError.

httpx is imported on the first fetch, so ``import paperwidgets`` stays fast. Transient
failures (network errors, timeouts, 5xx, 429) are retried ``retries`` times, waiting
``backoff`` × 2ⁿ seconds (or the server's Retry-After, up to ``max_wait``); any other
HTTP error is reported at once. A body is cached only once it parsed as the expected feed.
"""

from __future__ import annotations

import dataclasses
import time
import warnings
from collections.abc import Callable
from typing import Any

from paperwidgets._version import __version__
from paperwidgets.errors import LoadError
from paperwidgets.feeds import cache
from paperwidgets.feeds.check import error_detail

Parse = Callable[[str, str], list[dict]]
RETRY_STATUS = {429, 500, 502, 503, 504}


def user_agent() -> str:
    """A descriptive User-Agent, as arXiv and Hugging Face ask of API clients."""
    return f"paperwidgets/{__version__} (Jupyter research-paper reader; python-httpx)"


@dataclasses.dataclass
class Http:
    """How to fetch: timeout (s), retries after the first try, backoff (s), longest wait (s)."""

    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    max_wait: float = 60.0

    def wait_for(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before retry ``attempt`` (0-based): Retry-After if given."""
        if retry_after and retry_after.strip().isdigit():
            return float(retry_after.strip())
        return self.backoff * 2**attempt


def fetch(url: str, params: dict[str, Any] | None, parse: Parse, http: Http) -> list[dict]:
    """Records of a feed URL: today's cached copy, else the network, else an older copy."""
    full = full_url(url, params)
    cached = cache.get(full)
    if cached is not None:
        return parse(cached, full)
    try:
        body = download(full, http)
    except LoadError as err:
        return _offline(full, parse, err)
    records = parse(body, full)
    cache.put(full, body, [r["id"] for r in records])
    return records


def full_url(url: str, params: dict[str, Any] | None) -> str:
    """The URL with its query string, as it is requested and cached."""
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in (params or {}).items() if v is not None})
    return f"{url}{'&' if '?' in url else '?'}{query}" if query else url


def _offline(url: str, parse: Parse, err: LoadError) -> list[dict]:
    """The newest cached copy of ``url`` when the fetch failed; the error if there is none."""
    found = cache.latest(url)
    if found is None:
        raise err
    day, body = found
    warnings.warn(f"{err}; using the copy cached on {day.isoformat()}", UserWarning, stacklevel=4)
    return parse(body, url)


def download(url: str, http: Http) -> str:
    """The body of a GET, retried on transient failures; LoadError naming the URL otherwise."""
    import httpx

    headers = {"User-Agent": user_agent()}
    with httpx.Client(timeout=http.timeout, headers=headers, follow_redirects=True) as client:
        attempt = 0
        while True:
            body, wait = _try(client, url, http, attempt)
            if wait is None:
                return body
            if attempt >= http.retries or wait > http.max_wait:
                tries = f"{attempt + 1} tries" if attempt else "1 try"
                raise LoadError(url, f"{body} (after {tries})")
            time.sleep(wait)
            attempt += 1


def _try(client: Any, url: str, http: Http, attempt: int) -> tuple[str, float | None]:
    """(body, None) on success; (what went wrong, seconds to wait) for a retryable failure."""
    import httpx

    try:
        response = client.get(url)
    except httpx.InvalidURL as err:
        raise LoadError(url, f"not a URL that can be fetched ({err})") from None
    except httpx.TimeoutException:
        return f"no answer within {http.timeout:g} s (timeout)", http.wait_for(attempt, None)
    except httpx.HTTPError as err:
        return f"network error: {err or type(err).__name__}", http.wait_for(attempt, None)
    status = response.status_code
    if status == 200:
        return response.text, None
    reason = f"HTTP {status} {response.reason_phrase}".rstrip()
    if status not in RETRY_STATUS:
        raise LoadError(url, reason + error_detail(response.text))
    retry_after = response.headers.get("Retry-After")
    if status == 429:
        reason = "rate limited (HTTP 429)" + (
            f", Retry-After: {retry_after}" if retry_after else ""
        )
    return reason, http.wait_for(attempt, retry_after)
