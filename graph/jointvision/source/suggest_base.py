"""What the pattern tables of `suggest` for each language share: the
finder they report to, a figure in digits, currencies named in the graph,
the stub of a date and of a period.

Each language's module (:mod:`.suggest_ja`, :mod:`.suggest_hi`) has one
function, ``find(finder, currencies)``, which reads ``finder.text`` (the
source text with its digits in ASCII, offsets unchanged: see
:func:`.numerals.as_ascii`) and keeps its candidates with ``finder.add``,
kind by kind in the order English has them (amounts, periods, dates due,
ordinals, dates, counts), each only where nothing was found before; and
one table, ``PROGRESS`` (a :class:`ProgressWords`), of the words that make
a sentence a report of what was reached, from which ``suggest`` makes its
progress stubs around the figures and dates found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from .kinds import DECIMAL_DIGITS, FRACTION_DIGITS
from .scripts import NAME_DOTS

#: A figure in ASCII digits: a run of digits (not within a longer run, nor after a decimal point), or
#: groups of thousands or lakhs (1,500,000; 1,00,000), with a decimal part; no more digits than a fact file
#: holds (a longer run is no figure).
DIGIT_FIGURE = (
    rf"(?<!\d)(?<!\d[.,])(?:\d{{1,3}}(?:,\d{{2,3}}){{1,{DECIMAL_DIGITS // 2 - 1}}}|\d{{1,{DECIMAL_DIGITS}}})"
    rf"(?:\.\d{{1,{FRACTION_DIGITS}}})?(?!\d|[.,]\d)"
)
#: A year a date or period names.
YEAR = r"(?<!\d)(?:19|20)\d\d(?!\d)"


class Found:
    """A match of an :class:`Anchored` pattern, read as one match: the words from the anchor on (``match``) and
    those before it (``before``, an empty match at the anchor where there are none). ``start()``, ``end()``
    and ``span()`` are those of the whole; a group is the match's, else the words before's; ``start(name)``
    and ``end(name)`` are the match's."""

    __slots__ = ("before", "match")

    def __init__(self, match: re.Match, before: re.Match | None) -> None:
        self.match = match
        self.before = before

    def group(self, name: str) -> Any:  # str | None, typed as re.Match types it
        """The text of the group ``name``, or None where it matched nothing."""
        if name in self.match.re.groupindex:
            return self.match.group(name)
        return self.before.group(name) if self.before and name in self.before.re.groupindex else None

    def start(self, name: str | None = None) -> int:
        """Where the whole starts, or the match's group ``name``."""
        if name is not None:
            return self.match.start(name)
        return self.before.start() if self.before else self.match.start()

    def end(self, name: str | None = None) -> int:
        """Where the whole ends, or the match's group ``name``."""
        return self.match.end() if name is None else self.match.end(name)

    def span(self) -> tuple[int, int]:
        """Where the whole starts and ends."""
        return self.start(), self.end()


@dataclass(frozen=True)
class Anchored:
    """A pattern tried only where one of its matches can start: at each match of ``first`` (a pattern that
    starts with a character class, which the regular expression engine finds by a scan in C, not a try at
    each character), with the words that may stand before it (``before``: a pattern that ends with ``\\Z``,
    searched for in the :data:`REACH` characters before the anchor). It finds what ``pattern`` with the
    words before it would find, at a fraction of the cost in a text of few anchors.

    >>> count = Anchored(re.compile(r"\\d+ ships"), re.compile(r"\\d(?<!\\d.)"), re.compile(r"(?:about )?\\Z"))
    >>> [m.span() for m in count.finditer("Invented: about 12 ships and 3 ships")]
    [(10, 24), (29, 36)]
    """

    pattern: re.Pattern
    first: re.Pattern
    before: re.Pattern | None = None

    def finditer(self, text: str) -> Iterator[Found]:
        """Each match in ``text``, in text order, none overlapping another."""
        end = 0
        for anchor in self.first.finditer(text):
            at = anchor.start()
            if at < end:
                continue
            match = self.pattern.match(text, at)
            if match is None:
                continue
            before = self.before.search(text, max(end, at - REACH), at) if self.before else None
            found = Found(match, before)
            yield found
            end = max(found.end(), at + 1)


#: How far before an anchor the words before it may start.
REACH = 24
Match = re.Match | Found


