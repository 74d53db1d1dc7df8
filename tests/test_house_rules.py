"""The house rules `make lint` checks (scripts/house_rules.py): short files, short functions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "house_rules.py"


def run(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, SCRIPT, root], capture_output=True, text=True)


def function(name: str, body_lines: int, comment: str = "") -> str:
    body = "".join(f"    x{n} = {n}\n" for n in range(body_lines))
    return f"def {name}():{comment}\n{body}\n\n"


def test_long_files_and_long_functions_fail_and_name_where(tmp_path):
    (tmp_path / "paperwidgets").mkdir()
    (tmp_path / "js" / "src").mkdir(parents=True)
    (tmp_path / "js" / "src" / "big.js").write_text("let a = 1;\n" * 401)
    (tmp_path / "js" / "src" / "fine.js").write_text("let a = 1;\n" * 400)
    (tmp_path / "paperwidgets" / "mod.py").write_text(
        function("short", 59) + function("too_long", 60) + function("said", 80, "  # long: a table")
    )
    result = run(tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "paperwidgets/mod.py:63: too_long() is 61 lines (at most 60): split it, or say why in a "
        "'# long: …' comment",
        "js/src/big.js: 401 lines (at most 400): split it by concept",
    ]


def test_the_house_keeps_its_rules():
    result = run(ROOT)
    assert result.returncode == 0, result.stderr
