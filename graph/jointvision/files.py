"""Reading inputs safely and writing outputs atomically.

Reading: :func:`read_input` opens only regular files (a FIFO, a device or a
folder is refused at once instead of blocking or streaming forever), of a
bounded size, and, where asked, only files that really lie inside a given
folder (a symbolic link out of it is refused).

Writing: :func:`write_atomic` replaces one file through a temporary file and
a rename, keeping its permissions and owner and writing through a symbolic
link. :func:`replace_folder` replaces a whole output folder so that, if
the process is killed at any moment, the folder holds wholly the old build
or wholly the new one: the new files are written into a hidden sibling
folder, which is then exchanged with the old one in a single system call
(Linux ``renameat2(RENAME_EXCHANGE)``). A lock on the parent folder keeps
two builds apart, and the next build removes what a killed one left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

#: The largest input file read (fact files, source texts, queries, RDF files).
MAX_INPUT_BYTES = 256 * 1024 * 1024


class InputFileError(OSError):
    """An input file that must not be read; ``str()`` says why."""


def read_input(path: str | Path, *, inside: str | Path | None = None, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; with ``inside``,
    only if the file (its links followed) lies in that folder. Raises
    :class:`InputFileError` with a message for people.

    >>> read_input("/no/such/file")
    Traceback (most recent call last):
    ...
    jointvision.files.InputFileError: no such file
    """
    path = Path(path)
    fd = _open_input(path)
    try:
        info = os.fstat(fd)
        kind = _not_regular(info.st_mode)
        if kind is not None:
            raise InputFileError(f"it is {kind}: only regular files are read")
        if inside is not None:
            _check_inside(fd, path, inside)
        if info.st_size > max_bytes:
            raise InputFileError(f"it is {info.st_size:,} bytes, over the limit of {max_bytes:,}")
        return _read_bounded(fd, max_bytes)
    except InputFileError:
        raise
    except OSError as exc:
        raise InputFileError(f"it cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _open_input(path: Path) -> int:
    """Open ``path`` for reading without waiting (opening a FIFO does not
    wait for a writer), or say why it cannot be."""
    if "\x00" in str(path):
        raise InputFileError("the file name holds a NUL character")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags)
    except FileNotFoundError:
        raise InputFileError("no such file") from None
    except IsADirectoryError:
        raise InputFileError("it is a folder, not a file") from None
    except OSError as exc:
        raise InputFileError(f"it cannot be read: {exc.strerror or exc}") from None


def _not_regular(mode: int) -> str | None:
    """What a file of this mode is, if it is not a regular file (None if it is)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _check_inside(fd: int, path: Path, inside: str | Path) -> None:
    """Refuse the open file unless its real path lies in the folder ``inside``."""
    real = _real_path_of(fd, path)
    folder = os.path.realpath(inside)
    if os.path.commonpath([real, folder]) != folder:
        raise InputFileError(f"it leads outside its folder (to {real}): only files inside {folder} are read")


def _read_bounded(fd: int, max_bytes: int) -> bytes:
    """Read the open file to its end, refusing it past ``max_bytes`` (its
    size may have grown since it was checked)."""
    chunks, size = [], 0
    while True:
        try:  # still non-blocking: a file of /proc or FUSE that streams would block for ever
            chunk = os.read(fd, 1 << 20)
        except BlockingIOError:
            raise InputFileError("it is a special file that streams data: only regular files are read") from None
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise InputFileError(f"it is over the limit of {max_bytes:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _real_path_of(fd: int, path: Path) -> str:
    """The real path of an open file (so no link can be swapped in after the
    check), where the system tells it."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:  # pragma: no cover - not Linux
        return os.path.realpath(path)


# --------------------------------------------------------------------------- single files


def _temp_beside(path: Path, data: bytes, like: os.stat_result | None = None) -> Path:
    """Write ``data`` to a new hidden file beside ``path``. ``os.open`` with
    mode 0o666 lets the process umask decide the permissions, as for any
    file the user creates (mkstemp would make it 0600); with ``like``, the
    new file takes that file's permissions and, where allowed, owner and
    group, and is flushed to disk."""
    name = path.name if len(os.fsencode(path.name)) <= 200 else "jv"  # the temporary name stays under NAME_MAX
    tmp = path.with_name(f".{name}.{os.urandom(6).hex()}.tmp")
    _write_new(tmp, data, like=like)
    return tmp


