"""The downloads written from another download's text: TriG from the
N-Quads, Turtle and JSON-LD from the N-Triples (both sorted, so each
subject's statements come together). Each writer streams: it parses its
input as it reads it and writes as it goes, so its memory does not grow
with the graph.

On a large graph these writers are the build's longest single steps, and
each holds Python's lock while it runs. :class:`Aside` runs one in a child
process (:data:`_CHILD`), fed the text through a pipe, while this process
goes on with the other downloads on the other core. The child runs the very
functions below, so its bytes are the ones this process would write; where
it cannot be started or does not finish cleanly, the download is written
here instead.

This module imports nothing but pyoxigraph, the standard library and
:mod:`.iris` (which imports no more), so that the child starts in a few
tens of milliseconds.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from .iris import RDF_TYPE, XSD_STRING, compact_iri

try:
    import fcntl
except ImportError:  # not a POSIX system: no child is started
    fcntl = None  # type: ignore[assignment]

_PREFIX = b"@prefix "

#: A text at least this long (bytes) is written by a child process
#: (:class:`Aside`); a shorter one here, where a child's start (about 50
#: ms) would cost more than it saves.
ASIDE_FROM = 8 * 2**20

Write = Callable[[bytes], Any]
#: The size asked for each pipe to and from a child (Linux's largest without privileges, by default).
_PIPE_SIZE = 2**20


class _Prefixed:
    """A writer's output (``write``) with its leading ``@prefix`` lines,
    in the engine's order, replaced by ``prefixes`` sorted and a blank
    line: the same bytes for the same prefixes whatever the engine's order."""

    def __init__(self, write: Write, prefixes: dict[str, str]):
        self._write = write
        write(b"".join(f"@prefix {p}: <{ns}> .\n".encode() for p, ns in sorted(prefixes.items())) + b"\n")
        self._head: bytes | None = b""  # the engine's lines not yet known to be prefix lines; None once past them

    def write(self, chunk: bytes) -> int:
        if self._head is None:
            self._write(chunk)
            return len(chunk)
        head = self._head + bytes(chunk)
        while True:
            if len(head) < len(_PREFIX) and _PREFIX.startswith(head):
                self._head = head  # too short to tell yet
                return len(chunk)
            if not head.startswith(_PREFIX):
                self._head = None
                if head:
                    self._write(head)
                return len(chunk)
            end = head.find(b"\n")
            if end < 0:
                self._head = head  # a prefix line not yet ended
                return len(chunk)
            head = head[end + 1 :]

    def flush(self) -> None:
        """Nothing held back but an unfinished line of what may be prefixes."""

    def close(self) -> None:
        """The end of the output: what was held back, written (an output
        of prefix lines alone ends with its last, which holds no statement)."""
        if self._head and not self._head.startswith(_PREFIX):
            self._write(self._head)
        self._head = None


def _engine_writer(fmt: ox.RdfFormat) -> Callable[[Iterable[Any], dict[str, str], Write], None]:
    def write_with(statements: Iterable[Any], prefixes: dict[str, str], write: Write) -> None:
        out = _Prefixed(write, prefixes)
        ox.serialize(statements, out, format=fmt, prefixes=prefixes)  # type: ignore[arg-type]
        out.close()

    return write_with


#: Turtle of triples (or quads of the default graph) in the order given.
write_turtle = _engine_writer(ox.RdfFormat.TURTLE)
#: TriG of quads in the order given.
write_trig = _engine_writer(ox.RdfFormat.TRIG)


def _compactor(prefixes: dict[str, str]) -> Callable[[str], str]:
    """IRI -> prefix:local (or the IRI), remembered: predicates, classes and
    units repeat on every node."""
    by_namespace = {ns: p for p, ns in prefixes.items()}
    known: dict[str, str] = {}

    def compact(iri: str) -> str:
        found = known.get(iri)
        if found is None:
            cut = max(iri.rfind("#"), iri.rfind("/")) + 1
            prefix = by_namespace.get(iri[:cut]) if 0 < cut < len(iri) else None
            found = f"{prefix}:{iri[cut:]}" if prefix else (compact_iri(iri, prefixes) or iri)
            known[iri] = found
        return found

    return compact


