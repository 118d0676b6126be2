"""A draft fact file from a source text: everything ``suggest`` finds, as
entries that build as they are.

A curator of a whole joint statement should delete and correct, not type.
:func:`draft_entries` turns the candidates of :func:`~.suggest.suggest`
into entries, in the order of the text:

* each entity of the graph the text mentions becomes an ``about:`` entry
  quoting its first mention (a near match says how it differs);
* each figure becomes a Target with its value, unit (one of the graph's
  units, or a new unit entry where none fits), bound and ``stated_as``, and
  the period, due date or rate its sentence gives, quoting that sentence;
* each date becomes an Event (with the ordinal its sentence gives), or
  dates an event of the graph its sentence mentions;
* each progress report toward a target of the graph becomes a Progress
  entry.

Every guess is marked with a ``# check:`` comment above its entry, saying
what was guessed. A candidate that cannot be made an entry (a date without
its year, a period with no figure beside it) is listed in a comment at the
end. :func:`draft_source` writes the file beside the text (or into the
project's sources), after reading it back as ``build`` would read it with
the graph: an entry the build would refuse is turned into a comment with
the reason, so the draft always builds. It never overwrites a file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..errors import SourceError, SourceErrors
from .reader import SourceFile

#: At most this many characters of a sentence are quoted as evidence.
MAX_QUOTE = 400
#: Where a sentence ends: a stop and a space, a line break, or the stop of Japanese or Hindi.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n\s*\n|\n(?=\s*[-*#\d])|(?<=[。！？।])")
_PARTIAL_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@dataclass
class Entry:
    """One entry of the draft: its mapping, what the curator must check,
    and where in the text it starts (entries are written in text order)."""

    data: dict
    checks: list[str] = field(default_factory=list)
    at: int = 0


@dataclass
class Draft:
    """The entries of a draft and the candidates left as comments."""

    entries: list[Entry]
    notes: list[str]

    @property
    def checks(self) -> int:
        """How many entries carry a guess to check."""
        return sum(1 for entry in self.entries if entry.checks)


def draft_entries(text: str, sources: Iterable[SourceFile], language: str | None = None) -> Draft:
    """The entries of a draft of ``text`` against the fact files ``sources``
    (the graph): see the module's description.

    >>> draft = draft_entries("Invented: Land Q will train 500 nurses by 2030.", [])
    >>> [(e.data["type"], e.data["value"], e.data["unit"], e.data.get("due")) for e in draft.entries[1:]]
    [('Target', 500, 'nurse', 2030)]
    """
    from .suggest import suggest

    sources = list(sources)
    ids = _Ids({e.id for s in sources for e in s.entities} | {s.source_id for s in sources})
    units = _graph_units(sources)
    drafting = _Drafting(text, ids, units, _types(sources))
    drafting.labels = _quantified_labels(sources)
    candidates = suggest(text, sources, language)
    drafting.mentions([c for c in candidates if c.kind == "mention"])
    reports = [c for c in candidates if c.kind == "progress"]
    for c in reports:  # first: a figure a report gives is what was reached, not a target
        drafting.progress(c)
    figures = [c for c in candidates if c.kind in {"count", "amount"}]
    for figure in figures:
        if any(r.start <= figure.start and figure.end <= r.end and id(r) in drafting.used for r in reports):
            drafting.used.add(id(figure))
            continue
        drafting.target(figure, [c for c in candidates if c.kind in {"period", "due"}])
    for c in candidates:
        if c.kind == "date":
            drafting.event(c, [o for o in candidates if o.kind == "ordinal"])
    drafting.leftovers(candidates)
    return Draft(sorted(drafting.entries, key=lambda e: e.at), drafting.notes)


class _Ids:
    """Identifiers not yet taken, made from labels."""

    def __init__(self, taken: set[str]):
        self.taken = set(taken)

    def new(self, label: str, fallback: str) -> str:
        words = re.findall(r"[a-z0-9]+", _ascii(label).lower())[:7] or [fallback]
        base = "-".join(words)[:60].strip("-") or fallback
        found, n = base, 2
        while found in self.taken:
            found, n = f"{base}-{n}", n + 1
        self.taken.add(found)
        return found


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _graph_units(sources: list[SourceFile]) -> dict[str, str]:
    """The graph's units by id, with their type (CountUnit or Currency)."""
    from .schema import is_a

    return {e.id: e.type for s in sources for e in s.entities if not e.about and is_a(e.type, "Unit")}


