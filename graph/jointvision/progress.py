"""Progress of long steps, told to whoever listens.

Library code marks a step with :func:`step` and advances it; by default
nobody listens and it costs next to nothing. The command line installs a
listener with :func:`reporting` that draws a progress bar on standard error
when it is a terminal (and nothing in a log, a pipe or a test). The two
never meet: a library function does not know whether a bar is drawn.

    with step("reading fact files", len(paths)) as advance:
        for path in paths:
            ...
            advance(1)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

#: A listener: given a step's label and its total, a context manager that
#: yields the function that advances it.
Listener = Callable[[str, int], contextlib.AbstractContextManager[Callable[[int], None]]]

_listener: ContextVar[Listener | None] = ContextVar("jointvision_progress", default=None)


def _ignore(_n: int) -> None:
    return None


@contextlib.contextmanager
def step(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A step of ``total`` units; yields the function that advances it."""
    listener = _listener.get()
    if listener is None or total <= 0:
        yield _ignore
        return
    with listener(label, total) as advance:
        yield advance


@contextlib.contextmanager
def reporting(listener: Listener | None) -> Iterator[None]:
    """Tell ``listener`` of every step run inside the block (``None``: nobody)."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