def write_jsonld(triples: Iterable[Any], prefixes: dict[str, str], write: Write) -> None:
    """Compact JSON-LD of triples sorted by subject: one node object per
    subject, keys sorted, one node a line, with an inline ``@context`` of
    ``prefixes``; nothing remote is referenced."""
    compact = _compactor(prefixes)
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": ")).encode
    context = json.dumps(prefixes, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n  ")
    write(('{\n  "@context": ' + context + ',\n  "@graph": [\n').encode("utf-8"))
    subject: str | None = None
    props: dict[str, list[object]] = {}
    rows: list[str] = []  # written a batch at a time: one write per node would cost a call each
    first = True

    def flush() -> None:
        if subject is not None:
            obj: dict[str, object] = {"@id": compact(subject)}
            for key, values in props.items():
                obj[key] = values[0] if len(values) == 1 else values
            rows.append("    " + encode(obj))

    def spill() -> None:
        nonlocal first
        if rows:
            write(("" if first else ",\n").encode("utf-8") + ",\n".join(rows).encode("utf-8"))
            first = False
            rows.clear()

    for triple in triples:
        if triple.subject.value != subject:
            flush()
            if len(rows) >= 1000:
                spill()
            subject, props = triple.subject.value, {}
        o = triple.object
        if triple.predicate.value == RDF_TYPE and isinstance(o, ox.NamedNode):
            props.setdefault("@type", []).append(compact(o.value))
            continue
        value: object
        if isinstance(o, ox.Literal):
            if o.language:
                value = {"@value": o.value, "@language": o.language}
            elif o.datatype is None or o.datatype.value == XSD_STRING:
                value = o.value
            else:
                value = {"@value": o.value, "@type": compact(o.datatype.value)}
        elif isinstance(o, (ox.NamedNode, ox.BlankNode)):
            value = {"@id": compact(o.value)}
        else:  # pragma: no cover - the data holds no triple terms
            raise TypeError(f"a term JSON-LD cannot hold: {o!r}")
        props.setdefault(compact(triple.predicate.value), []).append(value)
    flush()
    spill()
    write(b"\n  ]\n}\n")


#: writer name -> (the format of its input text, the writer)
WRITERS: dict[str, tuple[ox.RdfFormat, Callable[[Iterable[Any], dict[str, str], Write], None]]] = {
    "trig": (ox.RdfFormat.N_QUADS, write_trig),
    "turtle": (ox.RdfFormat.N_TRIPLES, write_turtle),
    "jsonld": (ox.RdfFormat.N_TRIPLES, write_jsonld),
}


def write_from(writer: str, text: bytes | IO[bytes], prefixes: dict[str, str], write: Write) -> None:
    """Write the download ``writer`` makes (one of :data:`WRITERS`) of
    ``text``, parsed as it is read, through ``write``."""
    fmt, make = WRITERS[writer]
    make(ox.parse(text, format=fmt), prefixes, write)


def written_from(writer: str, text: bytes, prefixes: dict[str, str]) -> bytes:
    """The bytes of :func:`write_from`, written in this process."""
    chunks: list[bytes] = []
    write_from(writer, text, prefixes, chunks.append)
    return b"".join(chunks)


class Aside:
    """One download (``writer`` of ``text``) written by a child process
    while this one goes on; :meth:`result` gives its bytes, waiting for the
    child if need be. The text is fed to the child and its output read by
    two threads of this process, each waiting on a pipe without Python's
    lock. Where no child or thread can be had, where the child fails, or
    where the text is shorter than :data:`ASIDE_FROM`, the download is
    written here, when asked for: the same bytes either way."""

    def __init__(self, writer: str, text: bytes, prefixes: dict[str, str]):
        if writer not in WRITERS:
            raise ValueError(f"unknown writer {writer!r}; expected one of {', '.join(WRITERS)}")
        self.writer, self.text, self.prefixes = writer, text, dict(prefixes)
        self._lock = threading.Lock()
        self._made: bytes | None = None
        self._output: list[bytes] = []  # the child's output, as read from the pipe
        self._broken = False
        self._threads: list[threading.Thread] = []
        self._child: subprocess.Popen | None = None
        if len(text) >= ASIDE_FROM:
            self._start()

    def _start(self) -> None:
        if os.name != "posix" or not sys.executable or getattr(sys, "frozen", False):
            return  # no interpreter to run the child with (an embedded or frozen one runs the application)
        package = Path(__file__).resolve().parents[1] / "__init__.py"
        path = [p for p in sys.path if isinstance(p, str)]
        try:
            # the download comes back on a pipe of its own, not standard output, which anything the
            # interpreter runs at start (a sitecustomize) could write to
            readable, writable = os.pipe()
        except OSError:  # no descriptors left: written here
            return
        try:
            command = [sys.executable, "-c", _CHILD, str(len(path)), *path, str(package), self.writer]
            child = subprocess.Popen(
                [*command, json.dumps(self.prefixes), str(writable)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(writable,),
            )
        except (OSError, ValueError, TypeError, subprocess.SubprocessError):  # no process to be had: written here
            os.close(readable)
            return
        finally:
            os.close(writable)
        assert child.stdin is not None
        stdin = child.stdin
        if fcntl is not None:
            for pipe in (stdin.fileno(), readable):  # fewer, larger passes through each pipe
                with contextlib.suppress(OSError, AttributeError):
                    fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)

        def feed() -> None:
            try:
                stdin.write(self.text)
            except OSError:  # the child stopped reading: it failed, and result() sees it
                pass
            finally:
                with contextlib.suppress(OSError):
                    stdin.close()

        def drain() -> None:
            # in the pipe's chunks, joined once when asked for: reading to the end in one call would
            # hold the whole download twice at its end, while the other children's are read too
            try:
                self._output.extend(iter(functools.partial(os.read, readable, _PIPE_SIZE), b""))
            except OSError:  # the pipe failed: what was read is not the whole download
                self._broken = True
            finally:
                os.close(readable)
                child.wait()  # reaped once its output ends, whether or not anyone asks for the download

        threads = [threading.Thread(target=feed, daemon=True), threading.Thread(target=drain, daemon=True)]
        try:
            for thread in threads:
                thread.start()
                self._threads.append(thread)
        except RuntimeError:  # no thread to be had: the child is stopped, and the download written here
            child.kill()
            for thread in self._threads:
                thread.join()
            with contextlib.suppress(OSError):
                stdin.close()
            if len(self._threads) < 2:  # the reading thread did not start, so did not close its end
                os.close(readable)
            child.wait()
            self._threads = []
            return
        self._child = child

    def result(self) -> bytes:
        """The download's bytes: the child's, once it has finished cleanly;
        else written here."""
        with self._lock:
            if self._made is None:
                self._made = self._awaited()
                if self._made is None:
                    self._made = written_from(self.writer, self.text, self.prefixes)
                self.text = b""  # the child and the writer here are done with it
            return self._made

    def _awaited(self) -> bytes | None:
        """The child's output if it wrote the whole download, else None."""
        child = self._child
        if child is None:
            return None
        for thread in self._threads:
            thread.join()
        if child.wait() != 0 or self._broken:
            return None
        made = b"".join(self._output)
        self._output.clear()
        return made


def main(argv: list[str]) -> int:
    """The child's side of :class:`Aside`: ``WRITER PREFIXES_JSON FD``, the
    text on standard input, the download written to the descriptor ``FD``."""
    writer, prefixes, descriptor = argv
    with open(int(descriptor), "wb") as out:
        write_from(writer, sys.stdin.buffer, json.loads(prefixes), out.write)
    return 0


#: The child's program: the module search path this process has (its
#: length, then its entries: not the child's own, which puts the current
#: folder first), and the package imported from the very folder this module
#: was (its ``__init__.py``), whatever that path holds.
_CHILD = """
import sys
count = int(sys.argv[1])
sys.path[:], args = sys.argv[2 : 2 + count], sys.argv[2 + count :]
import importlib.util, os
init = args[0]
spec = importlib.util.spec_from_file_location("jointvision", init, submodule_search_locations=[os.path.dirname(init)])
package = sys.modules["jointvision"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(package)
from jointvision.rdf.text_writers import main
sys.exit(main(args[1:]))
"""