def _types(sources: list[SourceFile]) -> dict[str, str]:
    return {e.id: e.type for s in sources for e in s.entities if not e.about}


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _quantified_labels(sources: list[SourceFile]) -> dict[str, str]:
    """The graph's targets and financings by each of their labels (compared
    without case and spacing): a figure the graph holds already."""
    from .schema import QUANTIFIED, is_a

    found: dict[str, str] = {}
    for s in sources:
        for e in s.entities:
            if not e.about and any(is_a(e.type, q) for q in QUANTIFIED):
                for value in e.values.get("label", []):
                    found.setdefault(_key(str(value.value)), e.id)
    return found


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence around ``start``-``end`` (at most
    :data:`MAX_QUOTE` characters, cut at spaces around the words), without
    the spaces at its ends."""
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        begin = m.end()
    stop = next((m.start() for m in _SENTENCE_END.finditer(text, end)), len(text))
    if stop - begin > MAX_QUOTE:
        room = max(0, (MAX_QUOTE - (end - start)) // 2)
        begin = max(begin, start - room)
        stop = min(stop, end + room)
        begin = begin if begin == 0 or text[begin - 1].isspace() else text.find(" ", begin, start) + 1 or start
        cut = text.rfind(" ", end, stop)
        stop = cut if cut > end else stop
    while begin < start and text[begin].isspace():
        begin += 1
    while stop > end and text[stop - 1].isspace():
        stop -= 1
    return begin, stop


def _plain(value):
    """A value as a fact file writes it: Decimal as its digits."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Drafting:
    """The entries made so far, and what each figure took from its sentence."""

    def __init__(self, text: str, ids: _Ids, units: dict[str, str], types: dict[str, str]):
        self.text, self.ids, self.units, self.types = text, ids, units, types
        self.entries: list[Entry] = []
        self.notes: list[str] = []
        self.used: set[int] = set()  # the candidates made part of an entry (by id())
        self.about: dict[str, Entry] = {}
        self.spans: list[tuple[int, int, str]] = []  # each mention: where, and the entity
        self.labels: dict[str, str] = {}
        self.new_units: dict[str, str] = {}
        self.events: dict[str, Entry] = {}  # the events drafted, by label
        self.figures: dict[tuple[str, str], Entry] = {}  # the targets drafted, by their words and unit

    def quote(self, start: int, end: int) -> dict:
        return {"quote": self.text[start:end], "start": start, "end": end}

    def sentence_quote(self, start: int, end: int) -> dict:
        return self.quote(*sentence(self.text, start, end))

    def mentions(self, found: list) -> None:
        for c in found:
            about = c.fields.get("about")
            if about:
                self.spans.append((c.start, c.end, about))
            if not about or about in self.about:
                continue
            entry = Entry({"about": about, "type": c.fields.get("type"), "evidence": [self.quote(c.start, c.end)]})
            entry.at = c.start
            if c.fields.get("match") == "near" or c.fields.get("differs"):
                entry.checks.append(
                    f"a near match of {c.fields.get('graph_label', about)!r}: {c.fields.get('differs', 'not exact')}"
                )
            self.about[about] = entry
            self.entries.append(entry)
            self.used.add(id(c))

    def unit(self, c, field: str = "unit") -> tuple[str | None, list[str]]:
        """The unit (or, with ``field`` "per", the unit a rate is per) of a
        figure: the graph's, or a new entry made for it as suggest proposes
        (``new_unit``, ``new_per_unit``); None, with why, where it has none."""
        unit = c.fields.get(field)
        if unit is not None and (unit in self.units or unit in self.new_units):
            return str(unit), []
        proposed = c.fields.get("new_unit" if field == "unit" else "new_per_unit")
        if not isinstance(proposed, dict) or not proposed.get("id"):
            words = c.fields.get("unit_words" if field == "unit" else "per_words") or unit
            return None, [f"its unit {words!r} makes no identifier: name one" if words else "it has no unit"]
        new = str(proposed["id"])
        if new in self.ids.taken and new not in self.new_units:  # an id of this draft's own: another name
            new = self.ids.new(new, "unit")
        self.ids.taken.add(new)
        self.new_units[new] = str(proposed.get("label", new))
        data = {"id": new, "type": proposed.get("type", "CountUnit"), "label": proposed.get("label", new)}
        if proposed.get("iso4217"):
            data["iso4217"] = proposed["iso4217"]
        start, end = (c.figure[1], c.figure[2]) if c.figure and c.figure[2] > c.figure[1] else (c.start, c.end)
        entry = Entry({**data, "evidence": [self.quote(start, end)]}, at=c.start - 1)
        words = c.fields.get("unit_words" if field == "unit" else "per_words") or c.quote
        entry.checks.append(f"a new {data['type']} for {words!r}: the graph has none that fits")
        self.entries.append(entry)
        return new, []

    def held(self, c) -> str | None:
        """The graph's target or financing that a figure is: one whose
        mention covers it, or whose label it is."""
        for start, end, about in self.spans:
            if start <= c.start and c.end <= end and self.types.get(about) in _QUANTIFIED:
                return about
        return self.labels.get(_key(c.quote))

    def target(self, c, timing: list) -> None:
        held = self.held(c)
        if held is not None:  # the graph has it: the mention's about: entry stands for it
            if held not in self.about:
                entry = Entry({"about": held, "type": self.types[held], "evidence": [self.quote(c.start, c.end)]})
                entry.at = c.start
                entry.checks.append(f"the figure {c.quote!r} is labelled as the graph's {held!r}: is it the same?")
                self.about[held] = entry
                self.entries.append(entry)
            self.used.add(id(c))
            return
        unit, problems = self.unit(c)
        if unit is None:
            self.notes.append(f"{c.kind} {c.quote!r} at {c.start}-{c.end}: " + ("; ".join(problems) or "no unit"))
            self.used.add(id(c))
            return
        begin, stop = sentence(self.text, c.start, c.end)
        again = self.figures.get((_key(c.quote), unit))
        if again is not None:  # the same figure stated again (a summary, an annex): one target, another quote
            if self.quote(begin, stop) not in again.data["evidence"]:
                again.data["evidence"].append(self.quote(begin, stop))
            self.used.add(id(c))
            return
        data = {"id": self.ids.new(c.quote, "target"), "type": "Target", "label": c.quote}
        data.update(value=_plain(c.fields["value"]), unit=unit, bound=c.fields.get("bound", "exact"))
        figure = c.figure or (c.start, c.end, c.end)
        data["stated_as"] = self.text[figure[0] : figure[2]] if figure[2] > figure[0] else c.quote
        entry = Entry(data, at=c.start)
        per = c.fields.get("per")
        if isinstance(per, str) and re.fullmatch(r"P\d+[YMWD]", per):
            data["per"] = per
        elif per is not None:
            per_unit, why = self.unit(c, "per")
            if per_unit is not None:
                data["per"] = per_unit
            else:
                entry.checks.append(f"a rate per {per!r} left out: {'; '.join(why)}")
        entry.checks.append("a figure, drafted as a Target: is it a commitment (else a Financing, a Progress?)")
        for t in timing:
            if id(t) not in self.used and begin <= t.start and t.end <= stop:
                self.timing(entry, t)
        data["evidence"] = [self.quote(begin, stop)]
        self.figures[(_key(c.quote), unit)] = entry
        self.entries.append(entry)
        self.used.add(id(c))

    def timing(self, entry: Entry, t) -> None:
        """A period or due date of the figure's sentence, on its target."""
        key = "period" if t.kind == "period" else "due"
        if key in entry.data or not t.fields.get(key):
            return
        entry.data[key] = _plain(t.fields[key])
        entry.checks.append(f"{key} from {t.quote!r}")
        self.used.add(id(t))

    def event(self, c, ordinals: list) -> None:
        dates = {k: v for k, v in c.fields.items() if k in {"start_date", "end_date"}}
        if not dates or not all(_PARTIAL_DATE.fullmatch(str(v)) for v in dates.values()):
            return
        begin, stop = sentence(self.text, c.start, c.end)
        known = next(
            (e for e in self.about.values() if self.types.get(e.data["about"], "") in _EVENTS and begin <= e.at < stop),
            None,
        )
        if known is not None and not any(k in known.data for k in dates):
            known.data.update(dates)
            known.checks.append(f"dates from {c.quote!r}: are they this event's?")
            self.used.add(id(c))
            return
        ordinal = next((o for o in ordinals if begin <= o.start and o.end <= stop), None)
        self.new_event(c, dates, ordinal, (begin, stop))

    def new_event(self, c, dates: dict, ordinal, span: tuple[int, int]) -> None:
        label = ordinal.quote if ordinal is not None else f"Event of {c.quote}"
        self.used.add(id(c))
        if ordinal is not None:
            self.used.add(id(ordinal))
        same = self.events.get(_key(label))
        if same is not None:  # the same event again: one entry, another quote
            if self.quote(*span) not in same.data["evidence"]:
                same.data["evidence"].append(self.quote(*span))
            return
        kind = "Summit" if "summit" in label.lower() else "Event"
        data = {"id": self.ids.new(label, "event"), "type": kind, "label": label, **dates}
        entry = Entry(data, at=c.start)
        entry.checks.append(f"an {kind} dated by {c.quote!r}: name it, or add the dates to an event of the graph")
        if ordinal is not None:
            data["ordinal"] = ordinal.fields.get("ordinal")
        data["evidence"] = [self.quote(*span)]
        self.events[_key(label)] = entry
        self.entries.append(entry)

    def progress(self, c) -> None:
        """A progress report toward a target of the graph: the one suggest
        names, else the first it proposes (a guess, marked)."""
        proposed = c.fields.get("toward_candidates") or []
        toward = c.fields.get("toward") or (proposed[0] if proposed else None)
        unit = c.fields.get("unit")
        if not toward or not c.fields.get("as_of") or (unit is not None and unit not in self.units):
            return
        label = " ".join(c.quote.split()[:12]) + (" ..." if len(c.quote.split()) > 12 else "")
        data: dict = {"id": self.ids.new(f"progress {c.quote}", "progress"), "type": "Progress", "label": label}
        data.update({k: _plain(v) for k, v in c.fields.items() if k in _PROGRESS_FIELDS})
        data["toward"] = toward
        entry = Entry(data, at=c.start)
        others = [t for t in proposed if t != toward]
        entry.checks.append(
            f"progress toward {toward!r}" + (f" (or {', '.join(map(repr, others))})" if others else "") + ": is it?"
        )
        data["evidence"] = [self.sentence_quote(c.start, c.end)]
        self.entries.append(entry)
        self.used.add(id(c))

    def leftovers(self, candidates: list) -> None:
        for c in candidates:
            if id(c) not in self.used and c.kind != "mention":
                said = ", ".join(f"{k}: {_plain(v)}" for k, v in c.fields.items())
                self.notes.append(f"{c.kind} {c.quote!r} at {c.start}-{c.end}: {said}")


