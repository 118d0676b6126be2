"""Uploading the dataset to a triple store: `jointvision push URL`.

Any store that speaks the SPARQL 1.1 Graph Store HTTP Protocol takes it
(Oxigraph, Virtuoso, Fuseki, GraphDB, Neptune). Each named graph (one per
source, and the ontology's) is one ``PUT URL?graph=IRI``, which replaces what
the store held under that name, so pushing twice leaves the same store. The
merged default graph is one ``PUT URL?default`` first, unless the store's
default graph is already the union of its named graphs (``default_graph=
"skip"``; Virtuoso and GraphDB work that way, and Virtuoso refuses a PUT of
its default graph).

Graphs go as N-Triples, gzip-compressed when the store is not on this
machine (a store that refuses gzip gets the rest uncompressed), each with
its length stated (Virtuoso takes no chunked body: it answers 201 and stores
nothing). No graph is ever held in memory: the engine writes each one into
a temporary file (``$TMPDIR``), which is sent from there in chunks and
removed, and it writes the next graphs while the store takes this one, so
that the dump and the store's work overlap; about two graphs are on disk at
a time (:class:`_Spooler`). Where a login is at hand, the store is asked
for its challenge first (a ``HEAD``), so that a body goes once, with the
login (Virtuoso cuts the connection when a large body comes without one).
A failure names the graph and the store's answer, as a
:class:`~jointvision.errors.RemoteError`. :func:`check_push` asks the
store's query endpoint afterwards whether its default graph gives the same
answers as the local one, and if not, which setting it needs.

Each PUT replaces one graph, so a push that fails halfway leaves the store
with some graphs new and the rest old: the error says which were replaced
and that running the same push again finishes it. With ``atomic`` (the
store's SPARQL Update endpoint), every graph goes first to a staging graph
of its own, and one update request then moves them all into place; a store
that runs an update request as one transaction (Oxigraph, Fuseki with TDB2,
GraphDB) then holds either all the new graphs or none of them.
"""

from __future__ import annotations

import ipaddress
import secrets
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from ..errors import JointVisionError, RemoteError
from ..progress import step
from ..rdf.dataset import Dataset
from ..rdf.namespaces import DERIVED, GRAPHS, JV, ONTOLOGY_IRI
from ..sparql.remote import check_url, send

#: What ``compress`` may be: gzip unless the store is on this machine, always, never.
COMPRESSION = ("auto", "gzip", "none")
#: What ``default_graph`` may be: PUT the merged default graph, or leave the store's own.
DEFAULT_GRAPH = ("put", "skip")
#: Bytes of a graph sent per write (the progress callback is told after each).
CHUNK = 1 << 20
#: Bytes written ahead of the sending (beyond the graph being sent) past which no further graph is started.
AHEAD = 64 << 20
_NAMED_GRAPH = ox.NamedNode(str(JV.namedGraph))


@dataclass
class PushedGraph:
    """One graph of a push: where it went and what was sent."""

    graph: str | None  # the graph's IRI in the store; None for the default graph
    triples: int
    bytes: int  # bytes sent (compressed, if it was)
    gzip: bool = False
    seconds: float = 0.0
    status: int | None = None  # the store's answer; None in a dry run
    gzip_refused: bool = False  # sent gzip first, refused, then sent plain
    staging: str | None = None  # with ``atomic``: the staging graph it went to first


@dataclass
class PushReport:
    """What a push sent, or in a dry run would send: the store URL and one
    :class:`PushedGraph` per graph, in the order they went."""

    url: str
    dry_run: bool
    graphs: list[PushedGraph] = field(default_factory=list)

    @property
    def triples(self) -> int:
        """Triples sent over all graphs (a statement in several graphs counts once per graph)."""
        return sum(g.triples for g in self.graphs)


