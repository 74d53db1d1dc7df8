"""The JupyterLab save race, measured with a real Jupyter server (issue 21).

A kernel process annotates papers with ``Notes.set`` as fast as a busy reader clicks, while
"JupyterLab" saves the notes notebook from a tab opened at the start: each save PUTs the tab's
(older) copy with one more hand edit of a note, to the server's contents API — the request
JupyterLab sends on Ctrl+S and on "File Changed → Overwrite". Afterwards:

- ``set() s p50/p95/max``: how long the kernel's ``set()`` took (it waits while the server
  merges a save under the lock);
- ``set() errors``: calls that raised (e.g. "invalid JSON" while the server wrote in place);
- ``acknowledged lost``: papers whose last acknowledged rating/note is not in the file, on disk
  as it is (``raw``) and once a new ``Notes()`` opened it (``reopened``: main's journal
  restores then);
- ``hand edits lost``: papers whose last hand-typed note (in a save the server answered 200)
  is not in the file.

``--without-extension`` runs the same with paperwidgets' server extension disabled (a plain
Jupyter server: what a user without it has), so one session prints both.

Run it for this branch and for another checkout (``--code /path/to/other/checkout``, e.g. main
exported with ``git archive``) in the same session::

    flock /tmp/pw-heavy.lock .venv/bin/python benchmarks/notes_save_race.py --seconds 30
    flock /tmp/pw-heavy.lock .venv/bin/python benchmarks/notes_save_race.py --code /tmp/pw-main
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HAND = 5  # papers whose notes are edited by hand in the tab
KERNEL_PAPERS = 20

WRITER = """
import json, sys, time
from paperwidgets import Notes
path, seconds, delay, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
notes = None  # opened in the loop: opening can meet a save in progress too
acked, errors, calls, i, took = {}, [], 0, 0, []
end = time.monotonic() + seconds
while time.monotonic() < end:
    pid = f"arxiv:2501.{i % %(papers)d:05d}"
    calls += 1
    t0 = time.perf_counter()
    try:
        notes = notes or Notes(path)
        notes.set(pid, rating=1 + i % 5, note=f"kernel {i}")
        acked[pid] = [1 + i % 5, f"kernel {i}"]
    except Exception as err:
        errors.append(f"{type(err).__name__}: {err}"[:200])
    took.append(time.perf_counter() - t0)
    i += 1
    time.sleep(delay)
json.dump({"acked": acked, "errors": errors, "calls": calls, "took": took}, open(out, "w"))
""".replace("%(papers)d", str(KERNEL_PAPERS))


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _disable_extension(base: Path) -> None:
    """A user config that turns paperwidgets' server extension off (it wins over sys.prefix)."""
    config = base / "config"
    config.mkdir(parents=True, exist_ok=True)
    off = {"ServerApp": {"jpserver_extensions": {"paperwidgets.server": False}}}
    (config / "jupyter_server_config.json").write_text(json.dumps(off))


def _env(code: Path, base: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(code),
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "PAPERWIDGETS_USER": "Ada",
        "PAPERWIDGETS_STATE": str(base / "state"),
    }


def start_server(root: Path, env: dict[str, str], seconds: float) -> tuple[subprocess.Popen, str]:
    port = _port()
    command = [
        "timeout", str(int(seconds) + 120), sys.executable, "-m", "jupyterlab", "--no-browser",
        "--allow-root", "--IdentityProvider.token=", "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", f"--ServerApp.root_dir={root}",
    ]  # fmt: skip
    log = open(root.parent / "server.log", "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(  # cwd: `python -m` puts it first on sys.path, before --code
        command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root.parent
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/api/status", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the Jupyter server did not start")


def _request(url: str, method: str = "GET", body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read() or b"{}")


def _hand_edit(model: dict, paper: str, text: str) -> None:
    """Type ``text`` as the note of ``paper`` in the tab's copy (between the note markers)."""
    for cell in model["cells"]:
        data = cell["metadata"].get("paperwidgets", {})
        if data.get("paper", {}).get("id") == paper:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            cell["source"] = re.sub(
                r"(<!-- paperwidgets:note[^>]*-->\n).*?(\n<!-- /paperwidgets:note -->)",
                lambda m: m.group(1) + text + m.group(2), source, flags=re.DOTALL,
            )  # fmt: skip
            return


