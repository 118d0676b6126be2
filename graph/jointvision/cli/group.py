"""The ``jointvision`` command group: where every error meets its exit
status, where the notes of a run are kept until it ends, and where library
warnings and progress bars are wired to the terminal.

Exit codes, the same for every command:

* 0: done; for ``validate``, the graph conforms; for ``diff``, the same
* 1: ``validate``: SHACL violations; ``diff``: the datasets differ; ``find``: no entity matches;
  ``fix``: quotes left alone; ``push --check``: the store answers otherwise
* 2: bad input (a :class:`~jointvision.errors.JointVisionError`, a usage
  error); nothing was written
* 3: a remote endpoint or store failed (:class:`~jointvision.errors.RemoteError`)
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import click

from .. import __version__
from ..errors import JointVisionError, SourceErrors, one_line

EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT, EXIT_REMOTE = 0, 1, 2, 3
_NOTES = "jointvision.notes"


class CommandError(click.ClickException):
    """A failure the command line reports: its lines (``error: ...``), the
    hints that follow (``hint: ...``) and the exit status it ends with."""

    def __init__(self, lines: Sequence[str], exit_code: int = EXIT_BAD_INPUT, hints: Sequence[str] = ()):
        super().__init__(lines[0] if lines else "")
        self.lines = [one_line(line) for line in lines]
        self.exit_code = exit_code  # type: ignore[misc]  # click keeps it on the class; each error has its own
        self.hints = [one_line(hint) for hint in hints]

    @classmethod
    def of(cls, error: JointVisionError, hint: str | None = None) -> CommandError:
        """The report of a library error: one line (one per error, where fact
        files have several), its hints, and its exit status."""
        lines = error.lines() if isinstance(error, SourceErrors) else [str(error)]
        return cls(lines, error.exit_code, ([hint] if hint else []) + list(error.hints))

    def show(self, file: Any = None) -> None:
        """Print the report on standard error: each line as ``error: ...``,
        then each hint as ``hint: ...`` (``file`` is click's, not used)."""
        for line in self.lines:
            click.echo(f"error: {line}", err=True)
        for hint in self.hints:
            click.echo(f"hint: {hint}", err=True)


# ------------------------------------------------------------ the notes of a run
def note(line: str) -> None:
    """A line for standard error once the command has done its work (which
    data it read, warnings): dropped if it fails, so that bad input gets one
    message."""
    click.get_current_context().meta.setdefault(_NOTES, []).append(line)


def flush_notes() -> None:
    """Print the notes kept so far (before a command that runs on, as serve)."""
    notes = click.get_current_context().meta.setdefault(_NOTES, [])
    for line in notes:
        click.echo(line, err=True)
    notes.clear()


def echo_lines(text: str) -> None:
    """Print text made for people from data (labels, quotes), each line with
    its control characters escaped (see :mod:`jointvision.terminal`)."""
    from ..terminal import shown

    click.echo("\n".join(shown(line) for line in text.split("\n")), nl=not text.endswith("\n"))


# ------------------------------------------------------------ the terminal
@contextlib.contextmanager
def _progress_bar(label: str, total: int) -> Iterator[Any]:
    """The listener of ``progress.step`` on a terminal: click's bar on
    standard error, cleared when the step ends."""
    with click.progressbar(length=total, label=label.ljust(22), file=sys.stderr, show_pos=True, show_eta=True) as bar:
        yield bar.update


@functools.cache
def _escaped_log_handler() -> Any:
    """The logging handler for the libraries' warnings (rdflib warns about
    odd IRIs, quoting them): each is one ``warning:`` line on standard
    error, with control characters escaped, so no data reaches the terminal
    raw. One a process, made once ``logging`` is loaded."""
    import logging

    class EscapedLog(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                message = record.getMessage()
            except Exception:  # a library's malformed log call: its format string, then
                message = str(record.msg)
            click.echo(f"warning: {one_line(message, 500)}", err=True)

    return EscapedLog(logging.WARNING)


def _escaped_log() -> None:
    """Wire :func:`_escaped_log_handler` to the root logger (once)."""
    import logging

    root = logging.getLogger()
    if _escaped_log_handler() not in root.handlers:
        root.addHandler(_escaped_log_handler())


class _WhenLoggingLoads:
    """An import hook (on ``sys.meta_path``) that wires :func:`_escaped_log`
    as soon as a library first imports ``logging``: a command that never
    loads a library that logs (a query) does not import ``logging`` at all,
    and the interpreter has nothing of it to run at exit (see :func:`_leave`).
    ``logging`` itself is found by the finders after this one (the standard
    library's, or a bundler's), whose loader is wrapped. The hook stays in
    its place once used (a finder removed while another thread walks the
    list could make that thread skip one), answering nothing."""

    def __init__(self) -> None:
        self.used = False

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "logging" or self.used:
            return None
        self.used = True
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None) if finder is not self else None
            spec: Any = find(name, path, target) if find is not None else None
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _ThenWire(spec.loader)
                return spec
        return None


class _ThenWire:
    """The loader of ``logging``, which then wires the handler."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        module.__loader__ = module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        _escaped_log()


def _wire_library_warnings() -> None:
    """Library warnings to the terminal through :func:`_escaped_log`: now if
    ``logging`` is loaded, else when it is."""
    if "logging" in sys.modules:
        _escaped_log()
    elif not any(isinstance(finder, _WhenLoggingLoads) and not finder.used for finder in sys.meta_path):
        sys.meta_path.insert(0, _WhenLoggingLoads())


def _leave(code: int) -> None:
    """End the process with ``code`` as the interpreter would, less its
    teardown. What must run at exit runs (other threads are waited for as
    the interpreter waits, then the ``atexit`` callbacks: a library's flush,
    a temporary folder's removal), the standard streams are flushed, and the
    process ends without freeing each module and object one by one, which
    after a query is 15-25 ms of its 130. Where a stream cannot be flushed
    (a reader that went away), the interpreter's own exit takes over."""
    import atexit

    threading = sys.modules.get("threading")
    wait_for_threads = getattr(threading, "_shutdown", None) if threading is not None else (lambda: None)
    run_callbacks = getattr(atexit, "_run_exitfuncs", None)
    if wait_for_threads is None or run_callbacks is None:  # an interpreter without them: its own exit
        sys.exit(code)
    wait_for_threads()  # as the interpreter does: the threads' own exit hooks (an executor's), then each thread
    run_callbacks()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: the descriptor was closed when the process started
                stream.flush()
    except Exception:  # a reader that went away, a closed stream: the interpreter's own exit says so
        sys.exit(code)
    os._exit(code)


#: The module of the command line (``jointvision.cli.<module>``) that defines each command: imported
#: when the command runs (or when help lists them all), so that a command loads only its own module.
#: A test holds this table to what the modules define.
COMMANDS: dict[str, str] = {
    "build": "build",
    "cite": "curation",
    "conflicts": "query",
    "diff": "query",
    "doctor": "serve",
    "draft": "curation",
    "find": "lookup",
    "fix": "curation",
    "init": "build",
    "new-source": "curation",
    "push": "remote",
    "query": "query",
    "schema": "lookup",
    "serve": "serve",
    "sources": "query",
    "stats": "query",
    "status": "tracking",
    "suggest": "curation",
    "validate": "build",
    "view": "serve",
}


class Group(click.Group):
    """The command group. Every :class:`~jointvision.errors.JointVisionError`
    a command raises becomes a :class:`CommandError` here, and click's usage
    errors (an unknown option, a bad value) one line, ``error: ...``, exit 2,
    like every other bad input. A run's notes are printed when it ends well
    (exit 0 or 1) and dropped when it fails. Each command's module is
    imported when the command is first looked up (:data:`COMMANDS`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        """As click resolves a command; for a name that is no command, every
        command's module is imported first, so that click's "did you mean"
        draws on them all."""
        if args and args[0] not in COMMANDS and args[0] not in self.commands:
            import importlib

            for module in sorted(set(COMMANDS.values())):
                importlib.import_module(f"{__package__}.{module}")
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            import importlib

            importlib.import_module(f"{__package__}.{COMMANDS[cmd_name]}")  # it adds its commands to the group
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command with library warnings and progress bars wired to
        the terminal; turn a library error into a :class:`CommandError`, and
        print the run's notes only if it ends well (exit 0 or 1)."""
        from ..progress import reporting

        _wire_library_warnings()  # a library's warnings, one escaped line each (never raw data)
        # progress bars of long steps on a terminal; none in a log, a pipe or a test
        with reporting(_progress_bar if sys.stderr.isatty() else None):
            try:
                result = super().invoke(ctx)
            except JointVisionError as exc:
                ctx.meta.pop(_NOTES, None)
                raise CommandError.of(exc) from None
            except click.exceptions.Exit as exc:
                if exc.exit_code in (EXIT_OK, EXIT_VIOLATIONS):
                    flush_notes()
                raise
            except click.ClickException:
                ctx.meta.pop(_NOTES, None)
                raise
            flush_notes()
            return result

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line and exit with its status: each failure is
        printed as ``error: ...`` lines (usage errors with where to find
        help) and ends with its exit code; Ctrl+C prints ``stopped`` and
        exits 130. With ``standalone_mode`` false, click's own behaviour."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except CommandError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.UsageError as exc:
            hint = f" (see {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
            click.echo(f"error: {one_line(exc.format_message())}{hint}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.exceptions.ClickException as exc:
            click.echo(f"error: {one_line(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:  # Ctrl+C
            click.echo("stopped", err=True)
            sys.exit(130)
        # a command ends with ctx.exit(code), which click returns as a number when it is not the one to exit
        sys.exit(code if isinstance(code, int) else EXIT_OK)

    def console(self) -> None:
        """The console script (``jointvision``, and ``python -m
        jointvision``): :meth:`main` on the process's own arguments, the
        process then ended by :func:`_leave`. Under a profiler or a tracer
        (which write their findings when the interpreter exits), the
        interpreter's own exit. A program that calls :meth:`main` itself
        keeps click's behaviour: a ``SystemExit`` it may catch."""
        try:
            self.main()
        except SystemExit as exc:
            quiet = sys.getprofile() is None and sys.gettrace() is None
            if quiet and (exc.code is None or isinstance(exc.code, int)):
                _leave(exc.code or EXIT_OK)
            raise


def version_lines() -> list[str]:
    """The version, the engine's and rdflib's, and which safety walls hold."""
    import platform

    import pyoxigraph
    import rdflib

    from ..sparql.isolation import walls

    return [
        f"jointvision {__version__} (Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
        f"rdflib {rdflib.__version__})",
        *walls().lines(),
    ]


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo("\n".join(version_lines()))
        ctx.exit(EXIT_OK)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and which safety walls hold on this system, and exit.",
)
def main() -> None:
    """Knowledge graph of the India - Japan Joint Vision for the Next Decade.

    Exit codes: 0 done (validate: conforms; diff: the same), 1 SHACL
    violations (validate) or differences (diff), 2 bad input (nothing
    written).
    """