def _write_new(path: Path, data: bytes, *, like: os.stat_result | None = None) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if like is not None:
                handle.flush()
                # after the write: a write by a process without CAP_FSETID clears set-user-id and set-group-id
                _take_mode_and_owner(handle.fileno(), like)
                os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _take_mode_and_owner(fd: int, like: os.stat_result) -> None:
    """Give the open file ``fd`` the permissions of ``like`` and, as far as
    this process may, its owner and group."""
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) != (like.st_uid, like.st_gid):
        try:
            os.fchown(fd, like.st_uid, like.st_gid)
        except OSError:  # not root: a member of the file's group may still give it that group
            with contextlib.suppress(OSError):
                os.fchown(fd, -1, like.st_gid)
    os.fchmod(fd, stat.S_IMODE(like.st_mode))  # after chown, which may clear set-id bits


class FileChangedError(OSError):
    """The file to replace no longer holds the bytes it was read with."""


class LinkedFileError(OSError):
    """The file to replace has other hard links, which a replacement would split."""


def replacement_problem(path: str | Path) -> str | None:
    """Why the file at ``path`` (its symbolic links followed) cannot be
    replaced by :func:`write_atomic` without losing something: it is not a
    regular file, or it has more than one hard link. None if it can, or if
    it does not exist."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    if info.st_nlink > 1:
        return (
            f"it has {info.st_nlink} hard links (names for the same file): writing it through a new file "
            "would split them, leaving the other names with the old text; remove the other names, or edit "
            "a copy"
        )
    return None


def write_atomic(path: Path, data: bytes, *, expect: bytes | None = None, refuse_links: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename, and
    return the file written. A symbolic link is written through: the file it
    leads to is replaced and the link kept. A file replaced keeps its
    permissions and (where this process may set them) owner and group. With
    ``expect``, the file is replaced only if it still holds those bytes
    (:class:`FileChangedError`); with ``refuse_links``, not if it has other
    hard links (:class:`LinkedFileError`). On any error nothing is left
    behind and the file is as it was."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
    if refuse_links and info is not None and info.st_nlink > 1:
        raise LinkedFileError(errno.EMLINK, replacement_problem(target) or "it has other hard links", str(path))
    current = target.read_bytes() if info is not None else None
    if expect is not None and current != expect:
        raise FileChangedError(errno.EAGAIN, "it changed since it was read", str(path))
    if current == data:
        return target
    tmp = _temp_beside(target, data, like=info)
    try:
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _sync_folder(target.parent)
    return target


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename in it) to disk, where the system can."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- whole folders

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False
    where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    from .libc import libc

    try:
        renameat2 = libc().renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}:
        return False
    raise OSError(code, os.strerror(code), str(b))


class FolderNotOurs(OSError):
    """The output folder holds files this program did not write."""


#: The first line of the README every output folder carries: how a folder
#: written by jointvision is told from one that is not.
MARKER = "(generated by jointvision build: do not edit by hand)"


def _tag(folder: Path) -> str:
    """A short fixed-length name for the hidden siblings of ``folder``
    (any folder name, up to the system's limit, leaves room for it)."""
    import hashlib

    return ".jv-" + hashlib.sha256(os.fsencode(folder.name)).hexdigest()[:12]


def _siblings(folder: Path, kind: str) -> list[Path]:
    prefix = f"{_tag(folder)}.{kind}-"
    try:
        return sorted(p for p in folder.parent.iterdir() if p.name.startswith(prefix))
    except OSError:
        return []


def _ours(folder: Path, names: set[str]) -> str | None:
    """Why ``folder`` is not one jointvision wrote (None if it is, or is
    empty): every entry a regular file of an output name, and a README.md
    that starts with the marker."""
    entries = list(folder.iterdir())
    if not entries:
        return None
    stray = sorted(p.name for p in entries if p.name not in names or p.is_symlink() or not p.is_file())
    stray = [name for name in stray if not _STALE.fullmatch(name)]
    if stray:
        shown = ", ".join(stray[:5]) + (f" and {len(stray) - 5} more" if len(stray) > 5 else "")
        return f"it holds files jointvision did not write ({shown})"
    readme = folder / "README.md"
    try:
        first = readme.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0] if readme.is_file() else ""
    except OSError:
        first = ""
    if MARKER not in first and "(generated: do not edit by hand)" not in first:  # and the marker of 0.1.0
        return "it has no README.md written by jointvision build"
    return None


#: Temporary files an older version's writer left inside an output folder.
_STALE = re.compile(r"\.[A-Za-z0-9_.\-]+\.[0-9a-f]{12}\.tmp")


def _inside(folder: Path, other: Path) -> bool:
    try:
        return os.path.commonpath([os.path.realpath(folder), os.path.realpath(other)]) == os.path.realpath(folder)
    except (OSError, ValueError):
        return False


