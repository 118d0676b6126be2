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

The manifest also binds the store to what it holds: the SHA-256 of every
file of the store as the build closed it (:func:`store_digest`). The first
command to open a store checks that digest (and that the store reads whole),
then notes each file's name, size, time of change and inode beside it, and
later commands trust the store while those stay the same; anything else is
checked again. A store swapped in from other data, even one of the same
size, is therefore never answered from, and a build replaces it rather than
keeping it.

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
import re
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..resources import ontology_path
from .dataset import Dataset

#: Bumped when what a store holds changes shape.
STORE_FORMAT = 2  # 2: the manifest binds the store's files by digest
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


def _sha256(path: Path) -> str | None:
    """The digest of a regular file, or None for anything else (a link, a
    pipe, a device, a missing file): the cache then steps aside and a build
    says what is wrong with it."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except (OSError, ValueError):
        return None


def _key(files: list[Path]) -> str:
    names = "\0".join(os.path.realpath(f) for f in files)
    return hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()[:24]


_CODE: list[str] = []


def _code_digest() -> str:
    """A digest of jointvision's own code, so that a changed builder (a
    checkout being worked on) never answers from a store an older one made."""
    if not _CODE:
        package = Path(__file__).resolve().parents[1]
        digest = hashlib.sha256()
        for path in sorted(package.rglob("*")):
            if path.suffix in {".py", ".rq"} and path.is_file():
                digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
        _CODE.append(digest.hexdigest())
    return _CODE[0]


def _header() -> dict:
    return {
        "format": STORE_FORMAT,
        "jointvision": __version__,
        "pyoxigraph": ox.__version__,
        "ontology": _sha256(ontology_path()),
        "code": _code_digest(),
    }


def _valid(manifest, files: list[Path]) -> bool:
    """The manifest is well formed, of this code, for exactly these files,
    and covers each of them."""
    if not isinstance(manifest, dict) or {k: manifest.get(k) for k in _header()} != _header():
        return False
    inputs, warnings = manifest.get("inputs"), manifest.get("warnings")
    if not _pairs_of_strings(inputs):
        return False
    if not (isinstance(warnings, list) and all(isinstance(w, str) for w in warnings)):
        return False
    if manifest.get("files") != [str(f) for f in files]:
        return False
    return _covers(manifest, inputs, files)


def _pairs_of_strings(inputs) -> bool:
    """``inputs`` is a list of [path, digest] lists of two strings."""
    return isinstance(inputs, list) and all(
        isinstance(i, list) and len(i) == 2 and all(isinstance(x, str) for x in i) for i in inputs
    )


def _covers(manifest: dict, inputs, files: list[Path]) -> bool:
    """Every fact file is among the manifest's inputs, and the store it
    names, its size and its digest are of the right form."""
    recorded = {path for path, _ in inputs}
    store, digest = manifest.get("store"), manifest.get("store_sha256")
    return (
        all(str(f) in recorded for f in files)
        and isinstance(store, str)
        and _STORE_NAME.fullmatch(store) is not None
        and isinstance(manifest.get("quads"), int)
        and isinstance(digest, str)
        and len(digest) == 64
    )


_STORE_NAME = re.compile(r"store-[0-9a-f]{16}")


def store_digest(location: Path) -> str | None:
    """The SHA-256 of a store's files: each regular file's name and bytes, in
    name order. None if the store is not a real folder of regular files (a
    link, a folder inside it) or cannot be read. A store opened read-only
    never changes its files, so the digest taken when the build closed the
    store holds for as long as nobody writes to it."""
    try:
        if not stat.S_ISDIR(os.lstat(location).st_mode):
            return None
        digest = hashlib.sha256()
        for entry in sorted(os.scandir(location), key=lambda e: e.name):
            if not entry.is_file(follow_symlinks=False):
                return None
            digest.update(entry.name.encode("utf-8", "surrogateescape") + b"\0")
            with open(entry.path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            digest.update(b"\0")
        return digest.hexdigest()
    except (OSError, ValueError):
        return None


def _stamp(location: Path) -> list:
    """What the store's files are now: name, size, time of change and inode
    of each (a file copied or moved in from elsewhere has another inode,
    whatever times it was given)."""
    out = []
    for entry in os.scandir(location):
        info = entry.stat(follow_symlinks=False)
        out.append([entry.name, info.st_size, info.st_mtime_ns, info.st_ino])
    return sorted(out)


def _verified(location: Path, store: ox.Store, quads: int, digest: str) -> bool:
    """Whether the store holds what the build kept. The first command to
    open it checks the digest of its files against the manifest's and reads
    an index whole (a damaged store fails there: 0.7 s at a million
    triples), then notes the store's files beside it; later ones trust a
    store whose files are still exactly those, and check it again otherwise."""
    mark = location.with_name(location.name + ".verified")
    try:  # the note binds the files to the digest they were checked against, and to this store's name
        if json.loads(mark.read_text(encoding="utf-8")) == {
            "store": location.name,
            "sha256": digest,
            "files": _stamp(location),
        }:
            return True
    except (OSError, ValueError):
        pass
    before = _stamp(location)
    if store_digest(location) != digest or len(store) != quads or _stamp(location) != before:
        return False
    try:
        fresh = mark.with_name(mark.name + f".{os.getpid()}")
        fresh.write_text(json.dumps({"store": location.name, "sha256": digest, "files": before}), encoding="utf-8")
        os.replace(fresh, mark)
    except OSError:  # a cache one may read but not write: verified again next time
        pass
    return True


def open_cached(files: list[Path], root: Path | None) -> Cached | None:
    """The store built from exactly these fact files, if one is cached and
    every file it read is unchanged; else None."""
    if root is None or not files:
        return None
    folder = root / _key(files)
    try:
        manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        if not _valid(manifest, files):
            return None
        for path, digest in manifest["inputs"]:
            if _sha256(Path(path)) != digest:
                return None
        location = folder / manifest["store"]
        store = ox.Store.read_only(str(location))
        if not _verified(location, store, manifest["quads"], manifest["store_sha256"]):
            return None
    except Exception:
        return None
    return Cached(Dataset(store, path=str(location), iris_only=True), tuple(files), tuple(manifest["warnings"]))


#: A store replaced by a newer one is deleted by a later save once it has
#: been superseded this long (a reader opens the store named by the manifest
#: it has just read, within moments; a server works on a snapshot of its own).
SUPERSEDED_FOR = 600.0


def save(
    dataset: Dataset, files: list[Path], inputs: list[tuple[Path, str]], warnings: list[str], root: Path | None
) -> str | None:
    """Keep ``dataset`` as the store of these fact files. ``inputs`` are the
    files the build read with the SHA-256 of the bytes it read (so an edit
    made while it ran is caught by the next command). Returns None when done
    (or caching is off), else why it could not be kept; the command goes on
    either way."""
    if root is None or not files:
        return None
    import fcntl

    try:
        root.mkdir(parents=True, exist_ok=True)
        key = _key(files)
        folder = root / key
        folder.mkdir(exist_ok=True)
        manifest = _manifest(files, inputs, warnings, quads=len(dataset.store))
        with open(root / f"{key}.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if _kept_already(folder, files, manifest):
                return None  # kept already, from the same files, and whole
            name = _write_store(dataset, folder, manifest)
            _tidy(folder, name)
    except (OSError, ValueError) as exc:
        return f"the store could not be kept in {root}: {getattr(exc, 'strerror', None) or exc}"
    except RuntimeError as exc:  # the engine could not write its files
        return f"the store could not be kept in {root}: {exc}"
    return None


def _manifest(files: list[Path], inputs: list[tuple[Path, str]], warnings: list[str], quads: int) -> dict:
    """The manifest of a store of these fact files, without the store's name
    and digest (added once it is written)."""
    return {
        **_header(),
        "files": [str(f) for f in files],
        "inputs": [[str(path), digest] for path, digest in inputs],
        "warnings": list(warnings),
        "quads": quads,
    }


def _kept_already(folder: Path, files: list[Path], manifest: dict) -> bool:
    """Whether the folder's store was made from the same files by this code,
    and is whole: the files its manifest names, holding what this build
    made. Anything unreadable counts as not kept."""
    try:
        kept = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        if {k: v for k, v in kept.items() if k not in {"store", "store_sha256"}} == manifest and _valid(kept, files):
            location = folder / kept["store"]
            opened = ox.Store.read_only(str(location))
            # the files the manifest names, whole, and holding what this build made
            if store_digest(location) == kept["store_sha256"] and len(opened) == manifest["quads"]:
                return True
    except Exception:
        pass
    return False


def _write_store(dataset: Dataset, folder: Path, manifest: dict) -> str:
    """Write the dataset as a new store in ``folder``, then the manifest that
    names it and binds its digest (replacing the old manifest in one step);
    the new store's name. On any failure the new store is removed."""
    import secrets

    name = f"store-{secrets.token_hex(8)}"
    try:
        _copy_store(dataset, folder, name)
        digest = store_digest(folder / name)
        if digest is None:
            raise OSError(f"the new store {folder / name} cannot be read back")
        manifest["store"], manifest["store_sha256"] = name, digest
        (folder / f"{_MANIFEST}.new").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        os.replace(folder / f"{_MANIFEST}.new", folder / _MANIFEST)
    except BaseException:
        shutil.rmtree(folder / name, ignore_errors=True)
        raise
    return name


