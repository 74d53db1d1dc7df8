"""Packaging facts a user relies on: a light import, and a wheel that carries the built JS
and the prebuilt JupyterLab extension (found by JupyterLab in a fresh venv, no Node)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_is_light():
    code = (
        "import sys, paperwidgets\n"
        "heavy = [m for m in ('pandas', 'sklearn', 'ipywidgets', 'anywidget', 'nbformat') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_public_api_is_documented():
    import paperwidgets

    for name in paperwidgets.__all__:
        obj = getattr(paperwidgets, name)
        if callable(obj):
            assert obj.__doc__, f"{name} has no docstring"


@pytest.fixture(scope="module")
def fresh_wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the sources with no built JS and no node_modules."""
    src = tmp_path_factory.mktemp("src") / "paperwidgets"
    ignore = shutil.ignore_patterns(
        ".git",
        ".venv",
        "node_modules",
        "static",
        "labextension",
        "test-results",
        ".make",
        "__pycache__",
    )
    shutil.copytree(ROOT, src, ignore=ignore)
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return next(out.glob("paperwidgets-*.whl"))


def test_wheel_carries_the_built_js(fresh_wheel):
    names = zipfile.ZipFile(fresh_wheel).namelist()
    assert "paperwidgets/static/card.js" in names
    extension = [n for n in names if "share/jupyter/labextensions/paperwidgets/" in n]
    assert any(n.endswith("/package.json") for n in extension)
    assert any("/static/remoteEntry." in n for n in extension)
    assert not [n for n in names if n.startswith("paperwidgets/labextension/")]  # one copy
    for bundle in ("reader.js", "neighbours.js", "styles.css"):
        assert f"paperwidgets/static/{bundle}" in names
    js = zipfile.ZipFile(fresh_wheel).read("paperwidgets/static/card.js").decode()
    assert "textContent" in js


def test_wheel_installs_into_a_fresh_venv(fresh_wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index"]
    subprocess.run([*pip, str(fresh_wheel)], check=True, timeout=300)
    site = next((venv / "lib").glob("python*/site-packages"))
    static = site / "paperwidgets" / "static"
    assert (static / "card.js").stat().st_size > 500
    # JupyterLab in that venv (installed from the index, no Node on PATH) finds the extension
    subprocess.run([python, "-m", "pip", "install", "-q", "jupyterlab==4.6.6"], check=True)
    env = {"PATH": str(venv / "bin") + ":/usr/bin:/bin", "HOME": str(tmp_path)}
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "config")
    assert shutil.which("node", path=env["PATH"].replace("/usr/bin:/bin", "")) is None
    listed = subprocess.run(
        [python, "-m", "jupyter", "labextension", "list"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    line = next(x for x in (listed.stdout + listed.stderr).splitlines() if "paperwidgets v" in x)
    assert "enabled" in line and "OK" in line, line
    assert "(python, paperwidgets)" in line
