"""The on-disk caches (similarity index, embeddings, map layouts): safe to share, never trusted.

One folder for every cache, ``$PAPERWIDGETS_CACHE`` (default ``~/.cache/paperwidgets``), one
file per entry under <kind>/: a JSON header (key, what the entry was built from, array
shapes) and raw little-endian arrays, read back memory-mapped. No pickle. Each file carries
two HMAC-SHA256s keyed by a per-user secret kept outside the cache folder (see ``secret``):
one of the header, checked before the header is parsed, and one of header and arrays. A
truncated, corrupt, stale or planted file is a miss (the caller rebuilds) and is removed only
when it is a regular file of this user; without a usable key no cache is read or written.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import mmap
import os
import re
import secrets
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from paperwidgets import files
from paperwidgets.errors import LoadError

MAGIC = b"PWCACHE3"  # 3: a header MAC, then a MAC of the SHA-256 of 32 MB blocks
KINDS = ("index", "embeddings", "layouts")
ALIGN = 64
MAC_BLOCK = 32 << 20  # bytes hashed by one thread at a time
MAC_SIZE = 64  # an HMAC-SHA256 in hex
HEADER_MAX = 1 << 20  # a header is a few KB: the key, settings and the arrays' shapes
KEY_BYTES = 32
_OURS = re.compile(r"[A-Za-z0-9_.-]+\.pwc")  # entry names (entry_path) and temp names
_WARNED: set[str] = set()


def cache_root() -> Path:
    """$PAPERWIDGETS_CACHE, else ~/.cache/paperwidgets: the one folder of every cache."""
    root = os.environ.get("PAPERWIDGETS_CACHE") or Path.home() / ".cache" / "paperwidgets"
    return Path(root)


def entry_path(kind: str, key: str) -> Path:
    """Where one entry lives (the key made filename-safe)."""
    return cache_root() / kind / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', key)}.pwc"


def key_path() -> Path:
    """The per-user HMAC key: ~/.config/paperwidgets/cache-key, outside the cache folder."""
    return Path.home() / ".config" / "paperwidgets" / "cache-key"


def secret() -> bytes | None:
    """The per-user key, made on first use; None (caches off, one warning) if not usable.

    Usable means a regular file (not a link) owned by this user, readable by no one else
    (0600) and holding at least 32 bytes: a constant, empty or foreign key would let anyone
    who can write the cache folder forge entries.
    """
    path = key_path()
    try:
        return _read_key(path) if os.path.lexists(path) else _new_key(path)
    except (OSError, LoadError) as err:
        reason = err.reason if isinstance(err, LoadError) else f"cannot be made ({err})"
        warn_once(f"paperwidgets caches are off: the cache key {path} {reason}")
        return None


def _read_key(path: Path) -> bytes:
    with files.open_regular(path, follow=False, what="a key file") as (file, info):
        if not files.mine(info):
            raise LoadError(str(path), "belongs to another user (delete it to make a new one)")
        if not files.private(info):
            mode = f"{info.st_mode & 0o777:o}"
            raise LoadError(str(path), f"is readable by others (mode {mode}; chmod 600 it)")
        key = file.read(4096)
    if len(key) < KEY_BYTES:
        raise LoadError(str(path), f"is shorter than {KEY_BYTES} bytes (delete it)")
    return key


def _new_key(path: Path) -> bytes:
    """A fresh random key, linked into place whole (a racing kernel reads a complete one)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(KEY_BYTES)
    fd, temp = tempfile.mkstemp(prefix=".cache-key-", dir=path.parent)  # 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(key)
            out.flush()
            os.fsync(out.fileno())
        os.link(temp, path)
    except FileExistsError:
        return _read_key(path)
    finally:
        Path(temp).unlink(missing_ok=True)
    return key


def warn_once(message: str) -> None:
    """A UserWarning shown once per process (a kernel is not told again on every look-up)."""
    if message not in _WARNED:
        _WARNED.add(message)
        warnings.warn(message, UserWarning, stacklevel=3)


def sign(key: bytes, *parts: bytes) -> bytes:
    """HMAC-SHA256 (hex) of ``parts``, each length-prefixed so no two splits sign alike."""
    digest = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest().encode()


def _data_mac(key: bytes, header: bytes, arrays: list[memoryview]) -> bytes:
    """HMAC-SHA256 of the header and the SHA-256 of every 32 MB block of every array.

    The blocks are hashed in threads (hashlib releases the GIL): checking a 1.6 GB index
    takes the cores there are, not one. A MAC of the blocks' digests is a MAC of the data.
    """
    blocks = [data[start : start + MAC_BLOCK] for data in arrays
              for start in range(0, len(data), MAC_BLOCK)]  # fmt: skip
    digests = None
    if sum(map(len, blocks)) > MAC_BLOCK:
        from concurrent.futures import ThreadPoolExecutor

        try:
            with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
                digests = list(pool.map(_sha256, blocks))
        except RuntimeError:  # no new threads as the interpreter exits: hashed here instead
            digests = None
    if digests is None:
        digests = [_sha256(block) for block in blocks]
    return hmac.new(key, header + b"".join(digests), hashlib.sha256).hexdigest().encode()


