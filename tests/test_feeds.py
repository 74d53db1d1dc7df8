"""Fetchers against a local HTTP server on 127.0.0.1 replaying recorded responses (offline).

The server answers each path from a queue of (status, headers, body, delay) replies, the
last one repeating; it records every request so tests can check what was asked and when.
"""

from __future__ import annotations

import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import paperwidgets as pw
from paperwidgets.feeds import cache

FIXTURES = Path(__file__).parent / "fixtures"
HF_DAY = (FIXTURES / "hf-json" / "daily_papers_2025-03-17.json").read_text("utf-8")
ATOM_PAGE_1 = (FIXTURES / "arxiv-atom" / "arxivpy-old-search-au-del_maestro.xml").read_text()
ATOM_PAGE_2 = (FIXTURES / "arxiv-atom" / "arxivpy-2026-search-testing-start10.xml").read_text()
ATOM_ERROR = (FIXTURES / "arxiv-atom" / "arxivpy-2026-error-bad-id-http400.xml").read_text()
LISTING = (FIXTURES / "arxiv-listing" / "math.ST-listing.atom").read_text("utf-8")
HTML_ERROR = "<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title>"
FAST = {"timeout": 0.5, "retries": 2, "backoff": 0.01}


class Replay(ThreadingHTTPServer):
    """A local server: path -> queued replies; ``requests`` logs (path, query, headers, time)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.replies: dict[str, list[tuple]] = {}
        self.requests: list[tuple[str, dict, dict, float]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def reply(self, path: str, *replies: tuple) -> None:
        self.replies[path] = list(replies)

    def paths(self) -> list[str]:
        return [path for path, *_ in self.requests]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.server.requests.append(
            (parts.path, parse_qs(parts.query), dict(self.headers), time.monotonic())
        )
        queue = self.server.replies.get(parts.path) or [(404, {}, "not found", 0)]
        status, headers, body, delay = queue.pop(0) if len(queue) > 1 else queue[0]
        if callable(body):
            body = body(parse_qs(parts.query))
        time.sleep(delay)
        data = body.encode("utf-8")
        try:
            self.send_response(status)
            for name, value in {"Content-Length": str(len(data)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def log_message(self, *args) -> None:
        pass


def serving(httpd: ThreadingHTTPServer):
    """Serve on a thread while a test runs; shut down and closed after it."""
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def server():
    yield from serving(Replay())


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERWIDGETS_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def ok(body: str, delay: float = 0) -> tuple:
    return (200, {"Content-Type": "application/json"}, body, delay)


def test_daily_papers_is_the_same_corpus_as_the_file(server):
    server.reply("/api/daily_papers", ok(HF_DAY))
    corpus = pw.daily_papers("2025-03-17", base_url=server.url, **FAST)
    from_file = pw.load(FIXTURES / "hf-json" / "daily_papers_2025-03-17.json")
    assert list(corpus.papers["id"]) == list(from_file.papers["id"])
    assert list(corpus.papers["abstract"]) == list(from_file.papers["abstract"])
    _, query, headers, _ = server.requests[0]
    assert query == {"date": ["2025-03-17"]}
    assert headers["User-Agent"].startswith("paperwidgets/")


def test_arxiv_pages_with_start_and_max_results_and_waits_between_calls(server):
    pages = {"0": ATOM_PAGE_1, "10": ATOM_PAGE_2}
    server.reply("/api/query", ok(lambda query: pages[query["start"][0]]))
    corpus = pw.arxiv("all:testing", max_results=20, base_url=server.url, page_size=10,
                      delay=0.2, **FAST)  # fmt: skip
    assert len(corpus) == 20
    asked = [(q["start"], q["max_results"], q["search_query"]) for _, q, _, _ in server.requests]
    assert asked == [(["0"], ["10"], ["all:testing"]), (["10"], ["10"], ["all:testing"])]
    assert server.requests[1][3] - server.requests[0][3] >= 0.2
    assert corpus.papers["id"].iloc[10] == "arxiv:2403.16981"


def test_arxiv_stops_at_a_short_page(server):
    server.reply("/api/query", ok(ATOM_PAGE_1))  # 10 entries where 25 were asked
    corpus = pw.arxiv("au:del_maestro", max_results=60, base_url=server.url, page_size=25,
                      delay=0, **FAST)  # fmt: skip
    assert len(corpus) == 10 and len(server.requests) == 1


def test_arxiv_new_reads_the_listing_feed(server):
    server.reply("/atom/math.ST", ok(LISTING))
    corpus = pw.arxiv_new("math.ST", base_url=server.url, **FAST)
    first = corpus.paper(0)
    assert first["id"] == "arxiv:2403.16981"
    assert first["authors"] == ["Ankit Pensia", "Varun Jog", "Po-Ling Loh"]
    assert first["abstract"].startswith("The sample complexity of simple binary")
    assert first["extra"]["announce_type"] == "new"
    assert first["categories"][0] == "math.ST"


def test_every_feed_hands_out_a_corpus_with_its_widgets(server):
    server.reply("/api/daily_papers", ok(HF_DAY))
    server.reply("/api/query", ok(ATOM_PAGE_1))
    server.reply("/atom/math.ST", ok(LISTING))
    fetched = [
        pw.daily_papers("2025-03-17", base_url=server.url, **FAST),
        pw.arxiv("au:del_maestro", max_results=10, base_url=server.url, delay=0, **FAST),
        pw.arxiv_new("math.ST", base_url=server.url, **FAST),
    ]
    for corpus in fetched:
        assert isinstance(corpus, pw.Corpus)
        assert corpus.card(0).paper["id"] == corpus.papers["id"][0]


def test_a_503_then_success_is_retried(server):
    server.reply("/api/daily_papers", (503, {}, HTML_ERROR, 0), ok(HF_DAY))
    corpus = pw.daily_papers(base_url=server.url, **FAST)
    assert len(corpus) == 12 and len(server.requests) == 2


def test_retries_are_bounded_and_name_the_url(server):
    server.reply("/api/daily_papers", (503, {}, HTML_ERROR, 0))
    with pytest.raises(pw.LoadError, match=r"127\.0\.0\.1.*HTTP 503.*after 3 tries"):
        pw.daily_papers(base_url=server.url, **FAST)
    assert len(server.requests) == 3


def test_a_429_waits_as_asked_then_succeeds(server):
    server.reply("/api/daily_papers", (429, {"Retry-After": "0"}, "slow down", 0), ok(HF_DAY))
    assert len(pw.daily_papers(base_url=server.url, **FAST)) == 12


def test_a_429_asking_for_a_long_wait_is_a_load_error_at_once(server):
    server.reply("/api/daily_papers", (429, {"Retry-After": "3600"}, "slow down", 0))
    with pytest.raises(pw.LoadError, match=r"HTTP 429\), Retry-After: 3600 \(after 1 try\)"):
        pw.daily_papers(base_url=server.url, **FAST)  # gives up at once: no hour-long sleep
    assert len(server.requests) == 1


def test_a_timeout_is_a_load_error_not_a_hang(server):
    """The server would answer after 3 s: the client stops waiting at its own 0.2 s, twice."""
    server.reply("/api/daily_papers", ok(HF_DAY, delay=3.0))
    said = r"no complete answer within 0.2 s \(timeout\) \(after 2 tries"
    with pytest.raises(pw.LoadError, match=said):
        pw.daily_papers(base_url=server.url, timeout=0.2, retries=1, backoff=0.01)
    assert len(server.requests) == 2


def test_an_html_page_instead_of_json_is_a_load_error(server):
    page = "<!DOCTYPE html>\n<html><head><title>Hugging Face – Maintenance</title></head></html>"
    server.reply("/api/daily_papers", (200, {"Content-Type": "text/html"}, page, 0))
    with pytest.raises(pw.LoadError) as err:
        pw.daily_papers(base_url=server.url, **FAST)
    assert "not Hugging Face Daily Papers JSON" in str(err.value)
    assert "an HTML page ('Hugging Face – Maintenance')" in str(err.value)
    assert server.url in err.value.source


def test_an_arxiv_error_feed_is_a_load_error_with_arxivs_message(server):
    server.reply("/api/query", (400, {}, ATOM_ERROR, 0))  # as recorded: HTTP 400
    with pytest.raises(pw.LoadError, match="HTTP 400 Bad Request: incorrect id format for abc"):
        pw.arxiv("id:abc", base_url=server.url, delay=0, **FAST)
    assert len(server.requests) == 1
    server.reply("/api/query", ok(ATOM_ERROR))  # the same feed served with 200
    with pytest.raises(pw.LoadError, match="arXiv API error: incorrect id format for abc"):
        pw.arxiv("id:abc", base_url=server.url, delay=0, **FAST)


def test_a_client_error_is_not_retried(server):
    server.reply("/atom/cs.XX", (404, {}, "no such category", 0))
    with pytest.raises(pw.LoadError, match="HTTP 404"):
        pw.arxiv_new("cs.XX", base_url=server.url, **FAST)
    assert len(server.requests) == 1


def test_a_base_url_that_is_not_a_url_is_a_load_error():
    for base_url in ("ftp://example.org", "http://[::1"):
        with pytest.raises(pw.LoadError, match="api/daily_papers"):
            pw.daily_papers(base_url=base_url, **FAST)


def test_no_server_at_all_is_a_load_error(server):
    url = server.url
    server.shutdown()
    server.server_close()
    with pytest.raises(pw.LoadError, match="network error"):
        pw.daily_papers(base_url=url, **FAST)


def test_the_same_day_reuses_the_cache_even_with_the_server_stopped(server):
    server.reply("/api/daily_papers", ok(HF_DAY))
    first = pw.daily_papers("2025-03-17", base_url=server.url, **FAST)
    url = server.url
    server.shutdown()
    server.server_close()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # today's copy: no 'offline' warning
        again = pw.daily_papers("2025-03-17", base_url=url, **FAST)
    assert list(again.papers["id"]) == list(first.papers["id"])
    assert len(server.requests) == 1


def test_a_later_day_refetches_and_falls_back_to_the_old_copy_offline(server, monkeypatch):
    import datetime as dt

    server.reply("/api/query", ok(ATOM_PAGE_1))
    monkeypatch.setattr(cache, "today", lambda: dt.date(2026, 4, 12))
    pw.arxiv("au:del_maestro", max_results=10, base_url=server.url, delay=0, **FAST)
    monkeypatch.setattr(cache, "today", lambda: dt.date(2026, 4, 13))
    pw.arxiv("au:del_maestro", max_results=10, base_url=server.url, delay=0, **FAST)
    assert len(server.requests) == 2  # a new day asks again
    url = server.url
    server.shutdown()
    server.server_close()
    monkeypatch.setattr(cache, "today", lambda: dt.date(2026, 4, 14))
    with pytest.warns(UserWarning, match="network error.*using the copy cached on 2026-04-13"):
        corpus = pw.arxiv("au:del_maestro", max_results=10, base_url=url, delay=0, **FAST)
    assert len(corpus) == 10


def test_a_bad_body_is_not_cached(server):
    server.reply("/api/daily_papers", ok("<html>oops</html>"), ok(HF_DAY))
    with pytest.raises(pw.LoadError):
        pw.daily_papers(base_url=server.url, **FAST)
    assert len(pw.daily_papers(base_url=server.url, **FAST)) == 12


def test_cache_files_are_written_atomically_and_symlinks_are_not_followed(cache_dir, tmp_path):
    url = "http://127.0.0.1:1/api/daily_papers"
    cache.put(url, HF_DAY, ["arxiv:1"])
    folder = cache_dir / "feeds" / cache.today().isoformat()
    assert sorted(p.suffix for p in folder.iterdir()) == [".body", ".json"]  # no temp left
    body = folder / f"{cache.key(url)}.body"
    secret = tmp_path / "secret.txt"
    secret.write_text("not a feed")
    body.unlink()
    body.symlink_to(secret)
    assert cache.get(url) is None  # a planted link is never read
    cache.put(url, HF_DAY, ["arxiv:1"])
    assert secret.read_text() == "not a feed" and not body.is_symlink()
