"""Whether each commitment is being kept: the status the build derives for
every Target, and every undertaking that has a due date, a period,
progress or an assessment (docs/source-format.md, "Tracking commitments").

The facts are gathered with SPARQL on the dataset's store (the engine does
the joins); the rule table is applied in plain Python, one small function
per rule, tried in the table's order. Nothing reads the clock: a status is
taken as of the date asked for, else the greatest ``jv:published`` of the
sources, so the same data give the same bytes.

:func:`statuses` gives the statuses as records (for the command line),
:func:`derive_statuses` as quads of the graph :data:`STATUS_GRAPH`,
:func:`with_statuses` the dataset with that graph added, and
:func:`summaries` the compliance per party, direction, event or source.

>>> from datetime import date
>>> day_range("2031-12")
(datetime.date(2031, 12, 1), datetime.date(2031, 12, 31))
>>> elapsed_share(date(2030, 1, 1), date(2030, 12, 31), date(2030, 12, 31))
Fraction(1, 1)
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import pyoxigraph as ox

from ..errors import JointVisionError
from ..source.kinds import decimal_lexical
from ..source.schema import TYPES, is_a
from .dataset import Dataset, quad_key
from .iris import RDF_TYPE, STATUS_GRAPH, VOCAB
from .typed import select

PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: The statuses (local names in ``jv:``), in the order the rule table tries them.
STATUSES: tuple[str, ...] = ("Disputed", "Achieved", "Missed", "OnTrack", "Behind", "NotYetDue", "NoInformation")
#: How people read each status.
STATUS_LABELS: dict[str, str] = {
    "Disputed": "disputed",
    "Achieved": "achieved",
    "Missed": "missed",
    "OnTrack": "on track",
    "Behind": "behind",
    "NotYetDue": "not yet due",
    "NoInformation": "no information",
}
#: The rule (an individual of ``jv:StatusRule``) that gives each status.
RULES: dict[str, str] = {status: status + "Rule" for status in STATUSES}
#: The places the shares are written with, in per cent (``jv:shareReached``,
#: ``jv:shareElapsed``, the share kept): 31.18; and the average scores: 0.3333.
PERCENT_PLACES, SCORE_PLACES = 2, 4
#: How close an ``about`` amount must come to the target's value to reach it.
ABOUT = Fraction(95, 100)
#: The groupings of :func:`summaries`.
GROUPINGS: tuple[str, ...] = ("party", "direction", "event", "source")

_COMMITMENT_CLASSES = " ".join(f"jv:{t}" for t in TYPES if t == "Target" or is_a(t, "Undertaking"))
_DOCUMENT_CLASSES = " ".join(f"jv:{t}" for t in TYPES if is_a(t, "Document"))
_PREFIXES = f"""PREFIX jv: <{VOCAB}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


# ------------------------------------------------------------ dates
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?(?:-([0-9]{2}))?")


def day_range(text: str) -> tuple[date, date] | None:
    """The first and last day of a year (``2031``), a year and month
    (``2031-12``) or a day (``2031-12-05``), a time zone ignored; None for
    anything else.

    >>> day_range("2031")
    (datetime.date(2031, 1, 1), datetime.date(2031, 12, 31))
    >>> day_range("31 December") is None
    True
    """
    found = _DATE.match(text)
    if not found or (found.end() < len(text) and text[found.end()] not in "Z+-"):
        return None
    year, month, day = (int(g) if g else None for g in found.groups())
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)  # type: ignore[arg-type]
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])  # type: ignore[arg-type]
        return date(year, month, day), date(year, month, day)  # type: ignore[arg-type]
    except ValueError:
        return None


def as_of_date(value: date | str | None) -> date | None:
    """The date a status is taken as of: a date as it is; a year, month or
    day written as text counted from its last day ("by the end of 2031");
    None as None. Anything else is a :class:`JointVisionError` (exit 2).

    >>> as_of_date("2032-05")
    datetime.date(2032, 5, 31)
    >>> as_of_date("tomorrow")
    Traceback (most recent call last):
    ...
    jointvision.errors.JointVisionError: the as-of date must be a day, month or year (2032-05-15), got 'tomorrow'
    """
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    found = day_range(text) if re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", text) else None
    if found is None:
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise JointVisionError(f"the as-of date must be a day, month or year (2032-05-15), got {shown!r}")
    return found[1]


