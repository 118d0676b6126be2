"""Running a function on a thread with a deep stack.

The engine and the parsers recurse as deep as their input nests. A query the
check admits, or an RDF file being validated, may nest thousands of levels;
on the main thread's few megabytes of stack that would crash the process.
:func:`on_deep_stack` runs the work on a thread of its own with
:data:`STACK_BYTES` of stack (address space reserved, not memory used: only
the pages the work touches are).
"""

from __future__ import annotations

import os
import threading

#: Stack of the thread that evaluates a query or parses a file.
STACK_BYTES = 256 * 1024 * 1024

_STACK_LOCK = threading.Lock()


def _fresh_lock_in_child() -> None:
    """A child forked while another thread held the lock must not wait for
    a thread it does not have."""
    global _STACK_LOCK
    _STACK_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh_lock_in_child)


def on_deep_stack(function, *args, slow=None):
    """``function(*args)`` on a thread with :data:`STACK_BYTES` of stack; its
    result, or its exception raised here. ``slow``: ``(seconds, callback)``,
    to call ``callback(thread)`` once if the call takes longer."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:
            outcome["error"] = exc

    with _STACK_LOCK:
        previous = threading.stack_size(STACK_BYTES)
        try:
            thread = threading.Thread(target=run, name="jointvision-query", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    if slow is not None:
        thread.join(slow[0])
        if thread.is_alive():
            slow[1](thread)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