def replace_folder(folder: Path, files: Mapping[str, bytes], ours: Iterable[str] = ()) -> None:
    """Make ``folder`` hold exactly ``files`` (name -> bytes), atomically:
    after a kill at any moment it holds the old files or the new ones, never
    a mix. A file whose bytes do not change keeps its modification time.
    ``folder`` must be missing, empty, or one this program wrote (see
    :func:`_ours`; ``ours`` names every file it may write): anything else is
    refused with :class:`FolderNotOurs`, so a wrong ``--out`` cannot replace
    a folder of the user's. So is the current folder or one that holds it
    (replacing it would leave the shell in a deleted folder). Missing parent
    folders are created, and removed again if nothing is written."""
    import fcntl
    import shutil  # here: reading a file (every command) needs none of it

    folder = _real_folder(folder)
    allowed = set(files) | set(ours)
    if _inside(folder, Path.cwd()):
        raise FolderNotOurs(
            errno.EBUSY, "it is the current folder, or holds it: give another output folder", str(folder)
        )
    created = _make_parents(folder.parent)
    written = False
    try:
        lock_fd = os.open(folder.parent, os.O_RDONLY)
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX)  # one build at a time per parent folder
            _recover(folder)
            old_names = _names_to_replace(folder, allowed)
            new = folder.parent / f"{_tag(folder)}.new-{os.urandom(6).hex()}"
            new.mkdir()
            try:
                _fill(new, folder, files, old_names)
                old_build = _put_in_place(new, folder)
                written = True
                if old_build is not None:
                    shutil.rmtree(old_build, ignore_errors=True)
            finally:
                if new.exists():
                    shutil.rmtree(new, ignore_errors=True)
        finally:
            os.close(lock_fd)  # releases the lock
    finally:
        if not written:
            _remove_made(created)


def _real_folder(folder: Path) -> Path:
    """The absolute path of the output folder, a symbolic link to it followed."""
    folder = Path(folder)
    if folder.is_symlink():
        folder = Path(os.path.realpath(folder))
    return folder.absolute()


def _names_to_replace(folder: Path, allowed: set[str]) -> set[str]:
    """The names in the output folder, once it is known to be one that may
    be replaced (missing: none); else :class:`FolderNotOurs` or
    :class:`NotADirectoryError`."""
    if not (folder.exists() or folder.is_symlink()):
        return set()
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))
    problem = _ours(folder, allowed)
    if problem:
        raise FolderNotOurs(
            errno.EEXIST,
            f"{problem}: give an empty folder, a new one, or one written by jointvision build",
            str(folder),
        )
    return {p.name for p in folder.iterdir()}


def _fill(new: Path, folder: Path, files: Mapping[str, bytes], old_names: set[str]) -> None:
    """Write ``files`` into the new folder; a file unchanged from the old
    build is linked, not written, so it keeps its modification time."""
    for name, data in sorted(files.items()):
        old = folder / name
        if name in old_names and old.is_file() and not old.is_symlink() and old.read_bytes() == data:
            os.link(old, new / name)  # unchanged: the same file, with its modification time
        else:
            _write_new(new / name, data)


def _put_in_place(new: Path, folder: Path) -> Path | None:
    """Put the new build in place of ``folder``; the folder that now holds
    the old build, to remove, if there was one."""
    if not folder.exists():
        os.rename(new, folder)
        return None
    if _exchange(new, folder):  # now `new` holds the old build
        return new
    # No exchange here: two renames, with a moment in between that _recover repairs.
    old_copy = folder.parent / f"{_tag(folder)}.old-{os.urandom(6).hex()}"
    os.rename(folder, old_copy)
    os.rename(new, folder)
    return old_copy


def _remove_made(created: list[Path]) -> None:
    """Remove the parent folders made for a build that wrote nothing, the
    deepest first, stopping at one that is not empty."""
    for made in reversed(created):
        try:
            made.rmdir()
        except OSError:
            break


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, top first."""
    missing = []
    here = folder
    while not here.exists():
        missing.append(here)
        if here.parent == here:
            break
        here = here.parent
    for made in reversed(missing):
        made.mkdir()
    return list(reversed(missing))


def _recover(folder: Path) -> None:
    """Remove what a killed build left beside ``folder``; if it was killed
    between the two renames of the fallback, put the old build back."""
    import shutil

    olds = _siblings(folder, "old")
    if not folder.exists() and olds:
        os.rename(olds[-1], folder)
        olds = olds[:-1]
    for stale in _siblings(folder, "new") + olds:
        shutil.rmtree(stale, ignore_errors=True)
