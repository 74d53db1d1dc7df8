"""Feeds over HTTP from a hostile server (issue 22), run as the README runs them
(`daily_papers(timeout=…, retries=0)`) in a child process under a 1 GB memory cap: an endless
body, a gzip bomb, a body or headers sent one piece at a time, an odd Retry-After and a
redirect to another host each end in a LoadError naming the URL, within the request's time
budget (not as long as the server likes). The server binds 127.0.0.1 and stops by itself."""

from __future__ import annotations

import contextlib
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from capped import CATCH, run_capped
from test_feeds import HF_DAY, serving

import paperwidgets as pw
from paperwidgets.feeds import cache as feeds_cache
from paperwidgets.feeds.http import retry_after_seconds

JSON = "application/json"
SERVE_AT_MOST = 60.0  # seconds any one hostile answer lasts, whatever the client does
TIMEOUT = 2.0  # the request budget the client asks for
BOUND = 30.0  # far above TIMEOUT: the unbounded answers last SERVE_AT_MOST or forever


class Hostile(BaseHTTPRequestHandler):
    """One misbehaving answer per path prefix."""

    def do_GET(self) -> None:
        kind = self.path.split("/")[1]
        self.server.seen.append(self.path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            getattr(self, "_" + kind.replace("-", "_"))()

    def _until(self) -> float:
        return time.monotonic() + SERVE_AT_MOST

    def _head(self, status: int, **headers: str) -> None:
        """Status line and headers (``Content_Type=`` is sent as ``Content-Type``)."""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()

    def _endless(self) -> None:
        self._head(200, Content_Type=JSON)  # no length: the body ends when the connection does
        self.wfile.write(b"[")
        chunk = b'{"paper": {"id": "2501.00001", "title": "again"}},' * 1000
        until = self._until()
        while time.monotonic() < until:
            self.wfile.write(chunk)

    def _bomb(self) -> None:
        self._head(200, Content_Type=JSON, Content_Encoding="gzip")
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        zeros = b"\0" * (1 << 20)
        until = self._until()
        while time.monotonic() < until:  # ~1 KB on the wire per MB unpacked
            self.wfile.write(packer.compress(zeros) or packer.flush(zlib.Z_SYNC_FLUSH))

    def _drip_body(self) -> None:
        self._head(200, Content_Type=JSON, Content_Length="100000")
        until = self._until()
        while time.monotonic() < until:
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(0.5)

    def _drip_headers(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        until, n = self._until(), 0
        while time.monotonic() < until:
            self.wfile.write(f"X-Slow-{n}: yes\r\n".encode())
            self.wfile.flush()
            n += 1
            time.sleep(0.5)

    def _odd_retry_after(self) -> None:
        self._head(503, Retry_After="²", Content_Length="0")

    def _elsewhere(self) -> None:
        port = self.server.server_address[1]
        elsewhere = f"http://localhost:{port}/fine/api/daily_papers"
        self._head(302, Location=elsewhere, Content_Length="0")

    def _same_host(self) -> None:
        self._head(301, Location="/fine/api/daily_papers?date=2025-03-17", Content_Length="0")

    def _fine(self) -> None:
        data = HF_DAY.encode()
        self._head(200, Content_Type=JSON, Content_Length=str(len(data)))
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    httpd.seen = []
    yield from serving(httpd)


@pytest.fixture(autouse=True)
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PAPERWIDGETS_CACHE", str(tmp_path / "cache"))


FETCH = (
    CATCH
    + """
import paperwidgets as pw
attempt(lambda: len(pw.daily_papers(date="2025-03-17", base_url=sys.argv[1],
                                    timeout=float(sys.argv[2]), retries=0)))
"""
)


def fetch_in_child(base: str) -> dict:
    return run_capped(FETCH, base, str(TIMEOUT), timeout=180)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("endless", "the response is larger than 50 MB (stopped)"),
        ("bomb", "the response expands more than 100x when decompressed (stopped)"),
        ("drip-body", f"no complete answer within {TIMEOUT:g} s (timeout)"),
        ("drip-headers", f"no complete answer within {TIMEOUT:g} s (timeout)"),
        ("odd-retry-after", "HTTP 503 Service Unavailable"),
        ("elsewhere", "redirected to another host (http://localhost:"),
    ],
)
def test_a_hostile_server_is_a_load_error_naming_the_url_in_bounded_time_and_memory(
    server, kind, reason
):
    base = f"http://127.0.0.1:{server.server_address[1]}/{kind}"
    found = fetch_in_child(base)
    assert (found["ok"], found["type"]) == (False, "LoadError"), found
    url = f"{base}/api/daily_papers?date=2025-03-17"
    assert found["message"].startswith(f"{url}: {reason}"), found["message"]
    assert found["seconds"] < BOUND, found
    assert not any("/fine/" in path for path in server.seen), "no other host was asked"


def test_a_same_host_redirect_is_followed_and_cached_under_the_final_url(server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    corpus = pw.daily_papers(date="2025-03-17", base_url=f"{base}/same-host", timeout=TIMEOUT)
    assert len(corpus) == 12
    final = f"{base}/fine/api/daily_papers?date=2025-03-17"
    assert set(corpus.papers["source"]) == {final}
    asked = f"{base}/same-host/api/daily_papers?date=2025-03-17"
    assert feeds_cache.get(final)[0] == final
    assert feeds_cache.get(asked)[0] == final
    server.shutdown()
    again = pw.daily_papers(date="2025-03-17", base_url=f"{base}/same-host", timeout=TIMEOUT)
    assert len(again) == 12  # from the cache, the server is gone


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("²", None),
        ("-1", None),
        ("soon", None),
        ("1e9", None),
        ("", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
    ],
)
def test_retry_after_is_read_when_readable_and_ignored_otherwise(header, seconds):
    assert retry_after_seconds(header) == seconds
