"""Files of the build cache (``.csgkg-cache/``): written whole, read only when intact, pruned on request.

Every stage that keeps results between builds (extraction, per-graph RDF,
derived events, SHACL parts, TriG/Turtle blocks) keys its entries by content
and code, so an entry is either right or never looked up. What this module
adds is the same for all of them:

* an entry is written to a temporary file and renamed, so no reader sees half of it;
* it starts with a CRC-32 of its data, and a damaged entry reads as missing
  (one flipped bit could otherwise still unpickle or parse, and carry a wrong
  text, fact or verdict into the graph);
* reading an entry marks it used (its modification time), so
  :func:`prune` can delete what the last build did not use;
* each stage keys its entries with a :func:`fingerprint` of the code, data and
  libraries that decide them, so an entry made by other code is never looked up.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_checked(folder / "a" / "entry", b"data")
>>> read_checked(folder / "a" / "entry")
b'data'
>>> _ = (folder / "a" / "entry").write_bytes(b"\\x00\\x00\\x00\\x00data")
>>> read_checked(folder / "a" / "entry") is None
True
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
import zlib
from pathlib import Path
from typing import Iterable, Optional

__all__ = ["fingerprint", "read_checked", "write_checked", "touch", "prune"]


_SUFFIXES = (".py", ".ttl", ".csv")


def fingerprint(paths: Iterable[Path], libraries: Iterable[str] = ()) -> str:
    """A short hash of the files (``.py``, ``.ttl``, ``.csv``; folders walked) at ``paths``,
    the versions of the installed ``libraries`` and of Python.

    >>> len(fingerprint([Path(__file__)], ["rdflib"]))
    16
    """
    from importlib.metadata import version
    h = hashlib.sha256(" ".join([sys.version.split()[0], *(f"{d}={version(d)}" for d in libraries)]).encode())
    for p in paths:
        p = Path(p)
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            if f.is_file() and f.suffix in _SUFFIXES and "__pycache__" not in f.parts:
                h.update(f"{f.parent.name}/{f.name}".encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def read_checked(path: Path) -> Optional[bytes]:
    """The entry's data, or None when it is missing, unreadable or damaged; a good entry is marked used."""
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    if raw[:4] != zlib.crc32(raw[4:]).to_bytes(4, "big"):
        return None
    touch(path)
    return raw[4:]


def write_checked(path: Path, data: bytes) -> None:
    """Write an entry atomically with its CRC; a cache that cannot be written is skipped (it is an optimisation)."""
    path = Path(path)
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(zlib.crc32(data).to_bytes(4, "big") + data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


def touch(path: Path) -> None:
    """Mark an entry used now (for :func:`prune`)."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune(cache_dir: Path, used_since: float) -> tuple[int, int]:
    """Delete every cache file not written or read since ``used_since`` (a ``time.time()``).

    Called after a build with the build's start time, it keeps exactly what that
    build used. Returns (files deleted, bytes freed). Another output folder that
    shares the cache loses its entries and rebuilds them when next built.
    """
    files = freed = 0
    root = Path(cache_dir)
    if not root.is_dir():
        return 0, 0
    for folder, dirs, names in os.walk(root, topdown=False):
        for name in names:
            p = Path(folder) / name
            try:
                st = p.stat()
                if st.st_mtime < used_since:
                    p.unlink()
                    files += 1
                    freed += st.st_size
            except OSError:
                pass
        if Path(folder) != root:
            try:
                os.rmdir(folder)  # only succeeds when empty
            except OSError:
                pass
    return files, freed


def now() -> float:
    """The time to pass to :func:`prune` later (a second earlier: file times may be coarse)."""
    return time.time() - 1.0
