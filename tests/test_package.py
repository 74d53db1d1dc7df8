"""Packaging facts a user relies on: a light import, and a wheel that carries the built JS
and the prebuilt JupyterLab extension (found by JupyterLab in a fresh venv, no Node)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from paperwidgets._version import __version__

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


IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "static", "labextension", "test-results", ".make",
    "__pycache__",
)  # fmt: skip


def source_copy(folder: Path) -> Path:
    """The sources as a fresh clone has them: no built JS, no node_modules, no venv."""
    src = folder / "paperwidgets"
    shutil.copytree(ROOT, src, ignore=IGNORE)
    return src


@pytest.fixture(scope="module")
def fresh_source(tmp_path_factory) -> Path:
    return source_copy(tmp_path_factory.mktemp("src"))


@pytest.fixture(scope="module")
def fresh_wheel(tmp_path_factory, fresh_source) -> Path:
    """A wheel built from a copy of the sources (npm builds the JS into that copy)."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(fresh_source),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return next(out.glob("paperwidgets-*.whl"))


@pytest.fixture(scope="module")
def fresh_sdist(tmp_path_factory, fresh_source, fresh_wheel) -> Path:
    """The sdist of the same copy, once the wheel's build has put the built JS in it."""
    out = tmp_path_factory.mktemp("sdist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(out), str(fresh_source)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return next(out.glob("paperwidgets-*.tar.gz"))


@pytest.mark.package
def test_wheel_carries_the_built_js(fresh_wheel):
    names = zipfile.ZipFile(fresh_wheel).namelist()
    assert "paperwidgets/static/card.js" in names
    extension = [n for n in names if "share/jupyter/labextensions/paperwidgets/" in n]
    assert any(n.endswith("/package.json") for n in extension)
    assert any("/static/remoteEntry." in n for n in extension)
    assert not [n for n in names if n.startswith("paperwidgets/labextension/")]  # one copy
    assert "paperwidgets/constants.json" in names  # read by Python, bundled into the JS
    switch = "data/etc/jupyter/jupyter_server_config.d/paperwidgets.json"  # the server extension
    assert any(n.endswith(switch) for n in names) and "paperwidgets/server/__init__.py" in names
    for bundle in ("reader.js", "neighbours.js", "styles.css"):
        assert f"paperwidgets/static/{bundle}" in names
    js = zipfile.ZipFile(fresh_wheel).read("paperwidgets/static/card.js").decode()
    assert "textContent" in js


@pytest.mark.package
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
    listed = subprocess.run(
        [python, "-m", "jupyter", "server", "extension", "list"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    found = (listed.stdout + listed.stderr).splitlines()
    assert any("paperwidgets.server" in x and "enabled" in x for x in found), found
    assert any("paperwidgets.server" in x and "OK" in x for x in found), found


@pytest.mark.package
def test_the_wheel_and_the_sdist_carry_the_licence(fresh_wheel, fresh_sdist):
    licence = (ROOT / "LICENSE").read_bytes()
    assert licence.startswith(b"BSD 3-Clause License") and b"paperwidgets developers" in licence
    wheel = zipfile.ZipFile(fresh_wheel)
    info = f"paperwidgets-{__version__}.dist-info"
    assert wheel.read(f"{info}/licenses/LICENSE") == licence
    metadata = wheel.read(f"{info}/METADATA").decode()
    assert "License-Expression: BSD-3-Clause" in metadata
    assert "Project-URL" not in metadata  # no page exists yet: no link to one
    with tarfile.open(fresh_sdist) as sdist:
        top = f"paperwidgets-{__version__}"
        assert sdist.extractfile(f"{top}/LICENSE").read() == licence
        names = sdist.getnames()
    assert f"{top}/paperwidgets/static/card.js" in names  # an sdist installs without Node
    assert not [n for n in names if "node_modules" in n or "/.venv/" in n]


@pytest.mark.package
def test_pip_install_without_npm_says_what_to_install_in_one_line(tmp_path):
    src = source_copy(tmp_path)
    empty = tmp_path / "bin"  # a PATH with no node and no npm
    empty.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(tmp_path / "t"),
         str(src)],
        capture_output=True, text=True, timeout=600, env={**os.environ, "PATH": str(empty)},
    )  # fmt: skip
    assert result.returncode != 0
    said = [line.strip() for line in (result.stdout + result.stderr).splitlines()]
    ours = [line for line in said if line.startswith("paperwidgets: ")]
    assert ours == [
        "paperwidgets: building from source needs Node.js >= 20.19 (or >= 22.12) and npm"
        " (node and npm not found on PATH): install them (https://nodejs.org, or your"
        " distribution's nodejs and npm if new enough), or install a built wheel"
    ]
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "t" / "paperwidgets").exists()


def fake_tools(folder: Path, node_version: str) -> str:
    """A PATH whose `node --version` says `node_version` and whose npm exists."""
    folder.mkdir()
    for name, text in {"node": f"echo {node_version}", "npm": "exit 0"}.items():
        (folder / name).write_text(f"#!/bin/sh\n{text}\n")
        (folder / name).chmod(0o755)
    return str(folder)


@pytest.mark.parametrize(
    ("version", "fits"),
    [("v20.18.1", False), ("v20.19.0", True), ("v21.7.3", False), ("v22.11.0", False),
     ("v22.12.0", True), ("v24.1.0", True), ("v18.20.4", False)],
)  # fmt: skip
def test_make_says_in_one_line_which_node_is_too_old(tmp_path, version, fits):
    """`make` runs `python3 hatch_build.py` first: Node ^20.19 || >= 22.12 (vite's range)."""
    path = fake_tools(tmp_path / "bin", version)
    result = subprocess.run(
        [sys.executable, str(ROOT / "hatch_build.py")],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PATH": path},
    )  # fmt: skip
    assert result.returncode == (0 if fits else 1)
    if not fits:
        assert result.stderr.splitlines() == [
            f"paperwidgets: building from source needs Node.js >= 20.19 (or >= 22.12) and npm"
            f" (Node.js {version} is too old): install them (https://nodejs.org, or your"
            f" distribution's nodejs and npm if new enough), or install a built wheel"
        ]


def test_the_version_is_written_once():
    """paperwidgets/_version.py is the version; the npm package and the extension agree."""
    package = json.loads((ROOT / "js" / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == __version__
    built = ROOT / "paperwidgets" / "labextension" / "package.json"
    if built.exists():  # after `make build`
        assert json.loads(built.read_text(encoding="utf-8"))["version"] == __version__
    versions = re.findall(r"__version__ = \"([^\"]+)\"", "".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "paperwidgets").rglob("*.py")
    ))  # fmt: skip
    assert versions == [__version__]
