"""Reading inputs safely and writing outputs atomically.

Reading: :func:`read_input` opens only regular files (a FIFO, a device or a
folder is refused at once instead of blocking or streaming forever), of a
bounded size, and, where asked, only files that really lie inside a given
folder (a symbolic link out of it is refused).

Writing: :func:`write_atomic` replaces one file through a temporary file and
a rename. :func:`replace_folder` replaces a whole output folder so that, if
the process is killed at any moment, the folder holds wholly the old build
or wholly the new one: the new files are written into a hidden sibling
folder, which is then exchanged with the old one in a single system call
(Linux ``renameat2(RENAME_EXCHANGE)``). A lock on the parent folder keeps
two builds apart, and the next build removes what a killed one left behind.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

#: The largest input file read (fact files, source texts, queries, RDF files).
MAX_INPUT_BYTES = 256 * 1024 * 1024


class InputFileError(OSError):
    """An input file that must not be read; ``str()`` says why."""


def read_input(path: str | Path, *, inside: str | Path | None = None,
               max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; with ``inside``,
    only if the file (its links followed) lies in that folder. Raises
    :class:`InputFileError` with a message for people."""
    path = Path(path)
    name = str(path)
    if "\x00" in name:
        raise InputFileError("the file name holds a NUL character")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO does not wait for a writer
    except FileNotFoundError:
        raise InputFileError("no such file") from None
    except IsADirectoryError:
        raise InputFileError("it is a folder, not a file") from None
    except OSError as exc:
        raise InputFileError(f"it cannot be read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a folder" if stat.S_ISDIR(info.st_mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode)
                    else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                    else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
            raise InputFileError(f"it is {kind}: only regular files are read")
        if inside is not None:
            real = _real_path_of(fd, path)
            folder = os.path.realpath(inside)
            if os.path.commonpath([real, folder]) != folder:
                raise InputFileError(f"it leads outside its folder (to {real}): only files inside "
                                     f"{folder} are read")
        if info.st_size > max_bytes:
            raise InputFileError(f"it is {info.st_size:,} bytes, over the limit of {max_bytes:,}")
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise InputFileError(f"it is over the limit of {max_bytes:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    except InputFileError:
        raise
    except OSError as exc:
        raise InputFileError(f"it cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _real_path_of(fd: int, path: Path) -> str:
    """The real path of an open file (so no link can be swapped in after the
    check), where the system tells it."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:  # pragma: no cover - not Linux
        return os.path.realpath(path)


# --------------------------------------------------------------------------- single files


def _temp_beside(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new hidden file beside ``path``. ``os.open`` with
    mode 0o666 lets the process umask decide the permissions, as for any
    file the user creates (mkstemp would make it 0600)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    _write_new(tmp, data)
    return tmp


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    if path.exists() and not path.is_file():
        raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
    if path.is_file() and path.read_bytes() == data:
        return
    tmp = _temp_beside(path, data)
    try:
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# --------------------------------------------------------------------------- whole folders

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False
    where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    from .isolation import _libc

    try:
        libc = _libc()
        renameat2 = libc.renameat2
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


def _siblings(folder: Path, kind: str) -> list[Path]:
    prefix = f".{folder.name}.{kind}-"
    try:
        return sorted(p for p in folder.parent.iterdir() if p.name.startswith(prefix))
    except OSError:
        return []


def replace_folder(folder: Path, files: Mapping[str, bytes], ours: Iterable[str] = ()) -> None:
    """Make ``folder`` hold exactly ``files`` (name -> bytes), atomically:
    after a kill at any moment it holds the old files or the new ones, never
    a mix. A file whose bytes do not change keeps its modification time.
    ``folder`` may hold only names of ``files`` or ``ours`` (the names this
    program may write): anything else is refused with :class:`FolderNotOurs`,
    so a wrong ``--out`` cannot replace a folder of the user's."""
    import fcntl

    folder = Path(folder)
    if folder.is_symlink():
        folder = Path(os.path.realpath(folder))
    folder = folder.absolute()
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    allowed = set(files) | set(ours)
    lock_fd = os.open(parent, os.O_RDONLY)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)  # one build at a time per parent folder
        _recover(folder)
        old_names: set[str] = set()
        if folder.exists():
            if not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))
            old_names = {p.name for p in folder.iterdir()}
            foreign = sorted(old_names - allowed)
            if foreign:
                shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
                raise FolderNotOurs(errno.EEXIST, f"it holds files jointvision did not write ({shown}): give an "
                                    "empty folder, a new one, or one written by jointvision build", str(folder))
        new = parent / f".{folder.name}.new-{secrets.token_hex(6)}"
        new.mkdir()
        try:
            for name, data in sorted(files.items()):
                old = folder / name
                if name in old_names and old.is_file() and not old.is_symlink() and old.read_bytes() == data:
                    os.link(old, new / name)  # unchanged: the same file, with its modification time
                else:
                    _write_new(new / name, data)
            if not folder.exists():
                os.rename(new, folder)
                return
            if _exchange(new, folder):  # now `new` holds the old build
                shutil.rmtree(new, ignore_errors=True)
                return
            # No exchange here: two renames, with a moment in between that _recover repairs.
            old_copy = parent / f".{folder.name}.old-{secrets.token_hex(6)}"
            os.rename(folder, old_copy)
            os.rename(new, folder)
            shutil.rmtree(old_copy, ignore_errors=True)
        finally:
            if new.exists():
                shutil.rmtree(new, ignore_errors=True)
    finally:
        os.close(lock_fd)  # releases the lock


def _recover(folder: Path) -> None:
    """Remove what a killed build left beside ``folder``; if it was killed
    between the two renames of the fallback, put the old build back."""
    olds = _siblings(folder, "old")
    if not folder.exists() and olds:
        os.rename(olds[-1], folder)
        olds = olds[:-1]
    for stale in _siblings(folder, "new") + olds:
        shutil.rmtree(stale, ignore_errors=True)
    if folder.is_dir():  # hidden temporary files of the single-file writer, from older versions
        for stale in folder.glob(".*.tmp"):
            stale.unlink(missing_ok=True)
