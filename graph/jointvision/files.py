"""Writing outputs atomically: a reader sees the old file or the new one,
never half of one, and a failed run leaves nothing behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a download should be readable as usual
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all_atomic(outputs: Mapping[Path, bytes]) -> None:
    """Write several files; all contents are produced before the first rename,
    so an error while producing them changes nothing on disk."""
    for path, data in outputs.items():
        path = Path(path)
        if path.is_file() and path.read_bytes() == data:
            continue  # unchanged: keep the file (and its modification time)
        write_atomic(path, data)