def _after(day: date, duration: str) -> date | None:
    """The last day of a period of ``duration`` (``P5Y``, ``P1Y6M``, ``P30D``) that starts on ``day``."""
    found = re.fullmatch(r"P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)D)?", duration)
    if not found or duration == "P":
        return None
    years, months, days = (int(g or 0) for g in found.groups())
    month = day.month - 1 + months + 12 * years
    year, month = day.year + month // 12, month % 12 + 1
    try:
        end = date(year, month, min(day.day, calendar.monthrange(year, month)[1])) + timedelta(days=days)
    except (ValueError, OverflowError):
        return None
    return end - timedelta(days=1)


def elapsed_share(first: date, last: date, day: date) -> Fraction:
    """The share of the period from ``first`` to ``last`` (whole days, both
    counted) that has gone by the end of ``day``: 0 before it begins, 1 from
    its last day on.

    >>> elapsed_share(date(2030, 1, 1), date(2030, 1, 10), date(2030, 1, 2))
    Fraction(1, 5)
    """
    if day < first:
        return Fraction(0)
    if day >= last:
        return Fraction(1)
    return Fraction((day - first).days + 1, (last - first).days + 1)


def rounded(value: Fraction, places: int = SCORE_PLACES) -> Decimal:
    """A number as a decimal of ``places`` places, exactly (half to even).

    >>> rounded(Fraction(-1, 3))
    Decimal('-0.3333')
    """
    return Decimal(round(value * 10**places)).scaleb(-places)


def per_cent(share: Fraction) -> Decimal:
    """A share (1 is the whole) in per cent, to :data:`PERCENT_PLACES` places.

    >>> per_cent(Fraction(662, 2123))
    Decimal('31.18')
    """
    return rounded(share * 100, PERCENT_PLACES)


# ------------------------------------------------------------ the records
@dataclass
class Report:
    """A progress report or an assessment of a commitment, as the data give it."""

    node: str
    kind: str  # "progress" or "assessment"
    date: date | None = None  # progress: the last day of its as_of; an assessment: its source's date
    as_of: str = ""  # the as_of as written (year, month or day)
    amount: Decimal | None = None
    stated_as: str = ""
    share: Decimal | None = None  # per cent
    level: str | None = None  # a completion level's local name (Complete, Substantial, ...)
    party: str | None = None
    score: Decimal | None = None
    source: str | None = None
    source_label: str = ""


@dataclass
class Commitment:
    """A Target or undertaking, with what its status is judged from."""

    node: str
    label: str = ""
    value: Decimal | None = None
    bound: str | None = None  # the bound's local name (Exact, AtLeast, AtMost, Approximately)
    stated_as: str = ""
    due: date | None = None  # its last day
    first: date | None = None  # the period's first day
    last: date | None = None  # the period's last day
    made_on: date | None = None  # the day of the source that made it
    reports: list[Report] = field(default_factory=list)
    groups: dict[str, dict[str, str]] = field(default_factory=dict)  # grouping -> {IRI: label}

    @property
    def deadline(self) -> date | None:
        """The due date, else the period's end."""
        return self.due or self.last

    @property
    def window(self) -> tuple[date, date] | None:
        """The time its share elapsed runs over: its period, or the time from
        the source that made it to the due date."""
        start = self.first or (self.made_on if self.due else None)
        end = self.last or self.due
        return (start, end) if start and end and start <= end else None


@dataclass(frozen=True)
class Status:
    """The status of one commitment as of a date, the rule that gave it,
    the shares it compared, and the reports it rests on."""

    commitment: Commitment
    status: str
    as_of: date | None
    reached: Fraction | None = None
    elapsed: Fraction | None = None
    used: tuple[Report, ...] = ()
    latest: tuple[Report, ...] = ()  # the latest progress counted (else the latest levels), for people

    @property
    def rule(self) -> str:
        """The local name of the rule that gave the status."""
        return RULES[self.status]

    @property
    def label(self) -> str:
        """The status as people read it."""
        return STATUS_LABELS[self.status]


