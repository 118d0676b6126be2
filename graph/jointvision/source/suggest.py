"""Candidate facts in a source text, for a curator to accept or drop:
`jointvision suggest`.

It finds amounts of money with their currency and parsed value (the Indian
lakh and crore included), counts with their unit and bound ("more than
500,000 personnel" is at least 500000), a rate that follows either in the
same clause ("each year"), periods ("2022-2026", "between 2028 and 2032",
"from April 2026 to March 2031", "over the next five years", "a two day
visit"), dates a thing is due by ("by 2030", "by March 2031"), ordinals of
events ("the 15th ... Annual Summit") and dates ("29-30 August 2025",
"January 2019"), each with its quote and its code-point offsets. Numbers
written as words ("twenty-five", "five hundred thousand") are read by
text2num. A sentence that reports what had been reached by a date ("By June
2031, 2,000 nurses had been trained") is a progress stub, with its date and
amount; a promise ("will train 5,000 nurses by 2031") is not. With the
graph's fact files it also finds mentions of the entities they already hold,
by each one's label, alternative labels and abbreviation (:func:`mentions`),
amounts in the currencies they define, and, for each progress stub, the
targets of the same unit it may be toward. Nothing goes into the data: the
curator copies what is right into a fact file.

Japanese and Hindi have pattern tables of their own (:mod:`.suggest_ja`,
:mod:`.suggest_hi`, on :mod:`.suggest_base`), tried before English's on a
text in those languages (its fact file's ``language:``, or the scripts it is
written in); digits of every script are read as ASCII ones
(:mod:`.numerals`), and mentions are found by labels in any language, in a
script without spaces by the longest label (:mod:`.scripts`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from text_to_num import text2num

from . import suggest_hi, suggest_ja
from .cite import _FOLD
from .kinds import DECIMAL_DIGITS, FRACTION_DIGITS
from .numerals import as_ascii
from .scripts import (
    languages_of,
    latin_only,
    name_tokens,
    nfkc,
    runs_of,
    token_pattern,
    token_starts,
    translate_runs,
    without_spaces,
)
from .suggest_base import Currencies, Match

#: Scale words, and what they multiply by.
SCALES = {
    "thousand": 10**3,
    "lakh": 10**5,
    "lakhs": 10**5,
    "lac": 10**5,
    "million": 10**6,
    "crore": 10**7,
    "crores": 10**7,
    "billion": 10**9,
    "trillion": 10**12,
}
#: How a currency is written, and its ISO 4217 code.
CURRENCIES = {
    "jpy": "JPY",
    "yen": "JPY",
    "¥": "JPY",
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "inr": "INR",
    "rs": "INR",
    "rs.": "INR",
    "₹": "INR",
    "rupees": "INR",
    "eur": "EUR",
    "€": "EUR",
}
#: The words a number written out is made of (text2num reads their value).
_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
]
#: At most this many words after the first: "nine hundred and ninety-nine thousand nine hundred and ninety-nine"
#: takes eight; a longer run of number words is no number (and bounding it keeps every match short).
_MAX_NUMBER_WORDS = 15
#: It starts a run of words (not inside "someone" or after a hyphen).
_WORD_NUMBER = (
    rf"(?<![\w-])(?:{'|'.join(_UNITS)})(?:(?:\s+|-)(?:and\s+)?(?:{'|'.join(_UNITS)}|hundred|thousand))"
    rf"{{0,{_MAX_NUMBER_WORDS}}}(?![\w-])"
)
#: Words before a figure that bound it.
BOUNDS = {
    "more than": "at-least",
    "over": "at-least",
    "at least": "at-least",
    "upwards of": "at-least",
    "up to": "at-most",
    "at most": "at-most",
    "less than": "at-most",
    "about": "about",
    "around": "about",
    "nearly": "about",
    "approximately": "about",
    "some": "about",
}
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}

#: Words that end a unit ("500,000 personnel in ..."): a unit is at most three words, none of these.
_STOP = "(?:in|into|to|of|for|from|and|or|the|a|an|by|with|on|at|per|over|under|between|each|every|from)"
#: A figure: it starts where a run of digits starts (not after a digit, nor after a digit and a point or
#: comma) and ends where it ends, so a run of thousands of digits costs one short try, not one from each
#: digit. At most DECIMAL_DIGITS digits before the point (what a fact file may hold) and FRACTION_DIGITS
#: after: a longer run is not a figure. Written in groups (1,500,000 or, in lakhs, 1,00,000) it takes at
#: most nine groups, and :func:`_number` refuses more than DECIMAL_DIGITS digits in all.
_DIGITS = rf"\d{{1,{DECIMAL_DIGITS}}}"
_NUMBER = (
    rf"(?<!\d)(?<!\d[.,])(?:\d{{1,3}}(?:,\d{{2,3}}){{1,{DECIMAL_DIGITS // 2 - 1}}}|{_DIGITS})"
    rf"(?:\.\d{{1,{FRACTION_DIGITS}}})?(?!\d|[.,]\d)"
)
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_BOUND = "|".join(sorted(BOUNDS, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?:(?P<bound>{_BOUND})\s+)?(?P<cur>JPY|USD|US\$|INR|EUR|Rs\.?|₹|\$|¥|€)\s?(?P<num>{_NUMBER})"
    rf"(?:\s+(?P<scale>{_SCALE}))?\b"
    rf"|(?:(?P<bound2>{_BOUND})\s+)?(?P<num2>{_NUMBER})(?:\s+(?P<scale2>{_SCALE}))?\s+(?P<cur2>yen|rupees)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"(?:(?P<bound>{_BOUND})\s+)?(?P<num>{_NUMBER}|{_WORD_NUMBER})(?:\s+(?P<scale>{_SCALE}))?"
    rf"\s+(?P<unit>(?!years?\b|months?\b|per\b|percent\b|{_STOP}\b)[a-z][a-z-]+(?:\s+(?!{_STOP}\b)[a-z][a-z-]+){{0,2}})",
    re.IGNORECASE,
)
#: A rate after a figure, in the same clause: "1,200 engineers from India to Japan each year".
_RATE = re.compile(
    r"(?:[^.;:!?\n\d]{0,60}?\s)?(?P<rate>(?:each|a|per|every)\s+(?P<unit>year|month|week|day)"
    r"|annually|yearly|per\s+annum|monthly|weekly|daily)\b",
    re.IGNORECASE,
)
_PER = {
    "year": "P1Y",
    "annually": "P1Y",
    "yearly": "P1Y",
    "annum": "P1Y",
    "month": "P1M",
    "monthly": "P1M",
    "week": "P7D",
    "weekly": "P7D",
    "day": "P1D",
    "daily": "P1D",
}
_MONTH = "|".join(MONTHS)
_YEAR = r"(?:19|20)\d\d"
_YEARS = re.compile(r"\b(?P<a>(?:19|20)\d\d)\s?[-–—]\s?(?P<b>(?:19|20)\d\d)\b")
_DURATION = re.compile(
    rf"\b(?:over|in|within|for|during)\s+(?:the\s+)?(?:next\s+|coming\s+|past\s+)?"
    rf"(?P<n>{_DIGITS}|{_WORD_NUMBER})\s+(?P<unit>years?|months?|weeks?|days?)\b",
    re.IGNORECASE,
)
#: A length used as an adjective: "a two day official visit", "a five-year plan".
_DURATION_ADJECTIVE = re.compile(
    rf"\b(?P<n>{_DIGITS}|{_WORD_NUMBER})[-\s](?P<unit>year|month|week|day)(?![\w-])", re.IGNORECASE
)
#: Years or months in words: "between 2028 and 2032", "from April 2026 to March 2031".
_YEARS_IN_WORDS = re.compile(
    rf"\b(?:between|from)\s+(?:(?P<m1>{_MONTH})\s+)?(?P<a>{_YEAR})\s+(?:and|to|until|till)\s+"
    rf"(?:(?P<m2>{_MONTH})\s+)?(?P<b>{_YEAR})\b",
    re.IGNORECASE,
)
#: Months with their years, without "from": "April 2026 to March 2031", "April 2026 – March 2031".
_MONTHS_TO_MONTHS = re.compile(
    rf"\b(?P<m1>{_MONTH})\s+(?P<a>{_YEAR})(?:\s?[-–—]\s?|\s+(?:to|until|till)\s+)(?P<m2>{_MONTH})\s+(?P<b>{_YEAR})\b",
    re.IGNORECASE,
)
#: A date in words at the precision the text gives it: "2030", "March 2031", "31 March 2031", "March 31, 2031".
#: Its groups: day (or day2, month first), month and year; a pattern holds it once.
_DATE_WORDS = (
    rf"(?:(?:(?<!\d)(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTH})\s+(?:(?P<day2>\d{{1,2}}),?\s+)?)?"
    rf"(?P<year>{_YEAR})\b"
)
#: A date a thing is due by: "twenty-five new ties by 2030", "by the end of March 2031".
_BY_DATE = re.compile(rf"\b(?:by|until|till|no later than)\s+(?:the\s+end\s+of\s+)?{_DATE_WORDS}", re.IGNORECASE)
#: The place of an event in its series: "the 15th India-Japan Annual Summit".
_ORDINAL = re.compile(
    r"\b(?P<n>\d{1,4})(?:st|nd|rd|th)\s+(?P<name>[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|of|on|for|and))*"
    r"(?<!\sof)(?<!\son)(?<!\sfor)(?<!\sand))"
)
#: Words before a figure that refer back to things already named.
_REFERENCE = re.compile(r"\b(?:the|these|those|its|their|both)\s*['\"\u2018\u201c]?\s*\Z", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?P<d1>\d{1,2})(?:(?:\s?[-–]\s?|\s+to\s+)(?P<d2>\d{1,2}))?\s+(?P<month>"
    + "|".join(MONTHS)
    + r")\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


_DATE_MONTH_FIRST = re.compile(
    r"\b(?P<month>" + "|".join(MONTHS) + r")\s+(?P<d1>\d{1,2})"
    r"(?:(?:\s?[-–]\s?|\s+to\s+)(?P<d2>\d{1,2}))?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
#: A month of a year, no day: "signed in January 2019".
_MONTH_OF_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>{_YEAR})\b", re.IGNORECASE)


@dataclass
class Candidate:
    """One candidate fact: what kind, the words, where, and what it says."""

    kind: str  # amount, count, period, date, due, ordinal, progress, mention
    quote: str
    start: int
    end: int
    fields: dict = field(default_factory=dict)
    #: For an amount or count: where its figure's words start, its unit's words start and where they end
    #: (the words a fact file's ``stated_as`` takes: no bound, no rate).
    figure: tuple[int, int, int] | None = field(default=None, repr=False, compare=False)


#: The letters besides a-z that IGNORECASE matches to them (long s, Kelvin sign, dotted and dotless i):
#: "Auguſt" is found as "August", so it must be looked up as "august".
_AS_ASCII = str.maketrans("\u017f\u212a\u0130\u0131", "skii")


def _key(word: str) -> str:
    """A matched word as the tables above spell it."""
    return word.translate(_AS_ASCII).lower()


def _number(text: str) -> Decimal | None:
    """The value of a figure ("1,500", "2.5") or of number words
    ("twenty-five"); None for words that make no number, and for a figure
    of more digits than a fact file may hold (DECIMAL_DIGITS)."""
    if text[:1].isdigit():
        whole = text.partition(".")[0].replace(",", "").lstrip("0")
        return Decimal(text.replace(",", "")) if len(whole) <= DECIMAL_DIGITS else None
    try:
        return Decimal(text2num(re.sub(r"\s+", " ", _key(text)), "en"))
    except ValueError:
        return None


def _duration(num: str, unit: str) -> str | None:
    """``P5Y``, ``P6M``, ``P14D`` (weeks as days: the canonical form the
    fact files take), or None for a number that is not a whole count."""
    n = _number(num)
    if n is None or n != n.to_integral_value() or not 0 < n < 10**8:
        return None
    letter = _key(unit)[0]
    return f"P{int(n) * 7}D" if letter == "w" else f"P{int(n)}{letter.upper()}"


def _value(num: str, scale: str | None) -> int | Decimal | None:
    number = _number(num)
    if number is None:
        return None
    value = number * (SCALES[_key(scale)] if scale else 1)
    return int(value) if value == value.to_integral_value() else value


def _month(year: str, month: str | None) -> int | str:
    """A year (``2030``, as a fact file writes it) or, with its month, ``2030-03``."""
    return f"{int(year)}-{MONTHS[_key(month)]:02d}" if month else int(year)


def _at_precision(m: re.Match) -> int | str:
    """The date of a :data:`_DATE_WORDS` match at the precision the words give: ``2030``, ``2030-03`` or
    ``2030-03-31``."""
    date = _month(m.group("year"), m.group("month"))
    day = m.group("day") or m.group("day2")
    return f"{date}-{int(day):02d}" if day and m.group("month") else date


def _reported_at(m: re.Match) -> int | str:
    """The date a report speaks of, as :func:`_at_precision` gives it, save that "the end of" a year is its
    last month ("by the end of 2024" is ``2024-12``): the text says more than the year."""
    date = _at_precision(m)
    return f"{date}-12" if m.group("end") and isinstance(date, int) else date


def suggest(text: str, sources: Iterable | None = None, language: str | None = None) -> list[Candidate]:
    """Every candidate of ``text``, in text order: figures, periods,
    dates and progress, and, given the fact files ``sources``, mentions of
    their entities and the targets a progress stub may be toward.

    The patterns of a language besides English's are tried first: those
    of ``language`` (a BCP 47 tag, ``ja`` or ``hi``), else of the language
    of the fact file among ``sources`` whose text this is, else of the
    scripts the text is written in (kana or Han: Japanese; Devanagari:
    Hindi). Digits of every script and full-width forms are read as ASCII
    ones; quotes and offsets are the text's own.

    >>> [(c.kind, c.quote, c.fields["value"]) for c in suggest("Invented: 約3億円の融資と5万人以上の学生。")][:2]
    [('amount', '約3億円', 300000000), ('count', '5万人以上の学生', 50000)]
    """
    sources = list(sources) if sources is not None else None
    graph = _Graph.of(sources) if sources is not None else None
    finder = _Finder(text)
    for find in _language_patterns(text, language, sources):
        find(finder, graph.currency_names if graph else None)
    finder.text = latin_only(finder.text)  # English's patterns read no other script: they pass over it fast
    # in this order: a later kind is not looked for where an earlier one was found
    _find_amounts(finder, graph.currencies if graph else None)
    _find_periods(finder)
    _find_due_dates(finder)
    _find_ordinals(finder)
    _find_dates(finder)
    _find_counts(finder)
    _find_progress(finder, graph)  # sentences that report what was reached, around the figures found
    found = finder.found
    if graph is not None:
        found.extend(mentions(text, graph.sources))
    return sorted(found, key=lambda c: (c.start, c.end))


#: The languages with pattern tables of their own, by their primary BCP 47 subtag.
LANGUAGES = {"ja": suggest_ja.find, "hi": suggest_hi.find}


def _language_patterns(text: str, language: str | None, sources: list | None) -> list:
    """The pattern tables to try before English's: the named language's (none for English or a language
    without tables of its own), else that of the fact file of ``text`` among ``sources``, else by script."""
    if language is None and sources:
        language = next((_source_language(s) for s in sources if getattr(s, "text", None) == text), None)
    primary = (language or "").split("-")[0].lower()
    if primary == "en" or primary in LANGUAGES:
        return [LANGUAGES[primary]] if primary in LANGUAGES else []
    return [LANGUAGES[name] for name in languages_of(text)]


def _source_language(source) -> str | None:
    """The ``language:`` a fact file gives its source, or None."""
    values = getattr(source, "metadata", {}).get("language")
    value = values[0] if isinstance(values, list) and values else values
    return _texts(getattr(value, "value", value))[0] if value is not None else None


class _Finder:
    """The candidates found in ``text`` so far, and what they cover: one byte a character, so that a match
    overlaps them if any byte of its span is set (a search in C of the match's own length, however many
    candidates there are). The patterns read ``text`` with its digits in ASCII (:func:`.numerals.as_ascii`,
    one character for one); quotes are taken from ``original``."""

    def __init__(self, text: str) -> None:
        """No candidates yet."""
        self.original = text
        self.text = as_ascii(text)
        self.found: list[Candidate] = []
        self.taken = bytearray(len(text) + 1)

    def overlaps(self, match: Match) -> bool:
        """Whether ``match`` overlaps a candidate found already."""
        return self.taken.find(1, match.start(), match.end()) >= 0

    def add(
        self, kind: str, match: Match, fields: dict, figure: tuple[int, int, int] | None = None, rate: bool = True
    ) -> None:
        """Keep ``match`` as a candidate of ``kind``; an amount or count runs on to a rate that follows it in
        the same clause, which it then states (``per``), unless ``rate`` is false."""
        start, end = match.span()
        if rate and kind in ("amount", "count"):
            found = _RATE.match(self.text, end)
            if found:  # the quote runs on to the rate's words, which it then states
                word = _key(found.group("unit") or found.group("rate").split()[-1])
                fields["per"], end = _PER[word], found.end()
        self.add_span(kind, start, end, fields, figure)

    def add_span(
        self, kind: str, start: int, end: int, fields: dict, figure: tuple[int, int, int] | None = None
    ) -> None:
        """Keep the words from ``start`` to ``end`` as a candidate of ``kind``."""
        self.found.append(Candidate(kind, self.original[start:end], start, end, fields, figure))
        self.taken[start:end] = b"\x01" * (end - start)


def _find_amounts(finder: _Finder, currencies: re.Pattern | None) -> None:
    """Amounts of money, with their value, currency and bound; then, where nothing was found yet, amounts in
    the currencies of the graph (their ISO 4217 codes, in capitals: "NLD 50 billion")."""
    for pattern in (_AMOUNT, currencies):
        for m in pattern.finditer(finder.text) if pattern else ():
            found = m.groupdict()
            value = _value(found.get("num") or found["num2"], found.get("scale") or found.get("scale2"))
            if value is None or finder.overlaps(m):
                continue  # more digits than a figure has
            cur = _key(found.get("cur") or found["cur2"])
            fields = {
                "value": value,
                "unit": CURRENCIES.get(cur, cur.upper()).lower(),
                "bound": BOUNDS.get(_key(found.get("bound") or found.get("bound2") or ""), "exact"),
            }
            figure = m.start("cur") if found.get("cur") else m.start("num2")
            finder.add("amount", m, fields, (figure, m.end(), m.end()))


def _find_periods(finder: _Finder) -> None:
    """Periods: spans of years ("2022-2026", "between 2028 and 2032") or of months ("from April 2026 to
    March 2031"), then lengths ("over the next five years", "a two day visit"), where nothing was found yet."""
    for pattern in (_YEARS, _YEARS_IN_WORDS, _MONTHS_TO_MONTHS):
        for m in pattern.finditer(finder.text):
            period = _period(m)
            if period and not finder.overlaps(m):
                finder.add("period", m, {"period": period})
    for pattern in (_DURATION, _DURATION_ADJECTIVE):
        for m in pattern.finditer(finder.text):
            duration = _duration(m.group("n"), m.group("unit"))
            if duration and not finder.overlaps(m):
                finder.add("period", m, {"period": {"duration": duration}})


def _period(m: re.Match) -> dict | None:
    """The period of a match of years (``start_year``, ``end_year``) or, where it names a month, of its bounds
    at their precision (``start: 2026-04``, ``end: 2031-03``); None where it would end before it starts."""
    a, b = int(m.group("a")), int(m.group("b"))
    m1, m2 = m.groupdict().get("m1"), m.groupdict().get("m2")
    if not (m1 or m2):
        return {"start_year": a, "end_year": b} if a < b else None
    if (a, MONTHS[_key(m1)] if m1 else 1) > (b, MONTHS[_key(m2)] if m2 else 12):
        return None
    return {"start": _month(m.group("a"), m1), "end": _month(m.group("b"), m2)}


def _find_due_dates(finder: _Finder) -> None:
    """Dates a thing is due by, at the text's precision ("by 2030": ``due: 2030``, "by March 2031":
    ``2031-03``), where nothing was found yet."""
    for m in _BY_DATE.finditer(finder.text):
        if not finder.overlaps(m):
            finder.add("due", m, {"due": _at_precision(m)})


def _find_ordinals(finder: _Finder) -> None:
    """Ordinals of events ("the 15th ... Annual Summit")."""
    for m in _ORDINAL.finditer(finder.text):
        finder.add("ordinal", m, {"ordinal": int(m.group("n"))})


def _find_dates(finder: _Finder) -> None:
    """Dates, day first ("29-30 August 2025"), then month first ("August 29, 2025", "September 3"), then
    months of a year ("January 2019", a month in capitals), where nothing was found yet."""
    for m in _DATE.finditer(finder.text):
        if finder.overlaps(m):
            continue  # a date a thing is due by
        month, year = MONTHS[_key(m.group("month"))], int(m.group("year"))
        dates = {"start_date": f"{year}-{month:02d}-{int(m.group('d1')):02d}"}
        if m.group("d2"):
            dates["end_date"] = f"{year}-{month:02d}-{int(m.group('d2')):02d}"
        finder.add("date", m, dates)
    for m in _DATE_MONTH_FIRST.finditer(finder.text):
        if not finder.overlaps(m):
            finder.add("date", m, _month_first_dates(m))
    for m in _MONTH_OF_YEAR.finditer(finder.text):
        if m.group("month")[0].isupper() and not finder.overlaps(m):  # not "they may 2030"
            finder.add("date", m, {"start_date": _month(m.group("year"), m.group("month"))})


def _month_first_dates(m: re.Match) -> dict[str, str]:
    """The dates of a month-first match; without a year in the words, only the day and month
    (xsd:gMonthDay), said so: no year is made up."""
    month, year = MONTHS[_key(m.group("month"))], m.group("year")
    dates = {"start_date": _day(year, month, m.group("d1"))}
    if m.group("d2"):
        dates["end_date"] = _day(year, month, m.group("d2"))
    if not year:
        dates["year"] = "not stated in these words"
    return dates


def _day(year: str | None, month: int, day: str) -> str:
    """A date (``2025-08-29``), or, without a year, a day of a month (``--08-29``)."""
    return f"{int(year)}-{month:02d}-{int(day):02d}" if year else f"--{month:02d}-{int(day):02d}"


def _find_counts(finder: _Finder) -> None:
    """Counts ("more than 500,000 personnel"), with their value, unit and bound, where nothing was found yet."""
    for m in _COUNT.finditer(finder.text):
        if finder.overlaps(m):
            continue  # part of an amount, a period or a date
        value = _count_value(finder.text, m)
        if value is None:
            continue
        fields = {
            "value": value,
            "unit": m.group("unit").lower(),
            "bound": BOUNDS.get(_key(m.group("bound") or ""), "exact"),
        }
        finder.add("count", m, fields, (m.start("num"), m.start("unit"), m.end("unit")))


def _count_value(text: str, m: re.Match) -> int | Decimal | None:
    """The value of a count match of ``text``, or None for what states no count."""
    if "+" in text[max(0, m.start() - 1) : m.start()] + text[m.start() : m.end()]:
        return None  # "2+2 Ministerial Dialogue": a name, not a count
    if not m.group("bound") and _REFERENCE.search(text, max(0, m.start() - 12), m.start()):
        return None  # "these eight directions", "the two sides": refers back, states no figure
    if re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
        return None  # a year
    value = _value(m.group("num"), m.group("scale"))
    if value is None or (not m.group("num")[:1].isdigit() and value < 2 and not m.group("bound")):
        return None  # "one of the", "zero"
    return value


# ---------------------------------------------------------------------------------------------- progress

#: Done, in the past or perfect tense: "had been invested", "had taken part", "has reached" (not "reached an
#: agreement").
_DONE = (
    r"(?:reached(?!\s+(?:an?\s+|the\s+)?(?:agreement|consensus|understanding|deal|accord)\b)|invested|trained"
    r"|opened|completed|built|installed|disbursed|spent|delivered|exchanged|awarded|recruited|hired|enrolled"
    r"|deployed|commissioned|mobili[sz]ed|raised|achieved|graduated|received|visited|taken\s+part|participated"
    r"|benefit+ed)"
)
_IN_SERVICE = r"in\s+(?:service|operation|place|use)|operational"
#: The words of a sentence that reports what had happened by a date: "had been invested", "had taken part",
#: "were in service", "has reached", "so far", "to date", "as of"; a bare past tense only before its figure
#: ("invested NLD 30 billion"), where it is no adjective ("5,000 trained nurses").
_PROGRESS_CUE = re.compile(
    r"\b(?<!agreement\s)(?<!consensus\s)(?<!understanding\s)(?<!deal\s)(?:"
    rf"(?:had|has|have)\s+(?:(?:now|already|so\s+far|thus\s+far|just|jointly)\s+)?(?:been\s+)?(?:{_DONE}|{_IN_SERVICE})"
    rf"|(?:were|was)\s+(?:(?:now|already|all)\s+)?(?:{_DONE}|{_IN_SERVICE})"
    rf"|(?:are|is)\s+(?:(?:now|already|all)\s+)?(?:{_IN_SERVICE})"
    r"|took\s+part|so\s+far|thus\s+far|to\s+date|as\s+of|as\s+at"
    rf"|{_DONE}(?=\s+(?:(?:{_BOUND}|all|only)\s+)?(?:[$¥€₹\d]|(?-i:[A-Z]{{3}})\s?\d|rs\b))"
    r")\b",
    re.IGNORECASE,
)
#: Words that make a sentence a promise or a plan, not a report: "will invest", "aim to have opened", "are
#: expected to be in service", "is to train", "has pledged to invest".
_PROMISE = re.compile(
    r"\b(?:will|shall|would|should|must|going\s+to|(?:is|are|was|were)\s+to|to\s+(?:be|have)"
    r"|(?:aim(?:s|ed)?|plan(?:s|ned)?|intend(?:s|ed)?|expect(?:s|ed)?|pledge[sd]?|commit(?:s|ted)?|promise[sd]?"
    r"|agree[sd]?|resolve[sd]?|undertakes?|undertook|decide[sd]?|propose[sd]?|seeks?|sought|hope[sd]?|set|likely"
    r"|on\s+(?:course|track))\s+to)\b",
    re.IGNORECASE,
)
#: Where a sentence ends: a full stop (not a decimal point, nor the one of "Rs."), a semicolon, a line break.
_SENTENCE_END = re.compile(r"(?<!\b[Rr]s)[.!?]+(?=\s|\Z)|[;\n]")
#: The date a report speaks of: "by the end of 2024", "By June 2031", "as of 31 March 2031", or, where none of
#: those is found, "in December 2031"; not a date something is "due by".
_AS_OF = re.compile(
    rf"(?<!due\s)\b(?:(?P<strong>by|as\s+of|as\s+at|until|till|through|up\s+to)|in|at|on|during)\s+"
    rf"(?P<end>the\s+end\s+of\s+|end[-\s])?{_DATE_WORDS}",
    re.IGNORECASE,
)
_SHARE_WORDS = r"\s?%|\s+per\s?cent\b|\s+percent\b"
#: A figure reached of a larger one that follows: "only 5 of the 20 promised consulates", "60 per cent of
#: the NLD 50 billion".
_PART_OF = re.compile(
    rf"(?:(?:only|just)\s+)?(?:(?P<bound>{_BOUND})\s+)?(?P<num>{_NUMBER}|{_WORD_NUMBER})(?:\s+(?P<scale>{_SCALE}))?"
    rf"(?P<share>{_SHARE_WORDS})?\s+(?:out\s+)?of\s+(?:(?:the|its|their|this|that)\s+)?",
    re.IGNORECASE,
)
#: A share of a target reached: "24 per cent".
_SHARE = re.compile(rf"(?P<num>{_NUMBER})(?:{_SHARE_WORDS})", re.IGNORECASE)
#: Words before a figure that make it the target's, not the figure reached: "of the JPY 5 trillion".
_TARGET_BEFORE = re.compile(r"\b(?:of|target|goal)\s+(?:(?:the|its|their|this|that)\s+)?\Z", re.IGNORECASE)
#: Words that end a count's unit in a report: "30,000 students had taken part" counts students.
_NOT_UNIT = frozenset(
    {"had", "has", "have", "were", "was", "is", "are", "been", "be", "being", "took", "now", "already", "all"}
)
_WORD = re.compile(r"\S+")
#: What an ``as_of`` says where the words give no date: the curator gives one (the source's, say).
_NO_DATE = "not stated in these words"


@lru_cache(maxsize=16)
def _amounts_in(codes: tuple[str, ...]) -> re.Pattern:
    """Amounts in the currencies of these ISO 4217 codes, written in capitals: "NLD 50 billion"."""
    return re.compile(
        rf"(?:(?P<bound>{_BOUND})\s+)?\b(?P<cur>(?-i:{'|'.join(codes)}))\s?(?P<num>{_NUMBER})"
        rf"(?:\s+(?P<scale>{_SCALE}))?\b",
        re.IGNORECASE,
    )


def _singular(word: str) -> str:
    """An English plural's singular, near enough for unit names ("cranes", "consulates", "facilities")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    return word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word


def _unit_key(name: str) -> tuple[str, ...]:
    """A unit's name as its singular, case-folded words: "Harbour Cranes" and "harbour crane" are one."""
    return tuple(_singular(w) for w in re.findall(r"\w+", name.casefold()))


def _unit_names(entity) -> list[str]:
    """The names of a unit entry: its id (hyphens as spaces), labels, abbreviation and ISO code."""
    names = [t for key in (*_NAME_FIELDS, "iso4217") for v in entity.values.get(key, []) for t in _texts(v)]
    return [entity.id.replace("-", " "), *names]


def _currency_names(sources: list) -> Currencies | None:
    """The currencies of the fact files by each of their names (labels in any language, abbreviations, ISO
    codes), each to its unit: its ISO code in lower case, else its id."""
    currencies = [e for src in sources for e in src.entities if e.type == "Currency"]
    codes = {e.id: _texts(e.values["iso4217"][0])[0] for e in currencies if e.values.get("iso4217")}
    names = {}
    for entity in currencies:
        unit = codes[entity.id].lower() if entity.id in codes else entity.id
        for key in (*_NAME_FIELDS, "iso4217"):
            names.update({text: unit for v in entity.values.get(key, []) for text in _texts(v)})
    return Currencies.of(names)


@dataclass
class _Graph:
    """What suggest takes from the fact files: their entities (for mentions) and, for progress, the
    currencies they define (a pattern of their ISO codes, or None), their units by name (id, label,
    abbreviation, ISO code) and their targets' units and values."""

    sources: list
    currencies: re.Pattern | None
    units: dict[tuple[str, ...], str]
    targets: dict[str, tuple[str, Decimal]]
    #: The currencies by every name the graph gives them, in any language, for the languages' patterns.
    currency_names: Currencies | None = None

    @classmethod
    def of(cls, sources: list) -> _Graph:
        """The graph of the fact files ``sources``."""
        units: dict[tuple[str, ...], str] = {}
        codes: set[str] = set()
        targets: dict[str, tuple[str, Decimal]] = {}
        for entity in (e for src in sources for e in src.entities):
            values = entity.values
            if entity.type in ("Currency", "CountUnit"):
                for name in _unit_names(entity):
                    units.setdefault(_unit_key(name), entity.id)
                codes.update(str(v.value) for v in values.get("iso4217", []))
            elif entity.type == "Target" and values.get("value") and values.get("unit"):
                targets.setdefault(entity.id, (str(values["unit"][0].value), Decimal(str(values["value"][0].value))))
        codes = {c for c in codes if re.fullmatch("[A-Z]{3}", c) and c.lower() not in CURRENCIES}
        amounts = _amounts_in(tuple(sorted(codes))) if codes else None
        return cls(sources, amounts, units, targets, _currency_names(sources))

    def unit(self, words: str) -> str | None:
        """The id of the unit ``words`` name, or None: the longest run of them that names one, the last of
        runs alike ("new consulates" names a consulate)."""
        key = _unit_key(words)
        for n in range(len(key), 0, -1):
            for i in range(len(key) - n, -1, -1):
                if key[i : i + n] in self.units:
                    return self.units[key[i : i + n]]
        return None

    def toward(self, unit: str, near: Decimal | None, hint: Decimal | None) -> list[str]:
        """The ids of the targets in ``unit``: first one of the value ``hint`` (the text's "of the JPY 5
        trillion"), then the nearest to ``near`` (the figure reached)."""
        return sorted(
            (t for t, (u, _) in self.targets.items() if u == unit),
            key=lambda t: (
                hint is not None and self.targets[t][1] != hint,
                abs(self.targets[t][1] - near) if near is not None else 0,
                t,
            ),
        )


@dataclass
class _Reached:
    """What a report says was reached: its stub's fields (value, unit, bound and stated_as, or share), the
    unit to find in the graph (None for a share of nothing named) and a target's figure it names."""

    fields: dict
    unit: str | None
    hint: Decimal | None = None


class _InOrder:
    """Candidates by where they start: those of a sentence in the time of their number."""

    def __init__(self, found: list[Candidate]) -> None:
        """The candidates ``found``, in text order."""
        self.ordered = sorted(found, key=lambda c: c.start)
        self.starts = [c.start for c in self.ordered]

    def between(self, start: int, stop: int) -> list[Candidate]:
        """The candidates that start from ``start`` to before ``stop``."""
        i = bisect_left(self.starts, start)
        return self.ordered[i : bisect_left(self.starts, stop, i)]


def _find_progress(finder: _Finder, graph: _Graph | None) -> None:
    """Progress stubs: each sentence that reports what had been reached (a cue, no promise), with its date
    (``as_of``) and figure, and, given the graph, the targets it may be toward. The words of its date are
    its ``as_of``: no date a thing is due by, nor another date candidate."""
    text = finder.text
    ordered: _InOrder | None = None
    dropped: set[int] = set()
    stubs = []
    for start, stop in _cued_sentences(text):
        if _PROMISE.search(text, start, stop):
            continue
        if ordered is None:
            ordered = _InOrder(finder.found)
        inside = ordered.between(start, stop)
        made = _progress(finder, inside, start, stop, graph)
        if made is None:
            continue
        stub, (a, b) = made
        stubs.append(stub)
        dropped.update(id(c) for c in inside if c.kind in ("due", "date") and a <= c.start and c.end <= b)
    if dropped:
        finder.found = [c for c in finder.found if id(c) not in dropped]
    finder.found.extend(stubs)


def _cued_sentences(text: str) -> Iterator[tuple[int, int]]:
    """The sentences of ``text`` with a progress cue, each once: where its words start and end (after its
    full stop). One pass over the cues and one over the sentence ends, whatever their number."""
    ends = _SENTENCE_END.finditer(text)
    boundary = next(ends, None)
    start, stop = 0, -1
    for cue in _PROGRESS_CUE.finditer(text):
        if cue.start() < stop:
            continue  # a sentence already given
        while boundary is not None and boundary.end() <= cue.start():
            start, boundary = boundary.end(), next(ends, None)
        if boundary is None:
            stop = len(text)
        else:
            stop = boundary.end() if boundary.group()[0] in ".!?" else boundary.start()
        words = text[start:stop]
        yield start + len(words) - len(words.lstrip()), stop - len(words) + len(words.rstrip())


def _progress(
    finder: _Finder, inside: list[Candidate], start: int, stop: int, graph: _Graph | None
) -> tuple[Candidate, tuple[int, int]] | None:
    """The progress stub of the sentence ``start``-``stop`` (``inside``: the candidates in it) and where its
    date's words stand; None where it states no figure reached."""
    text = finder.text
    reached = _reached(finder, inside, start, stop)
    if reached is None:
        return None
    fields: dict = {}
    if graph is not None and reached.unit is not None:
        unit = graph.unit(reached.unit)
        if unit is not None and "unit" in reached.fields:
            reached.fields["unit"] = unit
        near = reached.fields.get("value", reached.hint)
        fields["toward_candidates"] = graph.toward(unit or reached.unit, near, reached.hint)
    date = _as_of(text, start, stop)
    fields["as_of"] = _reported_at(date) if date else _NO_DATE
    fields.update(reached.fields)
    stub = Candidate("progress", finder.original[start:stop], start, stop, fields)
    return stub, date.span() if date else (stop, stop)


def _as_of(text: str, start: int, stop: int) -> re.Match | None:
    """The words of the date the sentence ``start``-``stop`` reports at: the first after "by", "as of", "at
    the end of" ..., else the first after "in", "at", "on" or "during"; None if there are none."""
    first = None
    for m in _AS_OF.finditer(text, start, stop):
        if m.group("strong") or m.group("end"):
            return m
        first = first or m
    return first


def _reached(finder: _Finder, inside: list[Candidate], start: int, stop: int) -> _Reached | None:
    """The figure a report's sentence ``start``-``stop`` says was reached: a part of a larger figure ("only
    5 of the 20 consulates", "60 per cent of the ..."), else its first amount or count that is not a
    target's ("of the JPY 5 trillion"), else a share; None if it has none."""
    figures = [c for c in inside if c.kind in ("amount", "count") and c.figure]
    reached = _part_of(finder, figures, start, stop) or _first_figure(finder.original, figures, start)
    if reached is not None:
        return reached
    share = _SHARE.search(finder.text, start, stop)
    return _Reached({"share": _value(share.group("num"), None)}, None) if share else None


def _first_figure(text: str, figures: list[Candidate], start: int) -> _Reached | None:
    """The first of ``figures`` (amounts and counts of a sentence from ``start``) that is no target's figure
    ("of the JPY 5 trillion"), or, if all are, the first; with the first target's figure of its kind as a
    hint of the target it is toward."""
    targets = [c for c in figures if _TARGET_BEFORE.search(text, max(start, c.start - 24), c.start)]
    taken = {id(c) for c in targets}
    for figure in [c for c in figures if id(c) not in taken] + targets:
        stated = figure.figure[0] if figure.figure else figure.start
        reached = _reached_as(text, figure, figure.fields["bound"], figure.fields["value"], stated)
        if reached is not None:
            hints = [t.fields["value"] for t in targets if t is not figure and t.kind == figure.kind]
            reached.hint = Decimal(hints[0]) if hints else None
            return reached
    return None


def _part_of(finder: _Finder, figures: list[Candidate], start: int, stop: int) -> _Reached | None:
    """A figure reached of a larger one that is a candidate: "only 5 of the 20 promised consulates" (5 of
    the count's unit), "60 per cent of the NLD 50 billion" (a share); None if the sentence has none."""
    text = finder.text
    wholes = {c.start: c for c in figures}
    for m in _PART_OF.finditer(text, start, stop):
        whole = wholes.get(m.end()) or _count_at(text, m.end())
        value = _value(m.group("num"), m.group("scale"))
        if value is None or finder.overlaps(m) or re.fullmatch(_YEAR, m.group("num")):
            continue  # part of an amount or a count ("NLD 30 billion of the ..."), or a year
        hint = Decimal(whole.fields["value"]) if whole else None
        if m.group("share"):
            return _Reached({"share": value}, whole.fields["unit"] if whole else None, hint)
        bound = BOUNDS.get(_key(m.group("bound") or ""), "exact")
        reached = _reached_as(finder.original, whole, bound, value, m.start()) if whole else None
        if reached is not None:
            reached.hint = hint
            return reached
    return None


def _count_at(text: str, at: int) -> Candidate | None:
    """The count that starts at ``at``, though it follows "the" ("of the 20 promised consulates"), or None."""
    m = _COUNT.match(text, at)
    if m is None or m.group("bound") or re.fullmatch(_YEAR, m.group("num")):
        return None
    value = _value(m.group("num"), m.group("scale"))
    if value is None:
        return None
    fields = {"value": value, "unit": m.group("unit").lower(), "bound": "exact"}
    return Candidate("count", m.group(), m.start(), m.end(), fields, (m.start("num"), m.start("unit"), m.end()))


def _reached_as(text: str, figure: Candidate, bound: str, value: int | Decimal, stated: int) -> _Reached | None:
    """The fields of a figure reached, in the unit of the candidate ``figure`` (a count's unit up to the
    verb: "students", not "students had taken"), its words from ``stated``; None for a count with no unit
    before its verb."""
    _, unit_start, end = figure.figure or (figure.start, figure.end, figure.end)
    unit = figure.fields["unit"]
    if figure.kind == "count":
        end = unit_start
        for word in _WORD.finditer(text, unit_start, figure.figure[2] if figure.figure else figure.end):
            if _key(word.group()) in _NOT_UNIT:
                break
            end = word.end()
        if end == unit_start:
            return None
        unit = text[unit_start:end].lower()
    fields = {"value": value, "unit": unit, "bound": bound, "stated_as": text[stated:end]}
    return _Reached(fields, unit)


#: Types whose labels name units of measure, not things a text is about.
_NOT_MENTIONED = frozenset({"CountUnit"})
#: The longest name, in words and signs (in a script without spaces, characters), looked for in a text.
_MAX_NAME_TOKENS = 64
#: _FOLD for str.translate: each variant becomes one character, so offsets stay as they are.
_FOLD_TABLE = str.maketrans(_FOLD)
_FOLD_RUNS = runs_of(_FOLD_TABLE)
#: The marks that may follow a kana (its voicing), and make one token with it.
_KANA_MARKS = frozenset("\u3099\u309a\uff9e\uff9f")
#: The fields whose values name an entity: its labels, in any language, and its abbreviation.
_NAME_FIELDS = ("label", "labels", "alt_label", "alt_labels", "alternative_labels", "abbreviation")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The tokens of a name (:func:`.scripts.name_tokens`) in NFKC form with typographic variants folded
    (curly quotes, dashes); white space, ``*`` emphasis and ``・`` do not count. Their offsets are those of
    the folded text."""
    return name_tokens(nfkc(text).text.translate(_FOLD_TABLE))


def _texts(value) -> list[str]:
    """The literal text of a value as the reader gives it: a string, a language-tagged text (its ``value``),
    or several of them (a list, or a mapping of language to text)."""
    if isinstance(value, str):
        return [str(value)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _texts(v)]
    inner = getattr(value, "value", None)
    return _texts(inner) if inner is not None and inner is not value else [str(value)]


@dataclass(frozen=True)
class _Name:
    entity: str
    type: str
    label: str
    defined_in: str
    exact: tuple[str, ...] | None  # for a name in capitals (UHC), the case must match


def _names(sources: Iterable) -> dict[tuple[str, ...], list[_Name]]:
    """Every name the fact files give an entity (label, abbreviation, and
    the labels of ``about:`` entries), keyed by its folded, case-folded words."""
    defined = {e.id: (src, e) for src in sources for e in src.entities if not e.about}
    names: dict[tuple[str, ...], list[_Name]] = {}
    for src in sources:
        for entity in src.entities:
            if entity.id not in defined or entity.type in _NOT_MENTIONED:
                continue
            home, first = defined[entity.id]
            labels = [t for v in first.values.get("label", []) for t in _texts(v)]
            label = labels[0] if labels else entity.id
            for key, name in _entity_names(entity, _Name(entity.id, first.type, label, home.source_id, None)):
                bucket = names.setdefault(key, [])
                if name not in bucket:
                    bucket.append(name)
    return names


def _entity_names(entity, name: _Name) -> list[tuple[tuple[str, ...], _Name]]:
    """The names one entry of a fact file gives its entity (``name`` without ``exact``), each with its
    folded, case-folded words; none of no words or of more than :data:`_MAX_NAME_TOKENS`."""
    found = []
    for written in (t for key in _NAME_FIELDS for v in entity.values.get(key, []) for t in _texts(v)):
        words = tuple(t for t, _, _ in _tokens(written))
        if not words or len(words) > _MAX_NAME_TOKENS:
            continue
        exact = words if not any(c.islower() for c in written) else None
        found.append((tuple(w.casefold() for w in words), replace(name, exact=exact)))
    return found


def mentions(text: str, sources: Iterable) -> list[Candidate]:
    """Where ``text`` names an entity the fact files ``sources`` hold: one
    candidate per entity, at its first mention, with how often it is named.

    A name matches whole words, whatever the case (but a name written in
    capitals, such as an abbreviation, only in capitals), with curly and
    straight quotes, dashes and spacing alike, in NFKC form (full-width
    and half-width alike). In a script written without spaces (Japanese,
    Chinese) a name matches wherever its characters stand, ``・`` and
    spaces between them or not. Where names overlap, the longest wins:
    "India-Japan Industrial Competitiveness Partnership" is one mention,
    not one of India and one of Japan.
    """
    names = _names(sources)
    if not names:
        return []
    reach = 0  # where the names kept so far end: they start in text order, so one ending before is inside
    first: dict[str, Candidate] = {}
    for start, end, hits in _longest_names(text, _name_tree(names)):
        if end <= reach:
            continue  # inside a longer name
        reach = end
        _count_mentions(first, hits, text, start, end)
    return sorted(first.values(), key=lambda c: (c.start, c.end, c.fields["about"]))


def _name_tree(names: dict[tuple[str, ...], list[_Name]]) -> dict:
    """The names as a tree of their words: from each word of the text, one walk down it as far as the text
    follows a name (at most _MAX_NAME_TOKENS words), whatever the number of names. A node's ``None`` holds
    the names that end there."""
    tree: dict = {}
    for key, named in names.items():
        node = tree
        for word in key:
            node = node.setdefault(word, {})
        node[None] = named
    return tree


def _longest_names(text: str, tree: dict) -> Iterator[tuple[int, int, list[_Name]]]:
    """From each token of ``text`` in turn, the longest name of ``tree`` that starts there, if any: its start,
    end and names. The text is read in NFKC form with its typographic variants folded (:func:`.scripts.nfkc`,
    offsets mapped back). Of a script without spaces only the characters a name starts with are looked at
    (:func:`.scripts.token_starts`); from each, the walk down the tree reads the tokens after it."""
    folded = nfkc(text)
    plain = translate_runs(folded.text, _FOLD_TABLE, _FOLD_RUNS)
    unspaced = "".join(sorted(key[0] for key in tree if key is not None and without_spaces(key[0])))
    tokens = token_pattern()
    for word in token_starts(unspaced).finditer(plain):
        key = word.group().casefold()
        if key in tree:
            best = _longest_name(tree[key], word, plain, tokens)
            if best is not None:
                yield folded.start(word.start()), folded.end(best[0]), best[1]


def _longest_name(node: dict, first: re.Match, text: str, tokens: re.Pattern) -> tuple[int, list[_Name]] | None:
    """The end and names of the longest name that starts with the token ``first`` of ``text`` (whose node of
    the tree is ``node``) and goes on with the tokens after it; a name in capitals only where it is written
    so. None if there is none."""
    best = None
    words = [first.group()]
    end = first.end()
    while True:
        hits = node.get(None)
        if hits:
            exact = tuple(words)
            hits = [h for h in hits if h.exact is None or h.exact == exact]
            if hits:
                best = (end, hits)  # the longest that matches wins
        token, after = _next_token(text, end, tokens)
        child = node.get(token.casefold()) if token else None
        if child is None:
            break
        node = child
        words.append(token)
        end = after
    return best


def _next_token(text: str, at: int, tokens: re.Pattern) -> tuple[str, int]:
    """The token of ``text`` from ``at`` on (past white space, * and ・) and where it ends; "" at the end. A
    kana or Han character with no mark after it is a token of its own, read without the pattern."""
    char = text[at : at + 1]
    kana_or_han = ("\u3041" <= char <= "\u30ff" and char != "\u30fb") or "\u4e00" <= char <= "\u9fff"
    if kana_or_han and text[at + 1 : at + 2] not in _KANA_MARKS:
        return char, at + 1
    word = tokens.search(text, at)
    return (word.group(), word.end()) if word else ("", at)


def _count_mentions(first: dict[str, Candidate], hits: list[_Name], text: str, start: int, end: int) -> None:
    """Count a mention of each of ``hits`` at ``start``-``end``: a candidate at an entity's first."""
    for hit in hits:
        if hit.entity in first:
            first[hit.entity].fields["occurs"] += 1
            continue
        first[hit.entity] = Candidate(
            "mention",
            text[start:end],
            start,
            end,
            {
                "about": hit.entity,
                "type": hit.type,
                "graph_label": hit.label,
                "defined_in": hit.defined_in,
                "occurs": 1,
            },
        )


def stubs_yaml(candidates: list[Candidate]) -> str:
    """The candidates as YAML stubs: each with its quote and offsets, and
    what it says, for a curator to finish (type, id, label, directions).

    Each stub is written as PyYAML writes one item of the list (the same
    text as the whole list at once); a stub that says what an earlier one
    said, at other offsets, reuses its text with the offsets put in (a
    text of one figure repeated costs one YAML emitter run, not one each)."""
    from .writing import dump

    written: dict[str, str] = {}
    parts = []
    for c in candidates:
        stub = {
            "kind": c.kind,
            **{k: (str(v) if isinstance(v, Decimal) else v) for k, v in c.fields.items()},
            "evidence": [{"quote": c.quote, "start": 0, "end": 0}],
        }
        key = repr(stub)
        head = written.get(key)
        if head is None:
            text = dump([stub])
            head = text.removesuffix(_OFFSETS_WRITTEN)  # the offsets are the stub's last two lines
            if head == text:  # pragma: no cover - PyYAML writes them so; if not, write each stub whole
                head = None
                parts.append(dump([{**stub, "evidence": [{"quote": c.quote, "start": c.start, "end": c.end}]}]))
                continue
            written[key] = head
        parts.append(f"{head}    start: {c.start}\n    end: {c.end}\n")
    header = (
        f"# {len(candidates)} candidate facts: keep what is right. Give a figure, period or date a type,"
        " id and label;\n# a mention becomes an `about:` entry once kind, graph_label, defined_in and"
        " occurs are dropped\n"
    )
    return header + "".join(parts)


#: How the placeholder offsets of a stub end its YAML text.
_OFFSETS_WRITTEN = "    start: 0\n    end: 0\n"