class Finder(Protocol):
    """What a language's patterns report to (``suggest._Finder``)."""

    text: str

    def overlaps(self, match: Match) -> bool: ...

    def add(
        self,
        kind: str,
        match: Match,
        fields: dict,
        figure: tuple[int, int, int] | None = None,
        rate: bool = True,
        end: int | None = None,
        start: int | None = None,
    ) -> None: ...

    def add_span(
        self, kind: str, start: int, end: int, fields: dict, figure: tuple[int, int, int] | None = None
    ) -> None: ...


def name_key(name: str) -> str:
    """A name as it is compared: NFKC, case folded, without spaces and ``・``.

    >>> name_key("ノースランド・ドル") == name_key("ノースランド ドル") == name_key("ﾉｰｽﾗﾝﾄﾞﾄﾞﾙ")
    True
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(c for c in folded if not c.isspace() and c not in NAME_DOTS)


@dataclass(frozen=True)
class Currencies:
    """The currencies of the graph by every name it gives them (labels in any language, abbreviations, ISO
    codes): ``pattern`` finds one in a text (spaces and ``・`` between its characters or not), ``unit`` says
    which unit a name found is (its ISO code in lower case, else its id)."""

    pattern: str
    units: dict[str, str]

    @classmethod
    def of(cls, names: dict[str, str]) -> Currencies | None:
        """The currencies of ``names`` (a name to its unit), None for none."""
        units = {name_key(n): unit for n, unit in names.items() if name_key(n)}
        if not units:
            return None
        spelled = sorted(units, key=len, reverse=True)
        dots = re.escape(NAME_DOTS)
        return cls("|".join(f"[{dots}\\s]?".join(re.escape(c) for c in key) for key in spelled), units)

    def unit(self, words: str) -> str | None:
        """The unit of a currency's name as the text writes it, or None."""
        return self.units.get(name_key(words))


def day(year: int | None, month: int, day: int) -> str:
    """A date (``2025-08-29``) or, without a year, a day of a month (``--08-29``)."""
    return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def add_range(
    finder: Finder,
    kind: str,
    match: Match,
    ends: tuple[tuple[int | Decimal, int], tuple[int | Decimal, int]],
    unit: str | None,
    words_end: tuple[int, int],
    **where: Any,
) -> None:
    """A range ("USD 5-10 billion", "3～5兆円") as two candidates of ``kind`` with the range's words: its first
    end at least, its second at most (a fact file bounds a figure on one side). ``ends``: each end's value and
    where its figure starts; ``words_end``: where the unit's words start and end; ``where``: what
    :meth:`Finder.add` takes besides (``start``, ``end``, ``rate``)."""
    for (value, at), bound in zip(ends, ("at-least", "at-most"), strict=True):
        finder.add(kind, match, {"value": value, "unit": unit, "bound": bound}, (at, *words_end), **where)


def add_shares(finder: Finder, pattern: Anchored | re.Pattern) -> None:
    """A share in a language's words ("20 प्रतिशत", "20パーセント": 20 per cent), its number in the group
    ``num``, where nothing was found yet: never a count of the word for per cent."""
    from .numerals import figure, scaled

    for m in pattern.finditer(finder.text):
        if not finder.overlaps(m):
            finder.add("share", m, {"share": scaled(figure(m.group("num")), [])}, rate=False)


def dates(year: int | None, month: int, first: str, last: str | None) -> dict:
    """The fields of a date stub: its day, or first and last days; without a year, days of a month, said
    so (no year is made up)."""
    found = {"start_date": day(year, month, int(first))}
    if last:
        found["end_date"] = day(year, month, int(last))
    if not year:
        found["year"] = "not stated in these words"
    return found


def month(year: int, number: int | None) -> int | str:
    """A year (``2030``) or, with its month, ``2030-03``."""
    return f"{year}-{number:02d}" if number else year


def period(a: int, m1: int | None, b: int, m2: int | None) -> dict | None:
    """The period from year ``a`` (month ``m1``) to year ``b`` (month ``m2``): years alone, or bounds at
    their precision; None where it would end before it starts."""
    if not (m1 or m2):
        return {"start_year": a, "end_year": b} if a < b else None
    if (a, m1 or 1) > (b, m2 or 12):
        return None
    return {"start": month(a, m1), "end": month(b, m2)}