def graph_names(dataset: Dataset, prefix: str | None) -> dict[str, str]:
    """Each named graph of ``dataset`` -> its name in the store. With a
    prefix, a source graph ``jvg:ID`` becomes ``PREFIX + ID`` and the
    ontology's graph ``PREFIX + "ontology"`` and a derived graph
    ``DERIVED + NAME`` (the statuses) ``PREFIX + "derived/" + NAME``; a
    source id holds no ``/``, so none of these can meet."""
    names = {}
    for name in dataset.graph_names():
        if prefix is None:
            names[name] = name
        elif name.startswith(GRAPHS):
            names[name] = prefix + name[len(GRAPHS) :]
        elif name == str(ONTOLOGY_IRI):
            names[name] = prefix + "ontology"
        elif name.startswith(DERIVED):
            names[name] = prefix + "derived/" + name[len(DERIVED) :]
        else:
            names[name] = name
    if len(set(names.values())) < len(names):
        raise JointVisionError(
            "--graph-prefix gives two graphs the same name (a source whose id is 'ontology' "
            "and the ontology's graph): choose another prefix"
        )
    return names


def _check_prefix(prefix: str) -> str:
    from ..rdf.iris import iri_problem

    problem = iri_problem(f"{prefix}ontology" if isinstance(prefix, str) else "")
    if problem:
        raise JointVisionError(f"--graph-prefix must be an absolute IRI, got {str(prefix)[:80]!r}: {problem}")
    return prefix


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _target(url: str, graph: str | None) -> str:
    """The Graph Store URL of one graph: ``?default`` or ``?graph=IRI``
    (percent-encoded), after any query the store URL has."""
    from urllib.parse import urlunsplit

    parts = urlsplit(url)
    mine = "default" if graph is None else "graph=" + quote(graph, safe="")
    return urlunsplit(parts._replace(query=f"{parts.query}&{mine}" if parts.query else mine, fragment=""))


@dataclass
class _Spooled:
    """One graph written out for sending: the N-Triples file, and its gzip
    copy when one was asked for."""

    path: Path
    size: int
    triples: int
    packed: Path | None = None
    packed_size: int = 0

    @property
    def sent(self) -> int:
        """Bytes on disk for it."""
        return self.size + self.packed_size

    def remove(self) -> None:
        for path in (self.path, self.packed):
            if path is not None:
                path.unlink(missing_ok=True)


def _renames(renamed: dict[str, str]) -> list[tuple[bytes, bytes]]:
    """The ``jv:namedGraph`` lines to rewrite when graphs are renamed, as
    (line end written, line end sent). A line ending so is that link and no
    other: N-Triples has no raw line break inside a term, and what precedes
    the graph's IRI there (a space, then the predicate's) can end no literal."""
    link = f" {_NAMED_GRAPH} ".encode()
    return [
        (link + f"{ox.NamedNode(old)} .\n".encode(), link + f"{ox.NamedNode(new)} .\n".encode())
        for old, new in renamed.items()
        if old != new
    ]


def _blocks(path: Path) -> Iterator[bytes]:
    """The file's bytes in blocks of about :data:`CHUNK` that end at a line's end."""
    with open(path, "rb") as handle:
        rest = b""
        while block := handle.read(CHUNK):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            if cut:
                yield block[:cut]
            rest = block[cut:]
        if rest:
            yield rest


