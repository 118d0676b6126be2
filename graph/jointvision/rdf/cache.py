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
served stale. A file hashed once is noted beside the manifest with its
size, times of change and of status change, and inode, and is hashed again
only when one of them differs (a file changed in the two seconds before it
was hashed is not noted: a clock that counts whole seconds could not tell a
second write from the first).

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

Every path is kept in one spelling (:func:`spelled`: its folder resolved,
its own name kept), so a relative and an absolute ``--data``, one through a
linked folder, with a trailing slash or with ``..``, all find the same
store. A reader holds a shared lock on the store it opened for as long as
it runs; a build that writes a new store removes the ones it supersedes at
once, but for those a reader still holds, which it marks and a later build
removes once they are free.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .. import __version__
from ..resources import ontology_path

if TYPE_CHECKING:
    from .dataset import Dataset

#: Bumped when what a store holds changes shape.
STORE_FORMAT = 3  # 2: the manifest binds the store's files by digest; 3: paths in one spelling
_MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Cached:
    """A store opened from the cache, with what its build said. The store
    is all a query needs; :attr:`dataset` wraps it (made when first asked
    for: it brings the RDF term modules with it)."""

    store: ox.Store
    location: str  # the store's folder
    files: tuple[Path, ...]  # the fact files it was built from, as given
    warnings: tuple[str, ...]  # the build's warnings (likely duplicates)

    @functools.cached_property
    def dataset(self) -> Dataset:
        """The store as a :class:`~jointvision.rdf.dataset.Dataset`."""
        from .dataset import Dataset

        return Dataset(self.store, path=self.location, iris_only=True)

    @functools.cached_property
    def graphs(self) -> frozenset[str]:
        """The store's named graphs (those a query may name)."""
        return frozenset(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))


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


def spelled(path: str | os.PathLike) -> str:
    """The one spelling of a file's path that the cache keeps and compares:
    absolute, its folder resolved (links, ``.`` and ``..`` followed as the
    system follows them), its own name kept as it is, so that a file that is
    itself a link stays a link (and is never trusted, see :func:`_sha256`).

    >>> import os
    >>> spelled("a/../b.yaml") == os.path.join(os.path.realpath("."), "b.yaml")
    True
    """
    folder, name = os.path.split(os.path.join(os.getcwd(), os.fspath(path)))
    if name in {"", ".", ".."}:
        return os.path.realpath(os.path.join(folder, name))
    return os.path.join(os.path.realpath(folder), name)


def _key(files: list[Path]) -> str:
    names = "\0".join(spelled(f) for f in files)
    return hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()[:24]


_CODE: list[str] = []


def _code_digest(root: Path | None = None) -> str:
    """A digest of jointvision's own code, so that a changed builder (a
    checkout being worked on) never answers from a store an older one made.
    Taken once per process; with the cache ``root``, a note there binds it
    to each code file's name, size, time of change and inode (as
    :func:`_verified` binds a store's files), so that a later process reads
    no code file while those stay the same."""
    if not _CODE:
        package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
        files = _code_files(package)  # (name in the package, path, [size, time of change, inode]), by name
        stamp = [[name, *identity] for name, _, identity in files]
        note = root / "code.json" if root is not None else None
        noted = _noted_code(note, stamp)
        if noted is not None:
            _CODE.append(noted)
        else:
            digest = hashlib.sha256()
            for name, path, _ in files:
                with open(path, "rb") as code:
                    digest.update(name.encode() + b"\0" + code.read())
            _CODE.append(digest.hexdigest())
            if note is not None:
                _write_note(note, {"stamp": stamp, "sha256": _CODE[0]})
    return _CODE[0]


def _code_files(package: str) -> list[tuple[str, str, list[int]]]:
    """Every ``.py`` and ``.rq`` file under ``package``: its name relative to
    it (``/``-separated), its path and its identity (size, time of change,
    inode), sorted by name (``os.walk`` and one
    ``stat`` a file: the command line's start pays for no Path objects here)."""
    found = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        relative = os.path.relpath(folder, package)
        for name in names:
            if name.endswith((".py", ".rq")):
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode):
                    key = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
                    found.append((key, path, [info.st_size, info.st_mtime_ns, info.st_ino]))
    return sorted(found)


