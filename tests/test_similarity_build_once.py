"""One index build per corpus, however many callers ask at once (a Reader's worker thread and
the notebook); no scikit-learn import where nothing needs it; a script that shows a Reader and
ends exits quietly."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import paperwidgets
from paperwidgets.similarity import build

ROOT = Path(__file__).resolve().parent.parent
DAILY = ROOT / "examples" / "daily_papers.txt"
LIBRARY = ROOT / "tests" / "fixtures" / "bibtex" / "bbt-mendeley-export.bib"  # 508 papers: LSA


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERWIDGETS_CACHE", str(tmp_path))


class Builds(list):
    """The index builds so far (their threads' names); ``started`` is set by the first."""

    started = threading.Event()


@pytest.fixture
def builds(monkeypatch):
    """Count index builds; each one lingers a little, so that callers surely overlap it."""
    calls = Builds()
    calls.started = threading.Event()
    real = build.build_index

    def counted(*args, **kwargs):
        calls.append(threading.current_thread().name)
        calls.started.set()
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "build_index", counted)
    return calls


def test_two_threads_asking_for_neighbours_on_a_fresh_corpus_build_once(builds):
    corpus = paperwidgets.load(DAILY)
    start = threading.Barrier(2)
    found = {}

    def ask(name):
        start.wait()
        found[name] = corpus.neighbours(0, k=5)

    threads = [threading.Thread(target=ask, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(builds) == 1
    assert found["a"].equals(found["b"]) and len(found["a"]) == 5


def test_a_reader_showing_then_neighbours_build_once(builds):
    corpus = paperwidgets.load(DAILY)
    reader = corpus.reader()  # its worker thread looks up the first paper's neighbours
    found = corpus.neighbours(0, k=3)  # the notebook asks meanwhile: it waits for that build
    waited = time.monotonic()
    while not reader.neighbours and time.monotonic() - waited < 120:
        time.sleep(0.05)
    assert reader.neighbours  # the Reader got its neighbours from the same index
    assert len(builds) == 1 and len(found) == 3


def test_reconfiguring_during_a_build_rebuilds_with_the_new_settings(builds):
    corpus = paperwidgets.load(DAILY)
    worker = threading.Thread(target=corpus.neighbours, args=(0,))
    worker.start()
    assert builds.started.wait(timeout=120)
    corpus.configure_similarity(lsa_weight=0.0)  # waits for the build under way
    worker.join(timeout=120)
    corpus.neighbours(0)
    assert len(builds) == 2
    assert corpus.similarity_settings["parameters"]["lsa_weight"] == 0.0


def run_script(code: str, cache_folder: Path) -> subprocess.CompletedProcess:
    env = {"PAPERWIDGETS_CACHE": str(cache_folder), "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env
    )


@pytest.mark.parametrize("listing", [DAILY, LIBRARY], ids=["101 papers", "508 papers, LSA"])
def test_a_script_that_shows_a_reader_and_ends_prints_no_traceback(listing, tmp_path):
    """The Reader's worker still builds (importing scikit-learn) as the interpreter exits."""
    code = (
        "import warnings; warnings.simplefilter('ignore')\n"
        f"import paperwidgets\ncorpus = paperwidgets.load({str(listing)!r})\n"
        "reader = corpus.reader()\nprint('shown')\n"
    )
    done = run_script(code, tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "shown"
    assert "Traceback" not in done.stderr and "RuntimeError" not in done.stderr, done.stderr


def test_the_first_neighbours_of_a_small_corpus_do_not_import_scikit_learn(tmp_path):
    """Stop words are read from scikit-learn's list without importing it (~2 s)."""
    code = (
        f"import sys, paperwidgets\ncorpus = paperwidgets.load({str(DAILY)!r})\n"
        "found = corpus.neighbours(0)\nprint(len(found), 'sklearn' in sys.modules)\n"
    )
    done = run_script(code, tmp_path)
    assert done.stdout.split() == ["10", "False"], done.stderr


def test_the_stop_words_are_scikit_learns():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from paperwidgets.similarity.terms import english_stop_words

    assert english_stop_words() == ENGLISH_STOP_WORDS
