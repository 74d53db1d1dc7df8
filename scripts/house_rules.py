"""House rules `make lint` checks that ruff and ESLint do not: short files, short functions.

- No Python or JS source file (``paperwidgets/``, ``js/src/``) over ``MAX_FILE_LINES`` lines.
- No Python function over ``MAX_FUNCTION_LINES`` lines unless a comment on its ``def`` line,
  or the line just above, gives the reason: ``# long: <why>``.
(ESLint's ``max-lines-per-function`` does the JS functions: js/eslint.config.js.)

Usage: ``python scripts/house_rules.py [ROOT]``; prints one line per breach, exits 1 on any.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
SOURCES = {"paperwidgets": ("*.py",), "js/src": ("*.js", "*.mjs", "*.ts")}
REASON = re.compile(r"#\s*long:\s*\S")


def source_files(root: Path) -> Iterator[Path]:
    """The Python and JS sources the rules cover (built bundles are not sources)."""
    for folder, patterns in SOURCES.items():
        for pattern in patterns:
            yield from sorted((root / folder).rglob(pattern))


def long_file(path: Path, lines: list[str]) -> str | None:
    """A breach when the file has more than MAX_FILE_LINES lines."""
    if len(lines) > MAX_FILE_LINES:
        return f"{path}: {len(lines)} lines (at most {MAX_FILE_LINES}): split it by concept"
    return None


def long_functions(path: Path, text: str) -> Iterator[str]:
    """A breach per Python function over MAX_FUNCTION_LINES lines with no ``# long:`` reason."""
    lines = text.splitlines()
    for node in ast.walk(ast.parse(text, str(path))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = node.end_lineno - node.lineno + 1
        around = lines[max(node.lineno - 2, 0) : node.lineno]
        if length > MAX_FUNCTION_LINES and not any(REASON.search(line) for line in around):
            yield (
                f"{path}:{node.lineno}: {node.name}() is {length} lines (at most "
                f"{MAX_FUNCTION_LINES}): split it, or say why in a '# long: …' comment"
            )


def breaches(root: Path) -> list[str]:
    """Every breach of the house rules under ``root``."""
    found = []
    for path in source_files(root):
        text = path.read_text(encoding="utf-8")
        shown = path.relative_to(root)
        found += filter(None, [long_file(shown, text.splitlines())])
        if path.suffix == ".py":
            found += long_functions(shown, text)
    return found


def main(argv: list[str]) -> int:
    """Print the breaches; 1 if there are any."""
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    found = breaches(root)
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
