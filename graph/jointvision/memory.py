"""Keeping builds of large graphs lean: how the interpreter's memory
management is used while millions of long-lived objects are made."""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector while a build makes millions
    of small objects that stay alive (fact objects, terms): it would scan
    them again and again and free nothing (a third of the time of reading
    large fact files went to it). Reference counting still frees what is
    dropped; the collector runs again when the block ends. ``build`` holds
    it paused throughout: once reading ends, the collector would otherwise
    scan every object read, again as each generation fills (1.3 s at a
    million triples), while what a build drops holds almost no cycles."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
