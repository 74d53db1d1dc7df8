"""The on-disk caches (similarity index, embeddings, map layouts): safe to share, never trusted.

One file per entry under ``$PAPERWIDGETS_CACHE`` (default ``~/.cache/paperwidgets``)/<kind>/:
a JSON header (key, what the entry was built from, array shapes) and raw little-endian arrays,
read back memory-mapped. No pickle. Each file carries an HMAC-SHA256 of header and arrays,
keyed by a per-user secret kept outside the cache folder, so a truncated, corrupt, stale
or planted file is refused (and the caller rebuilds). Writes go to an unpredictable temp name
in the same folder (``mkstemp``: O_EXCL, never through a symlink), are fsynced, then renamed
over the entry; a symlinked folder or entry is never written through.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import mmap
import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

MAGIC = b"PWCACHE1"
KINDS = ("index", "embeddings", "layouts")
ALIGN = 64
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def cache_root() -> Path:
    """$PAPERWIDGETS_CACHE, else ~/.cache/paperwidgets."""
    root = os.environ.get("PAPERWIDGETS_CACHE") or Path.home() / ".cache" / "paperwidgets"
    return Path(root)


def entry_path(kind: str, key: str) -> Path:
    """Where one entry lives (the key made filename-safe)."""
    return cache_root() / kind / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', key)}.pwc"


def _secret() -> bytes:
    """The per-user HMAC key, in ~/.config/paperwidgets (0600), created on first use."""
    path = Path.home() / ".config" / "paperwidgets" / "cache-key"
    try:
        return path.read_bytes()
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(32))
        return path.read_bytes()
    except OSError:  # no writable home: the checksum still catches corrupt and stale files
        return b"paperwidgets-cache"


def _mac(header: bytes, arrays: list[memoryview]) -> str:
    digest = hmac.new(_secret(), header, hashlib.sha256)
    for data in arrays:
        digest.update(data)
    return digest.hexdigest()


def store(kind: str, key: str, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> bool:
    """Write one entry atomically; False (and nothing written) where the cache is not usable."""
    path = entry_path(kind, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.parent.is_symlink():
            return False
        return _write(path, key, meta, arrays)
    except OSError:  # a read-only or full cache only costs the next session a rebuild
        return False


def _write(path: Path, key: str, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> bool:
    views, layout, offset = [], [], 0
    for name, array in arrays.items():
        array = np.ascontiguousarray(array)
        array = array.astype(array.dtype.newbyteorder("<"), copy=False)
        layout.append({"name": name, "dtype": array.dtype.str, "shape": array.shape})
        layout[-1]["offset"] = offset
        views.append(memoryview(array).cast("B"))
        offset += -(-array.nbytes // ALIGN) * ALIGN
    header = json.dumps({"key": key, "meta": meta, "arrays": layout}, sort_keys=True).encode()
    mac = _mac(header, views).encode()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pwc")
    try:
        with os.fdopen(fd, "wb") as out:
            start = len(MAGIC) + 16 + len(header) + len(mac)
            start = -(-start // ALIGN) * ALIGN
            out.write(MAGIC + len(header).to_bytes(8, "little") + len(mac).to_bytes(8, "little"))
            out.write(header + mac + b"\0" * (start - len(MAGIC) - 16 - len(header) - len(mac)))
            for view, entry in zip(views, layout, strict=True):
                out.seek(start + entry["offset"])
                out.write(view)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        return True
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(kind: str, key: str, meta: dict[str, Any]) -> dict[str, np.ndarray] | None:
    """The arrays of an entry built from exactly ``meta``, memory-mapped; None if absent or bad."""
    path = entry_path(kind, key)
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as source:
            mapped = mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ)
        arrays = _read(mapped, key, meta)
    except (OSError, ValueError, KeyError, TypeError):
        arrays = None
    if arrays is None:
        path.unlink(missing_ok=True)  # corrupt, stale or planted: the caller rebuilds it
    return arrays


def _read(mapped: mmap.mmap, key: str, meta: dict[str, Any]) -> dict[str, np.ndarray] | None:
    if mapped[: len(MAGIC)] != MAGIC:
        return None
    sizes = mapped[len(MAGIC) : len(MAGIC) + 16]
    header_size, mac_size = int.from_bytes(sizes[:8], "little"), int.from_bytes(sizes[8:], "little")
    begin = len(MAGIC) + 16
    header = mapped[begin : begin + header_size]
    mac = mapped[begin + header_size : begin + header_size + mac_size].decode()
    parsed = json.loads(header)
    if parsed["key"] != key or parsed["meta"] != json.loads(json.dumps(meta)):
        return None
    start = -(-(begin + header_size + mac_size) // ALIGN) * ALIGN
    buffer = memoryview(mapped)
    arrays, views = {}, []
    for entry in parsed["arrays"]:
        dtype, shape = np.dtype(entry["dtype"]), tuple(entry["shape"])
        count = int(np.prod(shape, dtype=np.int64))
        first = start + entry["offset"]
        if dtype.hasobject or first + count * dtype.itemsize > len(mapped):
            return None
        array = np.frombuffer(buffer, dtype, count, first).reshape(shape)
        views.append(buffer[first : first + count * dtype.itemsize])
        arrays[entry["name"]] = array
    return arrays if hmac.compare_digest(mac, _mac(bytes(header), views)) else None


def clear_caches(*kinds: str) -> int:
    """Delete cached indexes, embeddings and layouts (or only these kinds); how many files."""
    removed = 0
    for kind in kinds or KINDS:
        folder = cache_root() / kind
        if folder.is_dir() and not folder.is_symlink():
            for path in folder.iterdir():
                if path.is_file() or path.is_symlink():
                    path.unlink(missing_ok=True)
                    removed += 1
    return removed
