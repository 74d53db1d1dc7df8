"""Run Python in a child process under a memory cap and a time limit (hostile-input tests).

A hostile input must end in a clear error "within a few seconds and under a memory cap":
the child sets ``RLIMIT_AS`` before importing anything, so reading a 2 GB file or
decompressing a bomb fails there (MemoryError, an OOM) instead of on the machine; a hang is
a ``subprocess.TimeoutExpired``. The child prints one JSON line, the test reads it back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

CAP_MB = 1024  # the library with numpy, pandas and scikit-learn imported peaks at ~550 MB
PRELUDE = f"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({CAP_MB} << 20, {CAP_MB} << 20))
def report(**fields):
    print("RESULT " + json.dumps(fields), flush=True)
"""


def run_capped(code: str, *args: str, timeout: float = 120, **env: str) -> dict:
    """The fields the child passed to ``report(...)``; the child's stderr if it reported none."""
    child_env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", **env}
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + code, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=child_env,
    )
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise AssertionError(f"the child reported nothing (exit {done.returncode}): {done.stderr}")


# the child's side: an error's type and message, and how long the call took
CATCH = """
def attempt(call):
    started = time.monotonic()
    try:
        value = call()
        report(ok=True, value=value, seconds=time.monotonic() - started)
    except BaseException as err:
        report(ok=False, type=type(err).__name__, message=str(err),
               seconds=time.monotonic() - started)
"""
