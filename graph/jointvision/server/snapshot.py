"""The server's private snapshot of an on-disk store, and the clean-up of
snapshots whose server is gone.

A snapshot is a folder ``jointvision-serve-*`` in the temporary directory,
holding the owner's pid (``owner``) and the store's files (``store/``),
hard links where the file system allows (a store's data files never change
once written), so that a build replacing the store meanwhile cannot pull
files from under the workers. A server removes its own on stopping
(:func:`remove_snapshot`); one killed with -9 leaves it behind, and the
next server removes it (:func:`remove_orphan_snapshots`).
"""

from __future__ import annotations

import os
import shutil
import tempfile

PREFIX = "jointvision-serve-"


def remove_orphan_snapshots() -> None:
    """Remove the snapshots of servers that are gone (killed with -9, the
    machine stopped): this user's ``jointvision-serve-*`` folders whose owner
    process no longer runs."""
    base = tempfile.gettempdir()
    try:
        names = [n for n in os.listdir(base) if n.startswith(PREFIX)]
    except OSError:
        return
    for name in names:
        folder = os.path.join(base, name)
        try:
            if os.stat(folder).st_uid != os.getuid():
                continue
            with open(os.path.join(folder, "owner"), encoding="ascii") as owner:
                pid = int(owner.read().strip())
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):
            continue  # not ours to judge (no owner file yet, or another user's)


def snapshot(store: str) -> str:
    """A private copy of the on-disk store at ``store`` for the server's
    lifetime (the path of its store folder), after removing the orphans."""
    remove_orphan_snapshots()
    folder = tempfile.mkdtemp(prefix=PREFIX)
    with open(os.path.join(folder, "owner"), "w", encoding="ascii") as owner:
        owner.write(str(os.getpid()))
    target = os.path.join(folder, "store")
    os.mkdir(target)
    for name in os.listdir(store):
        source = os.path.join(store, name)
        if not os.path.isfile(source):
            continue
        try:
            os.link(source, os.path.join(target, name))
        except OSError:
            shutil.copyfile(source, os.path.join(target, name))
    return target


def remove_snapshot(path: str) -> None:
    """Remove a snapshot made by :func:`snapshot` (given its store's path)."""
    shutil.rmtree(os.path.dirname(path), ignore_errors=True)