def _seed(env: dict[str, str], path: Path, papers: int) -> None:
    """The notes file as the tab opens it: ``papers`` older notes, and the hand-edited ones."""
    script = (
        "import sys\nfrom paperwidgets import Notes\nn = Notes(sys.argv[1])\n"
        f"for i in range({papers}):\n    n.set(f'old:{{i}}', note='an older note ' * 20)\n"
        f"for i in range({HAND}):\n    n.set(f'hand:{{i}}', note='seed')\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], env=env, check=True, timeout=600,
                   cwd=path.parent.parent)  # fmt: skip


def _on_disk(env: dict[str, str], path: Path, reopen: bool) -> dict:
    script = (
        "import json, sys\nfrom paperwidgets import Notes\n"
        "n = Notes(sys.argv[1], read_only=sys.argv[2] == 'raw')\n"
        "print(json.dumps({a.id: [a.rating, a.note] for a in n}))\n"
    )
    mode = "reopen" if reopen else "raw"
    done = subprocess.run([sys.executable, "-c", script, str(path), mode], env=env,
                          capture_output=True, text=True, check=True, timeout=120,
                          cwd=path.parent.parent)  # fmt: skip
    return json.loads(done.stdout)


def run(  # long: one scenario end to end (seed, server, writer, saves, read back)
    code: Path, seconds: float, save_every: float, set_every: float, papers: int, extension: bool
) -> dict:
    base = Path(tempfile.mkdtemp(prefix="pw-race-"))
    root = base / "root"
    root.mkdir()
    if not extension:
        _disable_extension(base)
    env = _env(code, base)
    notes = root / "paper-notes.ipynb"
    _seed(env, notes, papers)
    proc, url = start_server(root, env, seconds)
    try:
        model = _request(f"{url}/api/contents/paper-notes.ipynb")["content"]  # the tab opens
        out = base / "writer.json"
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(notes), str(seconds), str(set_every), str(out)],
            env=env, cwd=base,
        )  # fmt: skip
        typed, saves, failed = {}, 0, 0
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            paper = f"hand:{saves % HAND}"
            _hand_edit(model, paper, f"typed by hand {saves}")
            try:
                _request(f"{url}/api/contents/paper-notes.ipynb", "PUT",
                         {"type": "notebook", "format": "json", "content": model})  # fmt: skip
                typed[paper] = f"typed by hand {saves}"
            except OSError:
                failed += 1
            saves += 1
            time.sleep(save_every)
        writer.wait(timeout=seconds + 120)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    try:
        written = json.loads(out.read_text())
        raw = _on_disk(env, notes, reopen=False)
        reopened = _on_disk(env, notes, reopen=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)  # the server root, its log, the notes file

    def lost(found: dict) -> int:
        return sum(1 for pid, value in written["acked"].items() if found.get(pid) != value)

    return {
        "server extension": extension,
        "set calls": written["calls"],
        "set() s p50/p95/max": _percentiles(written["took"]),
        "set errors": len(written["errors"]),
        "first error": (written["errors"] or [""])[0],
        "acknowledged papers": len(written["acked"]),
        "acknowledged lost (raw)": lost(raw),
        "acknowledged lost (reopened)": lost(reopened),
        "saves": saves,
        "saves refused": failed,
        "hand edits lost": sum(1 for p, t in typed.items() if (reopened.get(p) or [0, ""])[1] != t),
        "hand-edited papers": len(typed),
    }


def _percentiles(took: list[float]) -> str:
    """p50 / p95 / max of the set() times, in seconds."""
    if not took:
        return "-"
    ordered = sorted(took)
    p50, p95 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, len(ordered) * 95 // 100)]
    return f"{p50:.3f}/{p95:.3f}/{ordered[-1]:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the paperwidgets checkout to run")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--save-every", type=float, default=0.25, help="seconds between saves")
    parser.add_argument("--set-every", type=float, default=0.02, help="seconds between set()s")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--papers", type=int, default=1000, help="older notes in the file")
    parser.add_argument("--without-extension", action="store_true",
                        help="also run each time with the server extension disabled")  # fmt: skip
    args = parser.parse_args()
    print(f"code: {args.code}  notes file: {args.papers + HAND} notes + {KERNEL_PAPERS} the kernel"
          f" writes  load average: {os.getloadavg()[0]:.2f}")  # fmt: skip
    modes = [True, False] if args.without_extension else [True]
    for n in range(args.runs):
        for extension in modes:
            result = run(
                args.code.resolve(), args.seconds, args.save_every, args.set_every, args.papers,
                extension,
            )  # fmt: skip
            print(f"run {n + 1}: " + json.dumps(result, ensure_ascii=False), flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
