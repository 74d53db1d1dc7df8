"""Building from source needs the JS toolchain: say so in one line, not a builder traceback.

Hatch runs this hook (``[tool.hatch.build.hooks.custom]``) before hatch-jupyter-builder's npm
build; ``make`` runs the same check as a script (``python3 hatch_build.py``) before it calls npm.
A source tree that already holds the built JS (an sdist, a clone after ``make build``) needs no
Node when hatch builds it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

BUILT = ("paperwidgets/static/card.js", "paperwidgets/labextension/package.json")
NEEDS = (
    "paperwidgets: building from source needs Node.js >= 20.19 (or >= 22.12) and npm"
    " ({problem}): install them (https://nodejs.org, or your distribution's nodejs and npm"
    " if new enough), or install a built wheel"
)


def node_problem() -> str | None:
    """Why npm cannot build the JS here (npm missing, Node too old), or None."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        return f"{' and '.join(missing)} not found on PATH"
    found = subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=60)
    version = found.stdout.strip()
    try:
        major, minor = (int(part) for part in version.lstrip("v").split(".")[:2])
    except ValueError:
        return f"`node --version` said {version or found.stderr.strip()!r}"
    if (major, minor) >= (22, 12) or (20, 19) <= (major, minor) < (21, 0):
        return None
    return f"Node.js {version} is too old"


def build_problem(root: Path) -> str | None:
    """What stops a build of the source tree at `root`: nothing when the JS is built already."""
    if all((root / path).is_file() for path in BUILT):
        return None
    return node_problem()


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run by make as a plain script, outside a build environment
    BuildHookInterface = None

if BuildHookInterface is not None:

    class NodeCheck(BuildHookInterface):  # type: ignore[misc]  # hatchling has no types here
        """Stops a source build without Node.js and npm with one line naming what to install."""

        PLUGIN_NAME = "custom"

        def initialize(self, version: str, build_data: dict[str, Any]) -> None:
            """Before hatch-jupyter-builder: exit with the one-line message, not its traceback."""
            problem = build_problem(Path(self.root))
            if problem:
                sys.exit(NEEDS.format(problem=problem))


if __name__ == "__main__":
    problem = node_problem()
    sys.exit(NEEDS.format(problem=problem) if problem else 0)