def _noted_code(note: Path | None, stamp: list) -> str | None:
    """The digest the note gives for code files of exactly this stamp, if it does."""
    try:
        noted = json.loads(_read(note) or "null") if note is not None else None
    except ValueError:
        return None
    if isinstance(noted, dict) and noted.get("stamp") == stamp and isinstance(noted.get("sha256"), str):
        return noted["sha256"]
    return None


def recall(root: Path | None, name: str) -> dict | None:
    """What the note ``name`` of the cache says, if this code wrote it (a
    note of other code is not read); else None."""
    if root is None:
        return None
    try:
        note = json.loads(_read(root / f"note-{name}.json") or "null")
    except ValueError:
        return None
    if isinstance(note, dict) and note.get("code") == _code_digest(root) and isinstance(note.get("says"), dict):
        return note["says"]
    return None


def remember(root: Path | None, name: str, says: dict) -> None:
    """Leave the note ``name`` in the cache, for :func:`recall`; nothing if
    caching is off or the cache cannot be written."""
    if root is None:
        return
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    _write_note(root / f"note-{name}.json", {"code": _code_digest(root), "says": says})


def _write_note(path: Path, content: dict) -> None:
    """Replace a note of the cache in one step; a cache one may not write is left as it is."""
    try:
        fresh = path.with_name(f"{path.name}.{os.getpid()}")
        fresh.write_text(json.dumps(content), encoding="utf-8")
        os.replace(fresh, path)
    except OSError:
        pass


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
    if manifest.get("files") != [spelled(f) for f in files]:
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
        all(spelled(f) in recorded for f in files)
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
    """The store built from exactly these fact files (however their paths
    are spelled), if one is cached and every file it read is unchanged;
    else None. The store stays held (a shared lock) while this process runs,
    so that no build removes it from under its queries."""
    if root is None or not files:
        return None
    _code_digest(root)
    folder = root / _key(files)
    for _ in range(3):
        try:
            return _open_once(folder, files)
        except _Replaced:  # a build replaced the store between reading its manifest and holding it
            continue
    return None


class _Replaced(Exception):
    """The manifest changed while a store it named was being opened."""


def _open_once(folder: Path, files: list[Path]) -> Cached | None:
    """The store the manifest names, held and verified, or None if there is
    none to trust. Raises :class:`_Replaced` if the manifest changed meanwhile."""
    text = _read(folder / _MANIFEST)
    try:
        manifest = json.loads(text or "")
        if not _valid(manifest, files) or not _inputs_unchanged(folder, manifest["inputs"]):
            return None
    except Exception:
        return None
    location = folder / manifest["store"]
    already = str(location) in _HELD  # opened before by this process: held for that opening too
    held = _hold(location)
    if _read(folder / _MANIFEST) != text:
        if not already:
            _let_go(location)
        raise _Replaced
    cached = _opened(location, manifest, files) if held else None
    if cached is None and not already:
        _let_go(location)
    return cached


_INPUTS_NOTE = "inputs.verified"


def _inputs_unchanged(folder: Path, inputs: list[list[str]]) -> bool:
    """Whether every file the build read still has the digest the manifest
    gives. A file is hashed again only if it is not exactly as noted when it
    was last hashed here (size, time of change, status change and inode, the
    status change being one no program can set back): at a million triples
    that is 16 ms of every query spared. What was hashed is noted beside the
    manifest for the next command, but for a file changed in the last two
    seconds (:data:`_RACY_NS`)."""
    note = folder / _INPUTS_NOTE
    try:
        noted = json.loads(_read(note) or "{}")
    except ValueError:
        noted = {}
    noted = noted if isinstance(noted, dict) else {}
    keep, hashed = {}, False
    settled_before = time.time_ns() - _RACY_NS
    for path, digest in inputs:
        before = _input_identity(path)
        if before is None:
            return False
        if noted.get(path) == [*before, digest]:
            keep[path] = noted[path]
            continue
        if _sha256(Path(path)) != digest or _input_identity(path) != before:
            return False
        hashed = True
        if max(before[1], before[2]) < settled_before:  # changed long enough ago: see _RACY_NS
            keep[path] = [*before, digest]
    if hashed:
        _write_note(note, keep)
    return True