def duration(value, unit: str) -> str | None:
    """``P5Y``, ``P6M``, ``P14D`` for a whole count of ``unit`` (``Y``, ``M``, ``W`` or ``D``), or None."""
    if value is None or value != int(value) or not 0 < value < 10**8:
        return None
    return f"P{int(value) * 7}D" if unit == "W" else f"P{int(value)}{unit}"


# --------------------------------------------------------------------------- what suggest gives, and small helpers
@dataclass
class Candidate:
    """One candidate fact: what kind, the words, where, and what it says."""

    kind: str  # amount, count, rate, share, period, date, due, ordinal, progress, mention
    quote: str
    start: int
    end: int
    fields: dict = field(default_factory=dict)
    #: For an amount or count: where its figure's words start, its unit's words start and where they end
    #: (the words a fact file's ``stated_as`` takes: no bound, no rate).
    figure: tuple[int, int, int] | None = field(default=None, repr=False, compare=False)
    #: Given the graph, for an amount or count: its unit, the graph's or one to add (:class:`UnitRef`).
    unit_ref: UnitRef | None = field(default=None, repr=False, compare=False)
    #: Given the graph, for a figure counted per a unit ("per trainee"): that unit, the graph's or one to add.
    per_ref: UnitRef | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class UnitRef:
    """A unit of the text resolved against the graph: the ``id`` of its unit entry (a CountUnit or a
    Currency), the graph's own or, where none fits (``new``), one proposed for a new entry with ``label`` (and
    ``iso4217`` for a currency). ``id`` is None where the words make no id (a unit in Japanese): the curator
    names it. ``words`` are the text's words for it."""

    id: str | None
    label: str
    type: str  # CountUnit or Currency
    new: bool
    words: str
    iso4217: str | None = None

    def entry(self) -> dict:
        """The unit entry a fact file needs for a new unit (id, type, label, and a currency's iso4217)."""
        found = {"id": self.id, "type": self.type, "label": self.label}
        return {**found, "iso4217": self.iso4217} if self.iso4217 else found


def word_set(words: str) -> frozenset[str]:
    """The words of ``words``, separated by spaces, as a set: a table of words written as text."""
    return frozenset(words.split())


def singular(word: str) -> str:
    """An English plural's singular, near enough for unit names ("cranes", "consulates", "facilities")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    return word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word


@dataclass(frozen=True)
class ProgressWords:
    """A language's words for a report of what was reached by a date (a
    progress stub; English's are in :mod:`.suggest`). Each pattern reads the
    text with its digits in ASCII (``finder.text`` before English's turn)."""

    #: What a sentence that reports what had been reached says: a verb of the past or perfect that reaches
    #: something (invested, trained, opened, took part), or words such as "so far" and "as of".
    cue: re.Pattern[str]
    #: What makes a sentence a promise or a plan instead (the future, "aims to", "is expected to").
    promise: re.Pattern[str]
    #: Where a sentence ends; the words it matched belong to the sentence unless they are spaces or ``;``.
    sentence_end: re.Pattern[str]
    #: Matched where a figure's words end: the words that make the figure after them a part of it ("of the
    #: 20 consulates, 5"), that figure's number in the group ``num``.
    part_of: re.Pattern[str]
    #: The value of a :attr:`part_of` match's figure (None where it reads none).
    part_value: Callable[[re.Match[str]], int | Decimal | None]
    #: Matched where a figure's words end: the words that make it not the figure reached: a target's ("の目標",
    #: "में से"), or the figure a change started from ("から", "से बढ़कर").
    target_after: re.Pattern[str]
    #: Matched where a figure reached's unit ends: the words that make it a bound of what was reached, the
    #: group ``more`` for a lower one ("4兆円を超えた", "को पार कर गया") and ``reached`` for the figure
    #: itself, whatever bound the figure's own words gave ("22 अरब डॉलर तक पहुँच गया": 22 billion).
    reached_bound: re.Pattern[str]
    #: A share reached ("24 per cent"), its number in the group ``num``.
    share: re.Pattern[str]
    #: The last month of a year a date due's words name, where they say its end ("by the end of 2031" is
    #: 2031-12; a Japanese fiscal year's end, 年度末, is March of the next), else None: (words, year) -> month.
    year_end: Callable[[str, int], str | None]
    #: A year the sentence speaks of with no date found ("in 2023"), its digits in the group ``year``: the
    #: ``as_of`` where nothing more precise is found.
    year_in: re.Pattern[str]
