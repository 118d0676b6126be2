"""The ``jointvision`` command: a thin layer over the library.

:mod:`.group` holds the command group, where every error meets its exit
status (0 done; 1 violations or differences; 2 bad input, nothing written;
3 a remote failure); :mod:`.options` the options several commands share;
:mod:`.data` which data a command works on; and one module per concern holds
its commands: :mod:`.build` (build, validate, init), :mod:`.query` (query,
conflicts, sources, stats, diff), :mod:`.curation` (new-source, draft,
cite, suggest, fix), :mod:`.lookup` (find, schema), :mod:`.tracking` (status,
report), :mod:`.remote` (push), :mod:`.serve` (serve, view, doctor). A
command's module is imported when the command is looked up
(:data:`.group.COMMANDS`), so that a command loads only what it uses.
"""

from __future__ import annotations

from .group import EXIT_BAD_INPUT, EXIT_OK, EXIT_REMOTE, EXIT_VIOLATIONS, main


def console() -> None:
    """The ``jointvision`` console script: the command line on the process's
    own arguments, ending the process (:meth:`~.group.Group.console`)."""
    main.console()


__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "EXIT_REMOTE", "EXIT_VIOLATIONS", "console", "main"]
