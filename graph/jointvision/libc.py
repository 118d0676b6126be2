"""The C library, for the few calls Python's ``os`` module lacks
(``unshare``, ``prctl``, ``renameat2``). A module of its own, importing
nothing but ``ctypes``, so that a query's evaluation child (which calls
``unshare`` before it runs the query) loads no more than it needs."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def libc() -> Any:
    """The C library, with errno kept: the one the interpreter already runs
    on (no search of the system's libraries), else the one ``ctypes.util``
    finds."""
    import ctypes

    try:
        found = ctypes.CDLL(None, use_errno=True)
        found.prctl  # noqa: B018 - a C library, not an interpreter linked statically without one
        return found
    except (OSError, AttributeError):
        import ctypes.util

        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