_EVENTS = frozenset({"Event", "Summit", "Visit"})
_QUANTIFIED = frozenset({"Target", "Financing", "Loan"})
_PROGRESS_FIELDS = ("toward", "as_of", "value", "unit", "bound", "stated_as", "share", "completion")


# ---------------------------------------------------------------- the file
def entries_yaml(draft: Draft) -> str:
    """The entries as the items of ``entities:``, each with its ``# check:``
    lines, then the candidates left as comments."""
    from .writing import dump

    parts = []
    for entry in draft.entries:
        checks = "".join(f"  # check: {_one_line(check)}\n" for check in entry.checks)
        body = dump([entry.data])
        parts.append(checks + "".join(f"  {line}\n" for line in body.splitlines()))
    if draft.notes:
        parts.append("  # suggest found these, which the draft could not make entries of:\n")
        parts.extend(f"  #   {_one_line(note)}\n" for note in draft.notes)
    return "".join(parts)


def _one_line(text: str) -> str:
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


@dataclass
class DraftResult:
    """What :func:`draft_source` wrote."""

    fact_file: Path
    entries: int
    checks: int
    dropped: int  # entries the build would refuse, left as comments


def draft_source(
    text_path: str | Path,
    source_id: str,
    label: str,
    *,
    sources: Iterable[SourceFile] = (),
    project=None,
    **metadata: str | None,
) -> DraftResult:
    """Write a draft fact file for the text at ``text_path`` (where
    :func:`~.project.new_source` would write its skeleton, with the same
    checks of the options and the same ``metadata``: kind, published,
    publisher, language), drafted against the fact files ``sources``.
    It is read back with them and with the files beside it, as ``build``
    reads them, before it is written; an entry the build would refuse
    becomes a comment with the reason. Never overwrites a file."""
    from .project import _skeleton, plan_new_source

    new = plan_new_source(text_path, source_id, label, project=project, **metadata)
    text = new.data.decode("utf-8")
    sources = [s for s in sources if Path(s.path).resolve() != new.fact_file.resolve()]
    draft = draft_entries(text, sources, metadata.get("language"))
    dropped = _drop_refused(draft, new, label, sources)
    new.write(_skeleton(new.head, label, entries_yaml(draft)).encode("utf-8"))
    return DraftResult(new.fact_file, len(draft.entries), draft.checks, dropped)