# ------------------------------------------------------------ gathering the facts
def _solutions(dataset: Dataset, query: str) -> Iterable[dict[str, str]]:
    """The rows of a query the module wrote, each value as text (unbound ones left out)."""
    answer = select(dataset.store, _PREFIXES + query)
    names = [v.value for v in answer.variables]
    blank = ox.BlankNode
    for solution in answer:  # by position: the quickest way through pyoxigraph's solutions
        yield {name: term.value for name, term in zip(names, solution) if term is not None and type(term) is not blank}


def _local(iri: str | None) -> str | None:
    return iri[len(VOCAB) :] if iri and iri.startswith(VOCAB) else None


def _number(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text is not None else None
    except InvalidOperation:
        return None


def _first_day(text: str | None) -> date | None:
    found = day_range(text) if text else None
    return found[0] if found else None


def _last_day(text: str | None) -> date | None:
    found = day_range(text) if text else None
    return found[1] if found else None


#: The order labels are preferred in: English, then untagged, then by language tag and text (a
#: commitment or group stated in several languages is named in English, as the pages name it first).
def preferred_order(var: str) -> str:
    """ORDER BY keys that put the preferred text of ``?var`` first: English,
    then untagged, then by language tag and text."""
    return f'(LANG(?{var}) != "en") (LANG(?{var}) != "") LANG(?{var}) STR(?{var})'


_LABEL_ORDER = preferred_order("n")

_COMMITMENTS = f"""SELECT DISTINCT ?c ?n WHERE {{
  {{ ?c a jv:Target }}
  UNION {{ VALUES ?class {{ {_COMMITMENT_CLASSES} }} ?c a ?class .
          {{ ?c jv:due ?any }} UNION {{ ?c jv:period ?any }} UNION {{ ?any jv:toward ?c }} }}
  OPTIONAL {{ ?c rdfs:label ?n }}
}} ORDER BY ?c {_LABEL_ORDER}"""

# the figure: the node the defining source states (<id>_quantity) first, then the others by IRI
_FIGURES = f"""SELECT ?c ?d ?v ?w ?x WHERE {{
  ?c jv:quantity ?d . ?d jv:numericValue ?v .
  OPTIONAL {{ ?d jv:bound ?w }} OPTIONAL {{ ?d jv:statedAs ?x }}
}} ORDER BY ?c DESC(STRENDS(STR(?d), "_quantity")) STR(?d) STR(?v) STR(?w) {preferred_order("x")}"""

_DUES = "SELECT ?c ?v WHERE { ?c jv:due ?v } ORDER BY ?c STR(?v)"

_PERIODS = """SELECT ?c ?d ?v ?w ?x ?y ?z WHERE {
  ?c jv:period ?d .
  OPTIONAL { ?d jv:startYear ?v } OPTIONAL { ?d jv:endYear ?w }
  OPTIONAL { ?d jv:startsOn ?x } OPTIONAL { ?d jv:endsOn ?y }
  OPTIONAL { ?d jv:duration ?dur . ?d jv:anchoredTo/jv:startDate ?anchor
             BIND (CONCAT(STR(?anchor), "/", STR(?dur)) AS ?z) }
} ORDER BY ?c DESC(STRENDS(STR(?d), "_period")) STR(?d) STR(?v) STR(?w) STR(?x) STR(?y) STR(?z)"""

# the sources that state the commitment, the earliest first (undated last): the first made it
_MAKERS = f"""SELECT ?c ?s ?sl ?v WHERE {{
  VALUES ?class {{ {_COMMITMENT_CLASSES} }}
  GRAPH ?g {{ ?c a ?class }}
  ?s jv:namedGraph ?g .
  OPTIONAL {{ ?s rdfs:label ?sl }}
  OPTIONAL {{ ?s jv:published ?v }}
}} ORDER BY ?c (!BOUND(?v)) STR(?v) STR(?s) {preferred_order("sl")}"""

_PROGRESS = f"""SELECT ?c ?d ?v ?w ?x ?y ?z ?s ?sl ?n WHERE {{
  GRAPH ?g {{ ?d a jv:Progress ; jv:toward ?c }}
  ?s jv:namedGraph ?g .
  OPTIONAL {{ ?s rdfs:label ?sl }}
  OPTIONAL {{ ?s jv:published ?z }}
  OPTIONAL {{ ?d jv:asOf ?v }}
  OPTIONAL {{ ?d jv:quantity ?q . ?q jv:numericValue ?w OPTIONAL {{ ?q jv:statedAs ?n }} }}
  OPTIONAL {{ ?d jv:share ?x }}
  OPTIONAL {{ ?d jv:completion ?y }}
}} ORDER BY ?c ?d STR(?s) {preferred_order("sl")} STR(?v) STR(?w) STR(?x) STR(?y) {preferred_order("n")}"""

_ASSESSMENTS = f"""SELECT ?c ?d ?v ?w ?x ?y ?z ?s ?sl WHERE {{
  GRAPH ?g {{ ?d a jv:Assessment ; jv:toward ?c }}
  ?s jv:namedGraph ?g .
  OPTIONAL {{ ?s rdfs:label ?sl }}
  OPTIONAL {{ ?s jv:published ?z }}
  OPTIONAL {{ ?d jv:covers/jv:endsOn ?v }}
  OPTIONAL {{ ?d jv:completion ?w }}
  OPTIONAL {{ ?d jv:assessedParty ?x }}
  OPTIONAL {{ ?d jv:complianceScore ?y }}
}} ORDER BY ?c ?d STR(?s) {preferred_order("sl")} STR(?v) STR(?w) STR(?x) STR(?y)"""


def _each(dataset: Dataset, query: str, found: dict[str, Commitment]) -> Iterable[tuple[Commitment, dict[str, str]]]:
    """Each row of a query that is about one of the commitments found, with it."""
    for row in _solutions(dataset, query):
        c = found.get(row["c"])
        if c is not None:
            yield c, row


def _gather(dataset: Dataset, grouped: bool = True) -> dict[str, Commitment]:
    """Every commitment: each target, and each undertaking with a due date,
    a period, progress or an assessment; with its figure, dates, reports and (if ``grouped``) groups
    (where sources differ, the first row of each query's order). A status
    needs no group: only the summaries do."""
    found: dict[str, Commitment] = {}
    for row in _solutions(dataset, _COMMITMENTS):  # the first label in _LABEL_ORDER
        found.setdefault(row["c"], Commitment(row["c"], row.get("n", "")))
    for c, row in _each(dataset, _FIGURES, found):
        if c.value is None:
            c.value, c.bound, c.stated_as = _number(row["v"]), _local(row.get("w")), row.get("x", "")
    for c, row in _each(dataset, _DUES, found):
        c.due = c.due or _last_day(row["v"])
    for c, row in _each(dataset, _PERIODS, found):
        if c.first is None and c.last is None:
            c.first, c.last = _period(row)
    for c, row in _each(dataset, _MAKERS, found):
        if "source" not in c.groups:
            c.made_on = _first_day(row.get("v"))
            c.groups["source"] = {row["s"]: row.get("sl", "")}
    _reports(dataset, found)
    if grouped:
        _groups(dataset, found)
    return found


def _period(row: dict[str, str]) -> tuple[date | None, date | None]:
    """A period's first and last day: from its years, its bounds at any
    precision, or its duration from the day of the event it is anchored to."""
    first = _first_day(row.get("x")) or _first_day(row.get("v"))
    last = _last_day(row.get("y")) or _last_day(row.get("w"))
    if "z" in row and (first is None or last is None):
        anchor, duration = row["z"].rsplit("/", 1)
        start = _first_day(anchor)
        if start is not None:
            first, last = first or start, last or _after(start, duration)
    return first, last


def _progress(row: dict[str, str]) -> Report:
    """A progress report, dated by its as_of (else its source's date)."""
    return Report(
        row["d"],
        "progress",
        _last_day(row.get("v")) or _first_day(row.get("z")),
        as_of=row.get("v", ""),
        amount=_number(row.get("w")),
        stated_as=row.get("n", ""),
        share=_number(row.get("x")),
        level=_local(row.get("y")),
        source=row["s"],
        source_label=row.get("sl", ""),
    )


def _assessment(row: dict[str, str]) -> Report:
    """An assessment, dated by its source's date (else the end of the time it covers)."""
    return Report(
        row["d"],
        "assessment",
        _first_day(row.get("z")) or _last_day(row.get("v")),
        as_of=row.get("z") or row.get("v", ""),
        level=_local(row.get("w")),
        party=row.get("x"),
        score=_number(row.get("y")),
        source=row["s"],
        source_label=row.get("sl", ""),
    )


def _reports(dataset: Dataset, found: dict[str, Commitment]) -> None:
    """The progress reports and assessments of each commitment (one each
    by node: the first row of the query's order)."""
    seen: set[str] = set()
    for query, make in ((_PROGRESS, _progress), (_ASSESSMENTS, _assessment)):
        for row in _solutions(dataset, query):
            c = found.get(row["c"])
            if c is not None and row["d"] not in seen:
                seen.add(row["d"])
                c.reports.append(make(row))


_PARTIES = (
    """SELECT DISTINCT ?c ?v ?n WHERE {
  { ?c jv:flowFrom ?v } UNION { ?c jv:flowTo ?v } UNION { ?c jv:flowBetween ?v } UNION { ?c jv:involves ?v }
  UNION { ?c jv:lender ?v } UNION { ?c jv:borrower ?v }
  UNION { ?a a jv:Assessment ; jv:toward ?c ; jv:assessedParty ?v }
  OPTIONAL { ?v rdfs:label ?n }
} ORDER BY ?c ?v """
    + _LABEL_ORDER
)
_DIRECTIONS = (
    """SELECT DISTINCT ?c ?v ?n WHERE { ?c jv:underDirection ?v OPTIONAL { ?v rdfs:label ?n } }
ORDER BY ?c ?v """
    + _LABEL_ORDER
)
# the event that made it: what its source reports on, or where a document of that source was adopted
_EVENTS = f"""SELECT DISTINCT ?c ?v ?n WHERE {{
  {{ ?c jv:reportsOn ?v }}
  UNION {{ ?c jv:namedGraph ?g GRAPH ?g {{ VALUES ?kind {{ {_DOCUMENT_CLASSES} }} ?doc a ?kind ; jv:adoptedAt ?v }} }}
  OPTIONAL {{ ?v rdfs:label ?n }}
}} ORDER BY ?c ?v {_LABEL_ORDER}"""


def _groups(dataset: Dataset, found: dict[str, Commitment]) -> None:
    """The parties, directions and events of each commitment (its source is set already)."""
    for grouping, query in (("party", _PARTIES), ("direction", _DIRECTIONS)):
        for c, row in _each(dataset, query, found):
            c.groups.setdefault(grouping, {}).setdefault(row["v"], row.get("n", ""))  # the first label in order
    events: dict[str, dict[str, str]] = {}
    for row in _solutions(dataset, _EVENTS):  # by source
        events.setdefault(row["c"], {}).setdefault(row["v"], row.get("n", ""))
    for c in found.values():
        c.groups["event"] = {
            iri: name for source in c.groups.get("source", {}) for iri, name in events.get(source, {}).items()
        }


def data_as_of(dataset: Dataset) -> date | None:
    """The date statuses are taken as of by default: the greatest
    ``jv:published`` of the sources (its last day), or None where no source
    gives one."""
    days = [_last_day(row.get("v")) for row in _solutions(dataset, "SELECT DISTINCT ?v WHERE { ?s jv:published ?v }")]
    known = [d for d in days if d is not None]
    return max(known) if known else None


# ------------------------------------------------------------ the rules
def _latest_key(report: Report) -> tuple:
    return (report.date or date.min, report.node)


@dataclass(frozen=True)
class _Case:
    """One commitment and the reports that count as of the date: those
    dated on or before it (all of them where no date is known)."""

    c: Commitment
    as_of: date | None
    counted: tuple[Report, ...]

    @classmethod
    def of(cls, commitment: Commitment, as_of: date | None) -> _Case:
        counted = [r for r in commitment.reports if as_of is None or (r.date is not None and r.date <= as_of)]
        return cls(commitment, as_of, tuple(sorted(counted, key=_latest_key)))

    def latest(self, keep: Callable[[Report], bool]) -> tuple[Report, ...]:
        """The counted reports ``keep`` admits that have the greatest date."""
        kept = [r for r in self.counted if keep(r)]
        return tuple(r for r in kept if (r.date or date.min) == (kept[-1].date or date.min)) if kept else ()

    @property
    def figure(self) -> Report | None:
        """The latest progress that gives an amount or a share."""
        found = self.latest(lambda r: r.kind == "progress" and (r.amount is not None or r.share is not None))
        return found[-1] if found else None

    @property
    def levels(self) -> tuple[Report, ...]:
        """The latest completion levels, from progress or an assessment."""
        return self.latest(lambda r: r.level is not None)

    def reached(self, report: Report | None) -> Fraction | None:
        """The share of the target a report says is reached: its amount over
        the target's value, or its share."""
        if report is not None and report.share is not None:
            return Fraction(report.share) / 100
        if report is not None and report.amount is not None and self.c.value:
            return Fraction(report.amount) / Fraction(self.c.value)
        return None

    def elapsed(self, day: date | None) -> Fraction | None:
        """The share of the commitment's time gone by the end of ``day``."""
        window = self.c.window
        return elapsed_share(window[0], window[1], day) if window and day else None


@dataclass(frozen=True)
class _Verdict:
    status: str
    used: tuple[Report, ...] = ()
    reached: Fraction | None = None
    elapsed: Fraction | None = None


def _disputed(case: _Case) -> _Verdict | None:
    """The latest reports of progress (the same date) give different amounts, shares or levels."""
    latest = case.latest(lambda r: r.kind == "progress")
    figures = {case.reached(r) or ("amount", r.amount) for r in latest if r.amount is not None or r.share is not None}
    levels = {r.level for r in latest if r.level is not None}
    return _Verdict("Disputed", latest) if len(figures) > 1 or len(levels) > 1 else None


def _reaches(c: Commitment, reached: Fraction | None, report: Report) -> bool:
    """Whether a report's figure reaches the target: a share of 100 % or
    more; an amount at its value (an ``about`` target: within 5 %)."""
    if report.share is not None:
        return report.share >= 100
    if reached is None or report.amount is None or c.bound == "AtMost":
        return False
    return reached >= (ABOUT if c.bound == "Approximately" else 1)


def _achieved(case: _Case) -> _Verdict | None:
    """The latest figure reaches the target, or the latest completion level is ``complete``."""
    figure = case.figure
    reached = case.reached(figure)
    if figure is not None and _reaches(case.c, reached, figure):
        return _Verdict("Achieved", (figure,), reached)
    complete = tuple(r for r in case.levels if r.level == "Complete")
    return _Verdict("Achieved", complete, reached) if complete else None


def _missed(case: _Case) -> _Verdict | None:
    """The due date (else the period's end) has passed, and it is not achieved
    (judged only where something is reported: else nothing says it is not)."""
    deadline = case.c.deadline
    if case.as_of is None or deadline is None or case.as_of <= deadline or not case.counted:
        return None
    figure = case.figure
    chosen = {r.node: r for r in ([figure] if figure else []) + list(case.levels)}
    used = tuple(sorted(chosen.values(), key=_latest_key)) or case.counted[-1:]
    return _Verdict("Missed", used, case.reached(figure))


def _measured(case: _Case) -> tuple[Report, Fraction, Fraction] | None:
    """The latest figure, the share it reached, and the share of the time
    gone by its date: what on track and behind compare."""
    figure = case.figure
    reached = case.reached(figure)
    if case.as_of is None or figure is None or figure.date is None or reached is None:
        return None
    elapsed = case.elapsed(figure.date)
    return (figure, reached, elapsed) if elapsed is not None else None


def _on_track(case: _Case) -> _Verdict | None:
    """The share reached is at least the share of the time gone by the report's date."""
    found = _measured(case)
    return _Verdict("OnTrack", (found[0],), found[1], found[2]) if found and found[1] >= found[2] else None


def _behind(case: _Case) -> _Verdict | None:
    """The share reached is less than the share of the time gone by the report's date."""
    found = _measured(case)
    return _Verdict("Behind", (found[0],), found[1], found[2]) if found and found[1] < found[2] else None


def _not_yet_due(case: _Case) -> _Verdict | None:
    """Nothing is reported, and its period (or the time up to its due date) has not begun."""
    c = case.c
    start = c.first or (c.made_on if c.due else None)
    if case.as_of is None or case.counted or start is None or case.as_of >= start:
        return None
    return _Verdict("NotYetDue", elapsed=Fraction(0))


def _no_information(case: _Case) -> _Verdict:
    """None of the above can be judged."""
    return _Verdict("NoInformation", case.levels, case.reached(case.figure))


#: The rule table, in its order: the first that applies gives the status.
RULE_TABLE: tuple[Callable[[_Case], _Verdict | None], ...] = (
    _disputed,
    _achieved,
    _missed,
    _on_track,
    _behind,
    _not_yet_due,
    _no_information,
)


def judge(commitment: Commitment, as_of: date | None) -> Status:
    """The status of one commitment as of a date (None: no date known),
    by the first rule of :data:`RULE_TABLE` that applies."""
    case = _Case.of(commitment, as_of)
    verdict = next(v for v in (rule(case) for rule in RULE_TABLE) if v is not None)
    elapsed = verdict.elapsed if verdict.elapsed is not None else case.elapsed(as_of)
    latest = case.latest(lambda r: r.kind == "progress") or case.levels
    return Status(commitment, verdict.status, as_of, verdict.reached, elapsed, verdict.used, latest)


def statuses(dataset: Dataset, as_of: date | str | None = None, *, grouped: bool = True) -> list[Status]:
    """The status of every commitment (each target, and each undertaking
    with a due date, a period, progress or an assessment), as of ``as_of`` (a date, or a year, month or day as text),
    else as of the latest source's date; sorted by the commitment's IRI.
    With ``grouped`` false, the commitments' parties, directions and events
    are not gathered (the build derives statuses without them)."""
    day = as_of_date(as_of) if as_of is not None else data_as_of(dataset)
    return [judge(c, day) for _, c in sorted(_gather(dataset, grouped).items())]


# ------------------------------------------------------------ the derived graph
def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def status_quads(status: Status) -> list[ox.Quad]:
    """One status as quads of :data:`STATUS_GRAPH`."""
    node, graph = ox.NamedNode(status.commitment.node + "_status"), ox.NamedNode(STATUS_GRAPH)
    return [ox.Quad(node, ox.NamedNode(p), o, graph) for p, o in _statements(status)]


def _statements(status: Status) -> list[tuple[str, ox.NamedNode | ox.Literal]]:
    """What a status states: (predicate IRI, object) pairs of its node."""
    c, jv = status.commitment, VOCAB
    objects: list[tuple[str, ox.NamedNode | ox.Literal]] = [
        (RDF_TYPE, ox.NamedNode(jv + "DerivedStatus")),
        (jv + "statusOf", ox.NamedNode(c.node)),
        (jv + "status", ox.NamedNode(jv + status.status)),
        (jv + "statusRule", ox.NamedNode(jv + status.rule)),
        (PROV + "wasDerivedFrom", ox.NamedNode(c.node)),
    ]
    objects += [(PROV + "wasDerivedFrom", ox.NamedNode(r.node)) for r in status.used]
    if status.as_of is not None:
        objects.append((jv + "statusAsOf", _typed(status.as_of.isoformat(), "date")))
    for name, share in (("shareReached", status.reached), ("shareElapsed", status.elapsed)):
        if share is not None:
            objects.append((jv + name, _typed(decimal_lexical(per_cent(share)), "decimal")))
    return objects


def derive_statuses(dataset: Dataset, as_of: date | str | None = None) -> list[ox.Quad]:
    """The quads of the status graph (:data:`STATUS_GRAPH`): for each
    commitment a ``jv:DerivedStatus`` with its status, rule, as-of date,
    shares (in per cent, to :data:`PERCENT_PLACES` places) and ``prov:wasDerivedFrom`` the
    statements it rests on; sorted as the downloads are, so the same data
    give the same bytes."""
    found = {q for status in statuses(dataset, as_of, grouped=False) for q in status_quads(status)}
    return sorted(found, key=quad_key)


def add_statuses(dataset: Dataset, as_of: date | str | None = None) -> bytes:
    """Add the status graph to a dataset just built (its store, in place),
    as of ``as_of`` (else the latest source's date): its named graph, and
    the same statements in the default graph, which is the union. Written
    as N-Quads text that pyoxigraph parses, as the build writes the sources'
    statements: the same quads :func:`derive_statuses` gives, made quicker.
    Returns that text (empty if there is no commitment), which ``build``
    adds to the store it is keeping meanwhile."""
    graph, lines = f"<{STATUS_GRAPH}>", list[str]()
    for status in statuses(dataset, as_of, grouped=False):
        node = f"<{status.commitment.node}_status>"
        for p, o in _statements(status):
            triple = f"{node} <{p}> {o}"
            lines += (f"{triple} {graph} .\n", f"{triple} .\n")
    text = "".join(lines).encode("utf-8")
    if text:
        dataset.store.bulk_load(text, format=ox.RdfFormat.N_QUADS)
    return text


def with_statuses(dataset: Dataset, as_of: date | str | None = None) -> Dataset:
    """The dataset with the status graph (re)made as of ``as_of`` (else the
    latest source's date): a new dataset; ``dataset`` is left as it is."""
    quads = derive_statuses(dataset, as_of)
    store = ox.Store()
    store.load(dataset.dump(), format=ox.RdfFormat.N_QUADS)
    store.update(
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{STATUS_GRAPH}> {{ ?s ?p ?o }} }} ; DROP SILENT GRAPH <{STATUS_GRAPH}>"
    )
    store.bulk_extend(quads + [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads])
    return Dataset(store, iris_only=dataset.iris_only)


