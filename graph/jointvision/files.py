"""Writing outputs atomically: a reader sees the old file or the new one,
never half of one, and a failed run leaves nothing behind."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path


def _temp_beside(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new hidden file beside ``path``. ``os.open`` with
    mode 0o666 lets the process umask decide the permissions, as for any
    file the user creates (mkstemp would make it 0600)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    write_all_atomic({Path(path): data})


def write_all_atomic(outputs: Mapping[Path, bytes]) -> None:
    """Write several files as nearly at once as a file system allows: every
    target is checked and every temporary file written before the first
    rename, so a bad target or a full disk changes nothing. Unchanged files
    are left alone (and keep their modification time)."""
    pending = {}
    for path, data in outputs.items():
        path = Path(path)
        if path.exists() and not path.is_file():
            raise IsADirectoryError(21, "not a regular file", str(path))
        if path.is_file() and path.read_bytes() == data:
            continue
        pending[path] = data
    temps: dict[Path, Path] = {}
    try:
        for path, data in pending.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temps[path] = _temp_beside(path, data)
        for path, tmp in temps.items():
            os.replace(tmp, path)
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