def _copy_store(dataset: Dataset, folder: Path, name: str) -> None:
    """Store to store through a file of N-Quads: the engine writes and
    bulk-loads it, with no Python object per quad and without the whole text
    in memory. The new store is closed when this returns: its files are final."""
    passing = folder / f"passing-{name}.nq"
    try:
        dataset.store.dump(str(passing), format=ox.RdfFormat.N_QUADS)
        store = ox.Store(str(folder / name))
        store.bulk_load(path=str(passing), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store  # closed: its files are final
    finally:
        passing.unlink(missing_ok=True)


def _tidy(folder: Path, name: str) -> None:
    """Remove what no reader needs any more beside the new store ``name``:
    files left by a killed save, notes of removed stores, links posing as
    stores, and stores superseded for longer than :data:`SUPERSEDED_FOR`
    (each is marked when first found superseded)."""
    import time

    now = time.time()
    for other in folder.iterdir():
        if other.name.startswith("passing-") and now - other.stat().st_mtime > SUPERSEDED_FOR:
            other.unlink(missing_ok=True)  # left by a build that was killed while it saved
        if other.name.endswith(".verified") and not other.with_name(other.name[:-9]).is_dir():
            other.unlink(missing_ok=True)  # the note of a store removed before
        if other.name.startswith("store-") and other.is_symlink():
            other.unlink()  # not a store a build made: never followed, never written through
            continue
        if not other.name.startswith("store-") or other.name == name or not other.is_dir():
            continue
        mark = other / ".superseded"
        if not mark.exists():
            mark.write_text(str(now))
        elif now - float(mark.read_text() or now) > SUPERSEDED_FOR:
            shutil.rmtree(other, ignore_errors=True)