#: A file changed this recently (nanoseconds) is hashed but not noted: a file
#: system that keeps times to the second (or a kernel's clock tick) could see
#: it written again, at the same length, with the very same times, and the
#: note would then vouch for bytes it never hashed. Once its times are older
#: than this, any later write changes them.
_RACY_NS = 2_000_000_000


def _input_identity(path: str) -> list[int] | None:
    """Size, times of change and of status change, and inode of a regular
    file (not followed if a link); None for anything else."""
    try:
        info = os.lstat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def _opened(location: Path, manifest: dict, files: list[Path]) -> Cached | None:
    """The store at ``location`` opened read-only, if it holds what the
    manifest says (:func:`_verified`); else None."""
    try:
        store = ox.Store.read_only(str(location))
        if _verified(location, store, manifest["quads"], manifest["store_sha256"]):
            return Cached(store, str(location), tuple(files), tuple(manifest["warnings"]))
    except Exception:
        pass
    return None


#: The stores this process holds open: their folder -> the descriptor that holds the shared lock.
_HELD: dict[str, int] = {}


def _hold(location: Path) -> bool:
    """Take (or keep) a shared lock on a store's folder for as long as this
    process runs, so that a build superseding it leaves it in place. False
    if it is gone, not a real folder, or being removed."""
    if str(location) in _HELD:
        return True
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no advisory locks here: superseded stores are only marked
        return True
    try:
        fd = os.open(location, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    _HELD[str(location)] = fd
    return True


def _let_go(location: Path) -> None:
    """Release the shared lock on a store this process will not use."""
    fd = _HELD.pop(str(location), None)
    if fd is not None:
        os.close(fd)


def save(
    dataset: Dataset,
    files: list[Path],
    inputs: list[tuple[Path, str]],
    warnings: list[str],
    root: Path | None,
    *,
    through_file: bool = False,
) -> str | None:
    """Keep ``dataset`` as the store of these fact files. ``inputs`` are the
    files the build read with the SHA-256 of the bytes it read (so an edit
    made while it ran is caught by the next command). Returns None when done
    (or caching is off), else why it could not be kept; the command goes on
    either way. ``through_file``: see :func:`_copy_store` (what
    :class:`Saving` does on its thread)."""
    return _save(dataset, files, inputs, warnings, root, through_file)[0]


def _nothing_more() -> bytes:
    return b""


def _save(
    dataset: Dataset,
    files: list[Path],
    inputs: list[tuple[Path, str]],
    warnings: list[str],
    root: Path | None,
    through_file: bool,
    rest: Callable[[], bytes] = _nothing_more,
) -> tuple[str | None, tuple[Path, str] | None]:
    """:func:`save`, saying also which store holds the dataset now (its
    location and the digest its manifest binds), if one does. ``rest``
    waits for the quads the dataset is still to gain (N-Quads; the dataset
    is whole once it returns; see :class:`Saving`), which are added to the
    store after the rest of it is loaded."""
    if root is None or not files or not all(_regular(path) for path, _ in inputs):
        return None, None  # a link or a pipe among the inputs: such a store would never be opened
    import fcntl

    def quads() -> int:  # how many quads the whole dataset has
        rest()
        return len(dataset.store)

    try:
        root.mkdir(parents=True, exist_ok=True)
        _code_digest(root)
        key = _key(files)
        folder = root / key
        folder.mkdir(exist_ok=True)
        manifest = _manifest(files, inputs, warnings, quads=-1)  # counted once the dataset is whole
        with open(root / f"{key}.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            kept = _kept_already(folder, files, manifest, quads)
            if kept is None:
                _write_store(dataset, folder, manifest, through_file, rest)
                kept = manifest
            _tidy(folder, kept["store"])  # what a save stopped midway left (a store no manifest names, its file)
    except (OSError, ValueError) as exc:
        return f"the store could not be kept in {root}: {getattr(exc, 'strerror', None) or exc}", None
    except RuntimeError as exc:  # the engine could not write its files
        return f"the store could not be kept in {root}: {exc}", None
    return None, (folder / kept["store"], kept["store_sha256"])


def _regular(path: Path) -> bool:
    """Whether ``path`` is a regular file itself (not a link to one)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def _manifest(files: list[Path], inputs: list[tuple[Path, str]], warnings: list[str], quads: int) -> dict:
    """The manifest of a store of these fact files, without the store's name
    and digest (added once it is written; ``quads`` too, where the caller
    counts only then); every path in one spelling."""
    return {
        **_header(),
        "files": [spelled(f) for f in files],
        "inputs": [[spelled(path), digest] for path, digest in inputs],
        "warnings": list(warnings),
        "quads": quads,
    }


def _kept_already(folder: Path, files: list[Path], manifest: dict, quads: Callable[[], int]) -> dict | None:
    """The manifest of the folder's store if it was made from the same files
    by this code, and is whole: the files its manifest names, holding what
    this build made (``quads()``: how many quads it has, asked last, as it
    may wait for the dataset to be whole; a save abandoned meanwhile is
    raised). Anything unreadable counts as not kept (None)."""
    try:
        kept = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        said = {k: v for k, v in kept.items() if k not in {"store", "store_sha256", "quads"}}
        if said == {k: v for k, v in manifest.items() if k != "quads"} and _valid(kept, files):
            location = folder / kept["store"]
            opened = ox.Store.read_only(str(location))
            # the files the manifest names, whole, and holding what this build made
            if store_digest(location) == kept["store_sha256"]:
                made = quads()
                if kept.get("quads") == made and len(opened) == made:
                    return kept
    except _Abandoned:
        raise
    except Exception:
        pass
    return None


class _Abandoned(Exception):
    """The dataset a :class:`Saving` waited for will not be whole."""


class Saving:
    """:func:`save` on a thread of its own, started at once, so that a build
    writes its downloads meanwhile (on two cores the store costs it almost
    nothing). The store is copied through a file (:func:`_copy_store`), so
    that the thread holds Python's lock only for moments. The dataset must
    not change until :meth:`finish`; :attr:`kept` then says which store
    holds it (but for the quads :meth:`add` gives, below). Where no thread
    can be had, the save is made by :meth:`finish`.

    With ``unfinished``, the save starts before the dataset is whole: it
    may gain quads meanwhile (``build`` derives the statuses), and only
    quads, which :meth:`add` then gives as N-Quads; the store is named in
    its manifest only once they are in it. :meth:`abandon` says they will
    never come: the save stops and keeps nothing.

    The thread does not keep the process alive: a command that fails or is
    stopped before :meth:`finish` ends without waiting, and a save cut off
    leaves a store that no manifest names (never opened) and the file it was
    copied through; the next save of the same fact files removes both."""

    def __init__(
        self,
        dataset: Dataset,
        files: list[Path],
        inputs: list[tuple[Path, str]],
        warnings: list[str],
        root: Path | None,
        *,
        unfinished: bool = False,
    ):
        import threading

        self._problem: str | None = None
        self._whole = threading.Event()  # set once the dataset is whole, or will never be
        self._more = b""  # what it gained since the save began
        self._abandoned = False
        if not unfinished:
            self._whole.set()
        #: the store that holds the dataset once :meth:`finish` returns (its location, the digest
        #: its manifest binds), None if none does (caching off, an input not a regular file, a failure)
        self.kept: tuple[Path, str] | None = None
        self._args = (dataset, files, inputs, warnings, root)
        self._thread: threading.Thread | None = threading.Thread(
            target=self._save, name="jointvision-keep", daemon=True
        )
        try:
            self._thread.start()
        except RuntimeError:  # no thread to be had (a limit on threads or processes): saved in finish()
            self._thread = None

    def add(self, nquads: bytes) -> None:
        """The dataset is whole: these are the quads it gained since the
        save began (N-Quads, UTF-8; those it had then may be among them)."""
        if not isinstance(nquads, bytes):
            raise TypeError(f"the quads the dataset gained are N-Quads bytes, not {type(nquads).__name__}")
        self._more = nquads
        self._whole.set()

    def abandon(self) -> None:
        """The dataset will never be whole: the save stops, keeping nothing."""
        self._abandoned = True
        self._whole.set()

    def _rest(self) -> bytes:
        self._whole.wait()
        if self._abandoned:
            raise _Abandoned
        return self._more

    def _save(self) -> None:
        try:
            self._problem, self.kept = _save(*self._args, through_file=True, rest=self._rest)
        except _Abandoned:
            self._problem = "the store was not kept: the build stopped"
        except BaseException as exc:  # never a traceback from the thread: the command says what went wrong
            self._problem = f"the store could not be kept: {exc or type(exc).__name__}"

    def finish(self) -> str | None:
        """Wait for the save; None when done, else why it could not be kept."""
        if self._thread is None:
            self._save()
        else:
            self._thread.join()
        return self._problem


def _write_store(
    dataset: Dataset,
    folder: Path,
    manifest: dict,
    through_file: bool = False,
    rest: Callable[[], bytes] = _nothing_more,
) -> str:
    """Write the dataset as a new store in ``folder`` (with ``rest``, as
    :func:`_save` says), then the manifest that names it, binds its digest
    and counts its quads (replacing the old manifest in one step); the new
    store's name. On any failure the new store is removed."""
    import secrets

    name = f"store-{secrets.token_hex(8)}"
    try:
        _copy_store(dataset, folder, name, through_file, rest)
        digest = store_digest(folder / name)
        if digest is None:
            raise OSError(f"the new store {folder / name} cannot be read back")
        manifest["store"], manifest["store_sha256"], manifest["quads"] = name, digest, len(dataset.store)
        (folder / f"{_MANIFEST}.new").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        os.replace(folder / f"{_MANIFEST}.new", folder / _MANIFEST)
    except BaseException:
        import shutil

        shutil.rmtree(folder / name, ignore_errors=True)
        raise
    return name


def _copy_store(
    dataset: Dataset, folder: Path, name: str, through_file: bool = False, rest: Callable[[], bytes] = _nothing_more
) -> None:
    """Store to store by the engine's bulk loader: quad by quad from the
    store in memory, with no file between them (a third faster, alone, than
    through a file at a million triples); or, ``through_file``, by the
    engine dumping N-Quads into a file beside the new store (``passing-*``,
    removed after) and loading that, both without Python's lock, which the
    quad by quad copy takes for every quad (on a thread, it would slow the
    caller's Python down to its own pace). Then the quads ``rest()`` gives
    (those the dataset gained meanwhile; a quad loaded twice is one quad).
    The new store is closed when this returns or raises: its files are
    final, or can be removed."""
    store = ox.Store(str(folder / name))
    try:
        if through_file:
            passing = folder / f"passing-{name}.nq"
            try:
                dataset.store.dump(output=str(passing), format=ox.RdfFormat.N_QUADS)
                store.bulk_load(path=str(passing), format=ox.RdfFormat.N_QUADS)
            finally:
                passing.unlink(missing_ok=True)
        else:
            store.bulk_extend(dataset.store)
        more = rest()
        if more:
            store.bulk_load(more, format=ox.RdfFormat.N_QUADS)
        store.flush()
    finally:
        del store  # closed, also when the save fails (a traceback would keep it open while it is removed)


def _tidy(folder: Path, name: str) -> None:
    """Remove what no reader needs any more beside the new store ``name``:
    the stores it supersedes (but for those a reader holds, marked for a
    later save), files left by a killed save, notes of removed stores, and
    links posing as stores."""
    now = time.time()
    for other in folder.iterdir():
        if other.name.startswith("passing-"):
            other.unlink(missing_ok=True)  # left by a save cut off (saves hold the lock: none is under way)
        if other.name.endswith(".verified") and not other.with_name(other.name[:-9]).is_dir():
            other.unlink(missing_ok=True)  # the note of a store removed before
        if other.name.startswith("store-") and other.is_symlink():
            other.unlink()  # not a store a build made: never followed, never written through
            continue
        if other.name.startswith("store-") and other.name != name and other.is_dir():
            _remove_superseded(other, now)


def _remove_superseded(store: Path, now: float) -> None:
    """Remove a superseded store and its note, unless a reader holds it (a
    shared lock, see :func:`_hold`): that one is marked superseded (so it is
    never verified again) and left for a later save."""
    import fcntl

    fd = os.open(store, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a reader holds it
            mark = store / ".superseded"
            if not mark.exists():
                mark.write_text(str(now))
            return
        import shutil

        shutil.rmtree(store, ignore_errors=True)
        store.with_name(store.name + ".verified").unlink(missing_ok=True)
    finally:
        os.close(fd)