# ------------------------------------------------------------ compliance
@dataclass(frozen=True)
class Summary:
    """The compliance of one group (a party, a direction, an event or a
    source; ``group`` "" for the commitments that have none)."""

    by: str
    group: str
    label: str
    counts: dict[str, int]  # by status, every status, in the table's order
    assessments: int  # the scored assessments averaged
    score: Decimal | None  # their average G20 score (-1 to 1), to SCORE_PLACES places

    @property
    def total(self) -> int:
        """How many commitments the group has."""
        return sum(self.counts.values())

    @property
    def kept(self) -> Decimal:
        """The share of the group's commitments achieved or on track, in per cent."""
        return per_cent(Fraction(self.counts["Achieved"] + self.counts["OnTrack"], self.total or 1))


def _scores(found: list[Status], by: str, group: str) -> list[Decimal]:
    """The scores of the counted assessments of a group: of the party, for a
    party; toward the group's commitments, for the others (each once)."""
    scored = {
        r.node: r.score
        for s in found
        for r in _Case.of(s.commitment, s.as_of).counted
        if r.kind == "assessment" and r.score is not None and (r.party == group if by == "party" else True)
    }
    return [score for _, score in sorted(scored.items()) if score is not None]


def summaries(
    dataset: Dataset, as_of: date | str | None = None, by: str = "party", *, found: list[Status] | None = None
) -> list[Summary]:
    """The compliance by ``by`` (one of :data:`GROUPINGS`): per group, the
    commitments of each status, the share achieved or on track, and the
    average G20 score of the assessments where there are any; groups by
    label, the commitments with none last. ``found``: statuses made already."""
    if by not in GROUPINGS:
        raise JointVisionError(f"no grouping {by!r}; one of {', '.join(GROUPINGS)}")
    found = found if found is not None else statuses(dataset, as_of)
    members: dict[str, list[Status]] = {}
    labels: dict[str, str] = {"": "(none)"}
    for status in found:
        for iri, name in sorted(status.commitment.groups.get(by, {}).items()) or [("", "")]:
            members.setdefault(iri, []).append(status)
            labels[iri] = labels.get(iri) or name or iri
    out = []
    for iri in sorted(members, key=lambda iri: (iri == "", labels[iri], iri)):
        group = members[iri]
        counts = {s: sum(1 for m in group if m.status == s) for s in STATUSES}
        scores = _scores(group, by, iri)
        average = rounded(Fraction(sum(scores, Decimal(0))) / len(scores)) if scores else None
        out.append(Summary(by, iri, labels[iri], counts, len(scores), average))
    return out
