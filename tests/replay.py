"""A local "arXiv" for tests and benchmarks: the generated full texts and recorded-format answers.

Binds 127.0.0.1 on a free port and stops by itself after ``max_requests`` requests or
``max_seconds`` (whichever comes first), so a test that forgets it leaves nothing running.

- ``/abs/<id>``, ``/pdf/<id>[vN]``, ``/html/<id>[vN][/]`` and the HTML's images: the paper of
  tests/fixtures/fulltext (2412.99901; without a version: v2, the latest); 2412.99903 is the
  hostile paper (PDF and HTML), 2412.99904 a malformed PDF, 2412.99905 an encrypted one and
  2412.99906 a "huge" one (it declares 2 GB and streams zeros, slowly).
- ``/api/query`` (arXiv's API): the Atom answer for a title search that names the paper, else
  the answer holding only a near title; ``/api/papers/search`` (Hugging Face): its JSON list.
- ``/redirect-away``: a redirect to another host. ``hits`` counts requests per path.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fulltext"
PAPER = "2412.99901"
HOSTILE, MALFORMED, ENCRYPTED, HUGE = "2412.99903", "2412.99904", "2412.99905", "2412.99906"
TITLE = "Reading at Scale: A Synthetic Full Text for Testing Paper Readers"
HUGE_BYTES = 2 * 1024**3


def _pdf(arxiv: str, version: str) -> str | None:
    names = {PAPER: f"paper-v{version or '2'}.pdf", HOSTILE: "hostile.pdf"}
    names |= {MALFORMED: "malformed.pdf", ENCRYPTED: "encrypted.pdf"}
    return names.get(arxiv)


def _html(arxiv: str, version: str) -> str | None:
    return {PAPER: f"paper-v{version or '2'}.html", HOSTILE: "hostile.html"}.get(arxiv)


class _Handler(BaseHTTPRequestHandler):
    server: ReplayHTTPServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        self.server.count(url.path)
        parts = [unquote(p) for p in url.path.strip("/").split("/")]
        query = parse_qs(url.query)
        if parts[0] == "redirect-away":
            self._send(302, b"", "text/plain", {"Location": "http://localhost.invalid/pdf/x"})
        elif parts[0] == "api" and parts[1:] == ["query"]:
            self._api(" ".join(query.get("search_query", [""])))
        elif parts[0] == "api" and parts[1:] == ["papers", "search"]:
            self._file("hf-search.json", "application/json")
        elif parts[0] in ("pdf", "html", "abs") and len(parts) >= 2:
            self._paper(parts[0], parts[1], parts[2:])
        else:
            self._send(404, b"not here", "text/plain")

    def _paper(self, kind: str, name: str, rest: list[str]) -> None:
        arxiv, _, version = name.partition("v")
        if kind == "pdf" and arxiv == HUGE:
            return self._huge()
        if kind == "abs":
            return self._send(200, f"<html><h1>{TITLE}</h1></html>".encode(), "text/html")
        if kind == "html" and [r for r in rest if r]:
            return self._file(rest[-1], "image/png") if rest[-1] == "x1.png" else self._404()
        found = _pdf(arxiv, version) if kind == "pdf" else _html(arxiv, version)
        if found is None or not (FIXTURES / found).exists():
            return self._404()
        self._file(found, "application/pdf" if kind == "pdf" else "text/html; charset=utf-8")

    def _api(self, search: str) -> None:
        names_paper = TITLE.lower().split(":")[0] in search.lower()
        found = "arxiv-search.atom" if names_paper else "arxiv-search-near.atom"
        self._file(found, "application/atom+xml; charset=utf-8")

    def _huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        chunk = b"%PDF-1.4\n" + b"\0" * 65527
        try:
            for _ in range(64):  # at most 4 MB, then the client has given up or the test ends
                self.wfile.write(chunk)
                time.sleep(0.01)
        except OSError:
            return

    def _404(self) -> None:
        self._send(404, b"not found", "text/plain")

    def _file(self, name: str, mime: str) -> None:
        self._send(200, (FIXTURES / name).read_bytes(), mime)

    def _send(
        self, status: int, body: bytes, mime: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            return


class ReplayHTTPServer(ThreadingHTTPServer):
    """The server, with its request budget and its per-path counts."""

    daemon_threads = True

    def __init__(self, max_requests: int):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.left = max_requests
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()

    def count(self, path: str) -> None:
        with self._lock:
            self.hits[path] += 1
            self.left -= 1
            if self.left <= 0:
                threading.Thread(target=self.shutdown, daemon=True).start()


class Replay:
    """``with Replay() as arxiv: arxiv.url`` — the server for the block, stopped after it."""

    def __init__(self, max_requests: int = 2000, max_seconds: float = 900):
        self.server = ReplayHTTPServer(max_requests)
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._timer = threading.Timer(max_seconds, self.stop)
        self._timer.daemon = True

    @property
    def url(self) -> str:
        """The base URL, standing in for https://arxiv.org (and the API hosts)."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def hits(self) -> Counter[str]:
        return self.server.hits

    def start(self) -> Replay:
        self._thread.start()
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.cancel()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Replay:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