def _drop_refused(draft: Draft, new, label: str, sources: list[SourceFile]) -> int:
    """Read the draft back as a build reads it with ``sources`` and the
    files beside it; turn each entry it refuses into a note. How many."""
    from .project import _skeleton

    dropped = 0
    for _ in range(len(draft.entries) + 1):
        body = _skeleton(new.head, label, entries_yaml(draft))
        refused = _refused(new.fact_file, body, sources)
        if not refused:
            return dropped
        keep = []
        for i, entry in enumerate(draft.entries):
            if i in refused:
                draft.notes.append(f"{entry.data.get('type')} {entry.data.get('label', '')!r}: {refused[i]}")
                dropped += 1
            else:
                keep.append(entry)
        draft.entries = keep
    return dropped  # pragma: no cover - each round drops at least one entry


def _refused(fact_file: Path, body: str, sources: list[SourceFile]) -> dict[int, str]:
    """The entries (by index) that reading ``body`` at ``fact_file`` with the
    other files refuses, each with its first message."""
    from .loader import check_together, read_beside
    from .reader import read_source_file

    try:
        mine = read_source_file(fact_file, raw=body.encode("utf-8"))
        beside, whole = read_beside(fact_file)
        known = {str(Path(s.path).resolve()) for s in sources}
        others = [s for s in beside if s is not None and str(Path(s.path).resolve()) not in known]
        # no file beside it yet (read_beside finds none): the fact files given are all a build reads with it
        resolve = whole or not beside
        errors = [e for e in check_together([*sources, *others, mine], resolve=resolve) if e.path == str(fact_file)]
    except SourceErrors as exc:
        errors = exc.errors
    except SourceError as exc:
        errors = [exc]
    refused: dict[int, str] = {}
    for error in errors:
        m = re.match(r"entities\[(\d+)\]", error.field or "")
        if m is None:  # the file as a whole: nothing an entry can be dropped for
            raise error
        where = (error.field or "").split(".", 1)[-1]
        refused.setdefault(int(m.group(1)), f"{where}: {error.message}")
    return refused