def _spool_graph(
    store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph, folder: Path, name: str, renames: list, packed: bool
) -> _Spooled:
    """One graph as N-Triples in ``folder``: written by the engine (no
    Python object per triple, no text in memory), then read once in blocks
    to count its triples, rename its ``jv:namedGraph`` links (``renames``)
    and, if ``packed``, write its gzip copy beside it."""
    import contextlib
    import gzip

    dumped = folder / f"{name}.nt"
    store.dump(str(dumped), format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    plain = folder / f"{name}.renamed.nt" if renames else dumped
    lines = 0
    with contextlib.ExitStack() as outputs:
        rewritten = outputs.enter_context(open(plain, "wb")) if renames else None
        zipped = None
        if packed:
            raw = outputs.enter_context(open(folder / f"{name}.nt.gz", "wb"))
            zipped = outputs.enter_context(gzip.GzipFile(filename="", mode="wb", compresslevel=1, fileobj=raw, mtime=0))
        for block in _blocks(dumped):
            lines += block.count(b"\n")
            for old, new in renames:
                block = block.replace(old, new)
            for out in (rewritten, zipped):
                if out is not None:
                    out.write(block)
    if renames:
        dumped.unlink()
    gz = folder / f"{name}.nt.gz" if packed else None
    return _Spooled(plain, plain.stat().st_size, lines, gz, gz.stat().st_size if gz else 0)


class _Spooler:
    """The graphs of a plan written to temporary files ahead of the sending,
    by a thread of its own: while one graph goes to the store, the engine
    writes the next ones (it lets go of the interpreter while it writes),
    and stops once a graph and at least :data:`AHEAD` bytes wait to be sent.
    So about two graphs are on disk at a time, none in memory; every file is
    removed when the push ends, whatever way it ends (a graph being written
    then goes once it is done: nothing waits for it)."""

    def __init__(self, store: ox.Store, plan: list, renamed: dict[str, str], packed: bool, default_graph: str):
        import tempfile
        import threading

        self.store, self.graphs, self.renames, self.packed = store, [g for _, g in plan], _renames(renamed), packed
        try:
            self.folder = Path(tempfile.mkdtemp(prefix="jointvision-push-"))
        except OSError as exc:
            raise JointVisionError(
                f"no temporary folder could be made in {tempfile.gettempdir()}: {exc.strerror or exc} "
                "(set TMPDIR to a folder with room for two graphs as N-Triples)"
            ) from None
        self._ready: list[_Spooled] = []
        self._default_graph, self._total = default_graph, -1
        self._failed: Exception | None = None
        self._closed = self._done = False
        self._turn = threading.Condition()
        threading.Thread(target=self._write_all, name="jointvision-push", daemon=False).start()

    def _write_all(self) -> None:
        """The thread: the triples to send, counted; then each graph in turn,
        while the push goes on and not too far ahead. Every read of the store
        is made here, so that the engine's buffers live in one thread's memory."""
        try:
            total = _triples_to_send(self.store, self._default_graph)
            with self._turn:
                self._total = total
                self._turn.notify_all()
            for index, graph in enumerate(self.graphs):
                with self._turn:
                    self._turn.wait_for(lambda: self._closed or sum(r.sent for r in self._ready) < AHEAD)
                    if self._closed:
                        return
                spooled = _spool_graph(self.store, graph, self.folder, str(index), self.renames, self.packed)
                with self._turn:
                    self._ready.append(spooled)
                    self._turn.notify_all()
        except Exception as exc:  # the temporary folder is full, or cannot be written: said by next()
            with self._turn:
                self._failed = exc
                self._turn.notify_all()
        finally:
            self._end(done=True)

    def _end(self, *, done: bool = False, closed: bool = False) -> None:
        """The folder goes once both the thread and the push are over."""
        import shutil

        with self._turn:
            self._done, self._closed = self._done or done, self._closed or closed
            self._turn.notify_all()
            if self._done and self._closed:
                shutil.rmtree(self.folder, ignore_errors=True)

    def total(self) -> int:
        """The triples the plan sends (a statement in several graphs once per graph)."""
        with self._turn:
            self._turn.wait_for(lambda: self._total >= 0 or self._failed or self._done)
            if self._total >= 0:
                return self._total
        raise self._failure()

    def next(self) -> _Spooled:
        """The next graph of the plan, once written."""
        with self._turn:
            self._turn.wait_for(lambda: self._ready or self._failed or self._done)
            if self._ready:
                spooled = self._ready.pop(0)
                self._turn.notify_all()
                return spooled
        raise self._failure()

    def _failure(self) -> JointVisionError:
        problem = (getattr(self._failed, "strerror", None) or self._failed) if self._failed else "no graph is left"
        return JointVisionError(
            f"a graph could not be written to the temporary folder {self.folder.parent}: {problem} "
            "(set TMPDIR to a folder with room for two graphs as N-Triples)"
        )

    def __enter__(self) -> _Spooler:
        return self

    def __exit__(self, *exc: object) -> None:
        self._end(closed=True)


class _FileBody:
    """A request body read from a file in chunks, re-readable (a login
    challenge makes urllib send it again), telling ``progress`` of each
    chunk's triples."""

    def __init__(self, path: Path, size: int, lines: int, progress: Callable[[int], None] | None, told: list[int]):
        self.path, self.size, self.lines, self.progress = path, size, lines, progress
        self.told = told  # shared by every attempt at one graph: a resend is not counted again

    def __iter__(self) -> Iterator[bytes]:
        sent = 0
        with open(self.path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
                sent += len(chunk)
                if self.progress:
                    due = round(self.lines * sent / self.size) - self.told[0]
                    if due > 0:
                        self.told[0] += due
                        self.progress(due)


def _shown_graph(target: str | None) -> str:
    return "the default graph" if target is None else f"<{target}>"


def _listed(targets: list[str | None]) -> str:
    return ", ".join(_shown_graph(t) for t in targets) if targets else "none"


def push_dataset(
    dataset: Dataset,
    url: str,
    *,
    graph_prefix: str | None = None,
    default_graph: str = "put",
    compress: str = "auto",
    dry_run: bool = False,
    timeout: float = 600.0,
    progress: Callable[[int], None] | None = None,
    atomic: str | None = None,
) -> PushReport:
    """PUT every graph of ``dataset`` to the Graph Store Protocol endpoint
    ``url`` (Oxigraph: ``http://HOST:PORT/store``; Virtuoso:
    ``http://HOST:PORT/sparql-graph-crud-auth``), each request within
    ``timeout`` seconds. ``progress`` is called with the number of triples
    sent since its last call. With ``atomic``, the store's SPARQL Update
    endpoint, the graphs go to staging graphs first and one update request
    moves them into place. Nothing is sent in a dry run; the report then
    says what would be. A failure is a :class:`RemoteError` whose hints say
    which graphs were replaced before it and how to finish."""
    _check_options(url, atomic, default_graph, compress)
    renamed = graph_names(dataset, _check_prefix(graph_prefix) if graph_prefix is not None else None)
    use_gzip = compress == "gzip" or (compress == "auto" and not _is_loopback(url))
    plan = _plan(dataset, renamed, default_graph)
    sending = _Sending(url, PushReport(url, dry_run), plan, _staging_graphs(plan, atomic), atomic, timeout)
    with (
        _Spooler(dataset.store, plan, renamed, use_gzip, default_graph) as spool,
        step("pushing triples", spool.total()) as advance,
    ):
        sending.progress = _telling(progress, advance)
        for target, _graph in plan:
            sending.one(spool, target)
    if atomic and not dry_run:
        _move_into_place(atomic, sending.staging, timeout)
    return sending.report


def _telling(*listeners: Callable[[int], None] | None) -> Callable[[int], None]:
    """One progress function that tells every listener given."""
    told = [listener for listener in listeners if listener is not None]

    def tell(n: int) -> None:
        for listener in told:
            listener(n)

    return tell


def _triples_to_send(store: ox.Store, default_graph: str) -> int:
    """Every graph's triples, as push counts them (a statement in several
    graphs once per graph): the store's quads, counted by the engine without
    reading them, less the default graph's where it is not sent."""
    from ..rdf.typed import select

    total = len(store)
    if default_graph == "put":
        return total
    (row,) = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return total - int(row["n"].value)


@dataclass
class _Sending:
    """One push under way: where it goes, what it sent so far."""

    url: str
    report: PushReport
    plan: list
    staging: dict[str | None, str]
    atomic: str | None
    timeout: float
    progress: Callable[[int], None] | None = None

    def one(self, spool: _Spooler, target: str | None) -> None:
        """Send the plan's next graph (or, in a dry run, say what would go);
        a failure says which graphs were replaced before it."""
        dry_run, staging = self.report.dry_run, self.staging.get(target)
        try:
            spooled = spool.next()
        except JointVisionError as exc:  # written here, not sent: the store holds what was sent before
            raise (exc if dry_run else self._failed(exc, target)) from None
        try:
            if dry_run:
                self.report.graphs.append(_would_send(target, staging, spooled, self.progress))
                return
            pushed = _put_graph(self.url, target, staging, spooled, spool.packed, self.timeout, self.progress)
        except RemoteError as exc:
            raise self._failed(exc, target) from None
        finally:
            spooled.remove()
        spool.packed = spool.packed and not pushed.gzip_refused  # a store that refused gzip gets the rest plain
        self.report.graphs.append(pushed)

    def _failed(self, exc: JointVisionError, target: str | None) -> JointVisionError:
        return _failed_midway(exc, self.report, self.plan, target, self.atomic, self.staging, self.timeout)


def _would_send(
    target: str | None, staging: str | None, spooled: _Spooled, progress: Callable[[int], None] | None
) -> PushedGraph:
    """What a dry run says of one graph: what would be sent."""
    if progress:
        progress(spooled.triples)
    packed = spooled.packed is not None
    size = spooled.packed_size if packed else spooled.size
    return PushedGraph(target, spooled.triples, size, packed, staging=staging)


def _check_options(url: str, atomic: str | None, default_graph: str, compress: str) -> None:
    """Refuse a bad store URL, update URL, ``default_graph`` or ``compress``
    before anything is read or sent."""
    check_url(url, "the store URL")
    if atomic is not None:
        check_url(atomic, "--atomic")
    if default_graph not in DEFAULT_GRAPH:
        raise JointVisionError(f"default_graph must be one of {', '.join(DEFAULT_GRAPH)}, got {default_graph!r}")
    if compress not in COMPRESSION:
        raise JointVisionError(f"compress must be one of {', '.join(COMPRESSION)}, got {compress!r}")


def _plan(
    dataset: Dataset, renamed: dict[str, str], default_graph: str
) -> list[tuple[str | None, ox.NamedNode | ox.DefaultGraph]]:
    """The graphs to send, in order, each as (its name in the store, the
    local graph): the default graph first, when it is sent at all, so that a
    store that refuses it fails before anything changed."""
    plan: list[tuple[str | None, ox.NamedNode | ox.DefaultGraph]] = []
    if default_graph == "put":
        plan.append((None, ox.DefaultGraph()))
    plan += [(renamed[name], ox.NamedNode(name)) for name in dataset.graph_names()]
    return plan


def _staging_graphs(
    plan: list[tuple[str | None, ox.NamedNode | ox.DefaultGraph]], atomic: str | None
) -> dict[str | None, str]:
    """With ``atomic``, a staging graph of this push's own for each graph of
    the plan (store name -> staging IRI); none without."""
    token = secrets.token_hex(8)
    if not atomic:
        return {}
    return {target: f"urn:jointvision:staging:{token}:{index}" for index, (target, _) in enumerate(plan)}


def _put_graph(
    url: str,
    target: str | None,
    staging: str | None,
    spooled: _Spooled,
    use_gzip: bool,
    timeout: float,
    progress: Callable[[int], None] | None,
) -> PushedGraph:
    """PUT one graph (to its staging graph, if it has one) from its file:
    gzip first when ``use_gzip``, and plain if the store refuses gzip."""
    triples = spooled.triples
    what = f"the {'default graph' if target is None else f'graph <{target}>'} ({triples:,} triples) to {url}"
    started = time.perf_counter()
    status, told, refused_gzip = None, [0], False
    for attempt_gzip in [True, False] if use_gzip and spooled.packed else [False]:
        path, size = (
            (spooled.packed, spooled.packed_size) if attempt_gzip and spooled.packed else (spooled.path, spooled.size)
        )
        headers = {"Content-Type": "application/n-triples", "Content-Length": str(size)}
        if attempt_gzip:
            headers["Content-Encoding"] = "gzip"
        request = urllib.request.Request(
            _target(url, staging if staging is not None else target),
            data=_FileBody(path, size, triples, progress, told),
            method="PUT",
            headers=headers,
        )
        try:
            status, _ = send(request, timeout=timeout, limit=1 << 20, what=f"pushing {what}", login_first=True)
            break
        except RemoteError as exc:
            if attempt_gzip and exc.status in {400, 415, 500, 501}:  # no gzip here: this and the rest go plain
                refused_gzip = True
                continue
            raise
    if progress and told[0] < triples:
        progress(triples - told[0])
    return PushedGraph(
        target, triples, size, attempt_gzip, time.perf_counter() - started, status, refused_gzip, staging
    )


def _update(endpoint: str, text: str, timeout: float, what: str) -> None:
    from urllib.parse import urlencode

    request = urllib.request.Request(
        endpoint,
        data=urlencode({"update": text}).encode("ascii"),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    send(request, timeout=timeout, limit=1 << 20, what=what)


def _move_into_place(endpoint: str, staging: dict[str | None, str], timeout: float) -> None:
    """One update request that moves every staging graph onto its graph."""
    moves = " ;\n".join(
        f"MOVE SILENT GRAPH <{stage}> TO {'DEFAULT' if target is None else f'GRAPH <{target}>'}"
        for target, stage in staging.items()
    )
    try:
        _update(endpoint, moves, timeout, f"moving the {len(staging)} staging graphs into place at {endpoint}")
    except RemoteError as exc:
        if exc.delivered is None:  # sent, but no answer (out of time, the connection closed): it may have run
            raise RemoteError(
                str(exc),
                None,
                (
                    "the store did not answer, so whether it ran the update is unknown: it holds either all the new "
                    "graphs or, if it runs an update request as one transaction, none of them",
                    "run the same push again to be sure (it replaces every graph, and removes nothing but its own "
                    "staging graphs)",
                ),
            ) from None
        left = _drop_staging(endpoint, list(staging.values()), timeout)
        raise RemoteError(
            str(exc),
            exc.status,
            (
                "the store refused the update: if it runs an update request as one transaction, its graphs are as they "
                "were before this push",
                left,
            ),
        ) from None


def _drop_staging(endpoint: str, stages: list[str], timeout: float) -> str:
    """Remove staging graphs; one line saying whether they are gone."""
    if not stages:
        return "no staging graph was left in the store"
    try:
        _update(
            endpoint,
            " ;\n".join(f"DROP SILENT GRAPH <{stage}>" for stage in stages),
            timeout,
            f"removing the staging graphs at {endpoint}",
        )
        return f"the {len(stages)} staging graph(s) sent were removed"
    except RemoteError:
        return (
            f"the staging graphs {', '.join(f'<{s}>' for s in stages)} are left in the store: remove them "
            "with DROP GRAPH"
        )


def _failed_midway(
    exc: JointVisionError,
    report: PushReport,
    plan: list,
    failed: str | None,
    atomic: str | None,
    staging: dict[str | None, str],
    timeout: float,
) -> JointVisionError:
    """The error of a push that failed at the graph ``failed`` (the store's
    answer, or a local failure before it was sent), with hints that say
    which graphs were replaced before it and how to finish."""
    done = [g.graph for g in report.graphs]
    rest = [target for target, _ in plan][len(done) :]
    # sent, but no answer: the graph in flight may have been stored, or not
    unknown = isinstance(exc, RemoteError) and exc.delivered is None
    finish = (
        "run the same push again to finish (each PUT replaces its graph), or push with --atomic UPDATE_URL "
        "(the store's SPARQL Update endpoint) to replace all graphs or none"
    )
    if atomic:
        left = _drop_staging(atomic, [staging[t] for t in done + [failed]], timeout)
        hints: tuple[str, ...] = (
            "nothing was replaced: the graphs went to staging graphs first, and the failure "
            "came before they were moved into place",
            left,
        )
    elif unknown:
        hints = (
            f"replaced before the failure: {_listed(done)} ({len(done)} of {len(plan)} graphs); the store did "
            f"not answer for {_shown_graph(failed)}, so whether it was replaced is unknown; not sent: "
            f"{_listed(rest[1:])}",
            f"the store may now hold new graphs beside old ones: {finish}",
        )
    elif not done:
        hints = ("nothing was replaced: the store holds what it held before this push",)
    else:
        hints = (
            f"replaced before the failure: {_listed(done)} ({len(done)} of {len(plan)} graphs); not "
            f"replaced: {_listed(rest)}",
            f"the store now holds these new graphs beside old ones: {finish}",
        )
    if isinstance(exc, RemoteError):
        return RemoteError(str(exc), exc.status, hints, delivered=exc.delivered)
    local = JointVisionError(str(exc))
    local.hints = hints
    return local


# ------------------------------------------------------------ after a push
@dataclass
class StoreCheck:
    """What a store's query endpoint holds, against the local dataset."""

    graphs: dict[str, tuple[int, int]]  # store graph IRI -> (triples in the store, triples pushed)
    default: tuple[int, int]  # distinct triples in the store's default graph, in the local one
    problems: list[str]  # what makes answers differ from local ones
    notes: list[str] = field(default_factory=list)  # what a user should know, which does not

    @property
    def ok(self) -> bool:
        """True when the store answers as the local dataset does (no problems; notes may remain)."""
        return not self.problems


def _count(endpoint: str, text: str, timeout: float) -> int:
    from ..sparql.remote import remote_query

    result = remote_query(endpoint, text, timeout=timeout)
    try:
        return int(str(result.rows[0][0]))
    except (IndexError, TypeError, ValueError):
        raise RemoteError(f"{endpoint}: a COUNT query gave no number") from None


def check_push(
    dataset: Dataset, endpoint: str, *, graph_prefix: str | None = None, timeout: float = 600.0
) -> StoreCheck:
    """Ask the store's SPARQL endpoint how many triples each pushed graph
    holds and which statements its default graph holds. The named queries
    give the local answers when every graph is there whole and the default
    graph holds at least the local one's statements (a store whose default
    graph is the union of its graphs repeats a statement several graphs
    hold; the named queries are written so that repeats do not change
    them)."""
    check_url(endpoint, "--check")
    renamed = graph_names(dataset, _check_prefix(graph_prefix) if graph_prefix is not None else None)
    sizes = dataset.sizes()
    graphs, problems = _check_graphs(endpoint, renamed, sizes, timeout)
    local = sizes[""]
    missing = _missing_from_default(endpoint, list(renamed.values()), timeout) if renamed else 0
    distinct = _count(
        endpoint, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }", timeout
    )
    if missing:
        problems.append(
            f"the store's default graph lacks {missing:,} statements of the pushed graphs: queries without GRAPH "
            "will not see them. Push with --default-graph put, or make the store's default graph the union of "
            "its named graphs (Oxigraph: `oxigraph serve --union-default-graph`; Fuseki: tdb2:unionDefaultGraph)"
        )
    total = _count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout)
    return StoreCheck(graphs, (distinct, local), problems, _default_notes(total, distinct, local - missing))


def _check_graphs(
    endpoint: str, renamed: dict[str, str], sizes: dict[str, int], timeout: float
) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Each pushed graph's triples in the store against the local count, and
    a problem for each graph whose counts differ."""
    graphs, problems = {}, []
    for name, target in renamed.items():
        held = _count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}", timeout)
        graphs[target] = (held, sizes[name])
        if held != sizes[name]:
            problems.append(f"the store's graph <{target}> holds {held:,} triples where {sizes[name]:,} were pushed")
    return graphs, problems


def _missing_from_default(endpoint: str, targets: list[str], timeout: float) -> int:
    """How many distinct statements of the pushed graphs the store's default
    graph lacks (queries without GRAPH would not see them)."""
    return _count(
        endpoint,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?g { "
        + " ".join(f"<{t}>" for t in targets)
        + " } GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } } }",
        timeout,
    )


def _default_notes(total: int, distinct: int, ours: int) -> list[str]:
    """What a user should know about the store's default graph that does not
    change the named queries' answers: repeated statements, and statements
    that are not this dataset's (``ours``: the local ones it holds)."""
    notes = []
    if total > distinct:
        notes.append(
            f"the store's default graph repeats {total - distinct:,} statements (it is the union of "
            "graphs that share them): the named queries give the same answers, but a query of your "
            "own without DISTINCT may repeat rows"
        )
    others = distinct - ours
    if others > 0:
        notes.append(
            f"the store's default graph also holds {others:,} statements that are not this dataset's "
            "(the store's own, or other data): a query that does not name jointvision's classes and "
            "properties may see them"
        )
    return notes