def _sha256(block: memoryview) -> bytes:
    return hashlib.sha256(block).digest()


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
    secret_key = secret()
    if secret_key is None:
        return False
    views: list[memoryview] = []
    layout: list[dict[str, Any]] = []
    offset = 0
    for name, array in arrays.items():
        array = np.ascontiguousarray(array)
        array = array.astype(array.dtype.newbyteorder("<"), copy=False)
        layout.append({"name": name, "dtype": array.dtype.str, "shape": array.shape})
        layout[-1]["offset"] = offset
        views.append(memoryview(array).cast("B"))  # type: ignore[arg-type]
        offset += -(-array.nbytes // ALIGN) * ALIGN
    header = json.dumps({"key": key, "meta": meta, "arrays": layout}, sort_keys=True).encode()
    macs = sign(secret_key, b"header", header) + _data_mac(secret_key, header, views)
    start = -(-(len(MAGIC) + 8 + len(header) + len(macs)) // ALIGN) * ALIGN
    with files.atomic_file(path, prefix=".tmp-", suffix=".pwc") as out:
        out.write(MAGIC + len(header).to_bytes(8, "little") + header + macs)
        for view, entry in zip(views, layout, strict=True):
            out.seek(start + entry["offset"])
            out.write(view)
    return True


def load(kind: str, key: str, meta: dict[str, Any]) -> dict[str, np.ndarray] | None:
    """The arrays of an entry built from exactly ``meta``, memory-mapped; None if absent or bad.

    A link, FIFO, folder or someone else's file is a miss left in place; a bad regular file
    of ours (corrupt, stale, forged, a header claiming gigabytes) is a miss and is removed.
    """
    secret_key = secret()
    if secret_key is None:
        return None
    path = entry_path(kind, key)
    try:
        with files.open_regular(path, follow=False, what="a cache entry") as (file, info):
            if not files.mine(info):
                return None
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        arrays = _read(mapped, key, meta, secret_key)
    except LoadError:  # missing, a link, a FIFO, a folder: not ours to remove
        return None
    except (OSError, ValueError, KeyError, TypeError, OverflowError, RecursionError):
        arrays = None  # an empty file (mmap), a header of the wrong shape
    if arrays is None and files.owned_regular(path):
        path.unlink(missing_ok=True)  # corrupt, stale or planted: the caller rebuilds it
    return arrays


def _header(mapped: mmap.mmap, secret_key: bytes) -> tuple[bytes, bytes, int] | None:
    """(header, data MAC, where the arrays start) once the header's own MAC checks out."""
    begin = len(MAGIC) + 8
    if len(mapped) < begin or mapped[: len(MAGIC)] != MAGIC:
        return None
    size = int.from_bytes(mapped[len(MAGIC) : begin], "little")
    if size > min(HEADER_MAX, len(mapped) - begin - 2 * MAC_SIZE):
        return None  # a header claiming more than the file (or than any header) holds
    header = mapped[begin : begin + size]
    macs = mapped[begin + size : begin + size + 2 * MAC_SIZE]
    if not hmac.compare_digest(macs[:MAC_SIZE], sign(secret_key, b"header", header)):
        return None
    start = -(-(begin + size + 2 * MAC_SIZE) // ALIGN) * ALIGN
    return header, macs[MAC_SIZE:], start


def _read(
    mapped: mmap.mmap, key: str, meta: dict[str, Any], secret_key: bytes
) -> dict[str, np.ndarray] | None:
    found = _header(mapped, secret_key)
    if found is None:
        return None
    header, mac, start = found
    parsed = json.loads(header)
    if parsed["key"] != key or parsed["meta"] != json.loads(json.dumps(meta)):
        return None
    buffer = memoryview(mapped)
    arrays, views = {}, []
    for entry in parsed["arrays"]:
        dtype, shape = np.dtype(entry["dtype"]), tuple(int(n) for n in entry["shape"])
        count = math.prod(shape)
        first = start + int(entry["offset"])
        if dtype.hasobject or min(*shape, count, first - start, 0) < 0:
            return None
        if first + count * dtype.itemsize > len(mapped):
            return None
        arrays[str(entry["name"])] = np.frombuffer(buffer, dtype, count, first).reshape(shape)
        views.append(buffer[first : first + count * dtype.itemsize])
    return arrays if hmac.compare_digest(mac, _data_mac(secret_key, header, views)) else None


def _is_entry(path: str) -> bool:
    """A regular file of this user that starts like a cache entry (any format version)."""
    if not files.owned_regular(path):
        return False
    try:
        with files.open_regular(path, follow=False) as (file, _info):
            head = file.read(len(MAGIC))
    except LoadError:
        return False
    return head.startswith(MAGIC[:-1]) or os.path.basename(path).startswith(".tmp-")


def clear_caches(*kinds: str) -> int:
    """Delete cached indexes, embeddings and layouts (or only these kinds); how many files.

    Only our own entry files go: named like an entry, a regular file of this user that
    starts like one. Anything else in the folder (a site's files, a link) stays.
    """
    removed = 0
    for kind in kinds or KINDS:
        folder = cache_root() / kind
        if not folder.is_dir() or folder.is_symlink():
            continue
        for entry in os.scandir(folder):
            if _OURS.fullmatch(entry.name) and _is_entry(entry.path):
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
    return removed
