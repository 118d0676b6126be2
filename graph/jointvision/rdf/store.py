"""Build once, open many: the dataset of a set of fact files kept as an
on-disk pyoxigraph store, so that ``query``, ``stats``, ``sources``,
``conflicts``, ``validate``, ``view`` and ``serve`` open it read-only in
milliseconds instead of building it from YAML again.

The store is a cache, never a source of truth. A manifest beside it records
the SHA-256 of every file the build read (each fact file and each source
text), the jointvision version and the ontology's digest; a store is opened
only if the same fact files are found and every digest still matches.
Anything else (a file changed, added or removed, another version, a store
that cannot be opened) means the data is built again, so a store is never
served stale.

Where it lives: ``$JOINTVISION_CACHE`` if set (``off`` turns caching off),
else ``.jointvision/cache`` in the project folder, else the user's cache
folder (``$XDG_CACHE_HOME/jointvision``, by default ``~/.cache/jointvision``).
It is not written into the downloads folder: the downloads are committed
and byte-stable, a store's files are neither. Each set of fact files has a
folder of its own, named by a digest of their paths, replaced as a whole
(written beside it, then renamed) under a lock, so a reader never sees half
a store.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..resources import ontology_path
from .dataset import Dataset

#: Bumped when what a store holds changes shape.
STORE_FORMAT = 1
_MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Cached:
    """A store opened from the cache, with what its build said."""

    dataset: Dataset
    files: tuple[Path, ...]  # the fact files it was built from
    warnings: tuple[str, ...]  # the build's warnings (likely duplicates)


def cache_root(project_root: Path | None = None) -> Path | None:
    """The folder holding the stores, or None when caching is off."""
    setting = os.environ.get("JOINTVISION_CACHE", "")
    if setting.lower() in {"off", "0", "no", "false"}:
        return None
    if setting:
        return Path(setting)
    if project_root is not None:
        return project_root / ".jointvision" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jointvision"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _key(files: list[Path]) -> str:
    names = "\0".join(os.path.realpath(f) for f in files)
    return hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def _inputs(files: list[Path], texts: list[Path]) -> list[list[str]]:
    return [[os.path.realpath(p), _sha256(p)] for p in [*files, *texts]]


def _header() -> dict:
    return {"format": STORE_FORMAT, "jointvision": __version__, "pyoxigraph": ox.__version__,
            "ontology": _sha256(ontology_path())}


def open_cached(files: list[Path], root: Path | None) -> Cached | None:
    """The store built from exactly these fact files, if one is cached and
    every file it read is unchanged; else None."""
    if root is None or not files:
        return None
    folder = root / _key(files)
    try:
        manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        if {k: manifest.get(k) for k in _header()} != _header():
            return None
        if manifest["files"] != [os.path.realpath(f) for f in files]:
            return None
        for path, digest in manifest["inputs"]:
            if _sha256(Path(path)) != digest:
                return None
        store = ox.Store.read_only(str(folder / "store"))
    except Exception:  # noqa: BLE001 - a missing, partial or corrupt store (RocksDB says RuntimeError): build again
        return None
    return Cached(Dataset(store, path=str(folder / "store")), tuple(files), tuple(manifest.get("warnings", ())))


def save(dataset: Dataset, files: list[Path], texts: list[Path], warnings: list[str], root: Path | None) -> str | None:
    """Keep ``dataset`` as the store of these fact files (``texts``: the
    source texts they read). Returns None when done (or caching is off),
    else why it could not be kept; the command goes on either way."""
    if root is None or not files:
        return None
    import fcntl
    import tempfile

    try:
        root.mkdir(parents=True, exist_ok=True)
        key = _key(files)
        manifest = {**_header(), "files": [os.path.realpath(f) for f in files],
                    "inputs": _inputs(files, texts), "warnings": list(warnings)}
        with open(root / f"{key}.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if json.loads((root / key / _MANIFEST).read_text(encoding="utf-8")) == manifest:
                    ox.Store.read_only(str(root / key / "store"))  # and it opens
                    return None  # kept already, from the same files
            except Exception:  # noqa: BLE001 - no store, another, or a broken one: write it anew
                pass
            fresh = Path(tempfile.mkdtemp(prefix=f"{key}.new-", dir=root))
            try:
                store = ox.Store(str(fresh / "store"))
                store.bulk_extend(dataset.store)
                store.flush()
                del store
                (fresh / _MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
                target = root / key
                old = None
                if target.exists():
                    old = Path(tempfile.mkdtemp(prefix=f"{key}.old-", dir=root))
                    os.rename(target, old / "store")
                os.rename(fresh, target)
                if old is not None:
                    shutil.rmtree(old, ignore_errors=True)
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
    except OSError as exc:
        return f"the store could not be kept in {root}: {exc.strerror or exc}"
    except RuntimeError as exc:  # the engine could not write its files
        return f"the store could not be kept in {root}: {exc}"
    return None
