"""Candidate facts in a source text, for a curator to accept or drop:
`jointvision suggest`.

It finds amounts of money with their currency and parsed value (the Indian
lakh and crore included), counts with their unit and bound ("more than
500,000 personnel" is at least 500000), a rate that follows either in the
same clause ("each year"), periods ("2022-2026", "between 2028 and 2032",
"over the next five years", "a two day visit"), years a thing is due by
("by 2030"), ordinals of events ("the 15th ... Annual Summit") and dates
("29-30 August 2025"), each with its quote and its code-point offsets. Numbers written as words ("twenty-five", "five
hundred thousand") are read by text2num. With the graph's fact files it
also finds mentions of the entities they already hold, by each one's label,
alternative labels and abbreviation (:func:`mentions`). Nothing goes into
the data: the curator copies what is right into a fact file.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import islice

from text_to_num import text2num

from .cite import _FOLD
from .kinds import DECIMAL_DIGITS, FRACTION_DIGITS

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
_YEARS_IN_WORDS = re.compile(
    r"\b(?:between|from)\s+(?P<a>(?:19|20)\d\d)\s+(?:and|to|until|till)\s+"
    r"(?P<b>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
#: A year a thing is due by: "twenty-five new ties by 2030".
_BY_YEAR = re.compile(
    r"\b(?:by|until|till|no later than)\s+(?:the\s+end\s+of\s+)?(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE
)
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


@dataclass
class Candidate:
    """One candidate fact: what kind, the words, where, and what it says."""

    kind: str  # amount, count, period, date, due (a year), ordinal, mention
    quote: str
    start: int
    end: int
    fields: dict = field(default_factory=dict)


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


def suggest(text: str, sources: Iterable | None = None) -> list[Candidate]:
    """Every candidate of ``text``, in text order: figures, periods and
    dates, and, given the fact files ``sources``, mentions of their entities."""
    finder = _Finder(text)
    # in this order: a later kind is not looked for where an earlier one was found
    _find_amounts(finder)
    _find_periods(finder)
    _find_due_years(finder)
    _find_ordinals(finder)
    _find_dates(finder)
    _find_counts(finder)
    found = finder.found
    if sources is not None:
        found.extend(mentions(text, sources))
    return sorted(found, key=lambda c: (c.start, c.end))


class _Finder:
    """The candidates found in ``text`` so far, and what they cover: one byte a character, so that a match
    overlaps them if any byte of its span is set (a search in C of the match's own length, however many
    candidates there are)."""

    def __init__(self, text: str) -> None:
        """No candidates yet."""
        self.text = text
        self.found: list[Candidate] = []
        self.taken = bytearray(len(text) + 1)

    def overlaps(self, match: re.Match) -> bool:
        """Whether ``match`` overlaps a candidate found already."""
        return self.taken.find(1, match.start(), match.end()) >= 0

    def add(self, kind: str, match: re.Match, fields: dict) -> None:
        """Keep ``match`` as a candidate of ``kind``; an amount or count runs on to a rate that follows it in
        the same clause, which it then states (``per``)."""
        text = self.text
        start, end = match.span()
        if kind in ("amount", "count"):
            rate = _RATE.match(text, end)
            if rate:  # the quote runs on to the rate's words, which it then states
                word = _key(rate.group("unit") or rate.group("rate").split()[-1])
                fields["per"], end = _PER[word], rate.end()
        self.found.append(Candidate(kind, text[start:end], start, end, fields))
        self.taken[start:end] = b"\x01" * (end - start)


def _find_amounts(finder: _Finder) -> None:
    """Amounts of money, with their value, currency and bound."""
    for m in _AMOUNT.finditer(finder.text):
        cur = _key(m.group("cur") or m.group("cur2"))
        value = _value(m.group("num") or m.group("num2"), m.group("scale") or m.group("scale2"))
        if value is None:
            continue  # more digits than a figure has
        fields = {
            "value": value,
            "unit": CURRENCIES.get(cur, cur.upper()).lower(),
            "bound": BOUNDS.get(_key(m.group("bound") or m.group("bound2") or ""), "exact"),
        }
        finder.add("amount", m, fields)


def _find_periods(finder: _Finder) -> None:
    """Periods: spans of years ("2022-2026", "between 2028 and 2032"), then lengths ("over the next five
    years", "a two day visit"), where nothing was found yet."""
    for pattern in (_YEARS, _YEARS_IN_WORDS):
        for m in pattern.finditer(finder.text):
            if int(m.group("a")) < int(m.group("b")) and not finder.overlaps(m):
                finder.add("period", m, {"period": {"start_year": int(m.group("a")), "end_year": int(m.group("b"))}})
    for pattern in (_DURATION, _DURATION_ADJECTIVE):
        for m in pattern.finditer(finder.text):
            duration = _duration(m.group("n"), m.group("unit"))
            if duration and not finder.overlaps(m):
                finder.add("period", m, {"period": {"duration": duration}})


def _find_due_years(finder: _Finder) -> None:
    """Years a thing is due by ("by 2030"), where nothing was found yet."""
    for m in _BY_YEAR.finditer(finder.text):
        if not finder.overlaps(m):
            finder.add("due", m, {"end_year": int(m.group("year"))})


def _find_ordinals(finder: _Finder) -> None:
    """Ordinals of events ("the 15th ... Annual Summit")."""
    for m in _ORDINAL.finditer(finder.text):
        finder.add("ordinal", m, {"ordinal": int(m.group("n"))})


def _find_dates(finder: _Finder) -> None:
    """Dates, day first ("29-30 August 2025"), then month first ("August 29, 2025", "September 3") where
    nothing was found yet."""
    for m in _DATE.finditer(finder.text):
        month, year = MONTHS[_key(m.group("month"))], int(m.group("year"))
        dates = {"start_date": f"{year}-{month:02d}-{int(m.group('d1')):02d}"}
        if m.group("d2"):
            dates["end_date"] = f"{year}-{month:02d}-{int(m.group('d2')):02d}"
        finder.add("date", m, dates)
    for m in _DATE_MONTH_FIRST.finditer(finder.text):
        if finder.overlaps(m):
            continue
        finder.add("date", m, _month_first_dates(m))


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
        finder.add("count", m, fields)


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


#: Types whose labels name units of measure, not things a text is about.
_NOT_MENTIONED = frozenset({"CountUnit"})
#: The longest name, in words and signs, looked for in a text.
_MAX_NAME_TOKENS = 40
_TOKEN = re.compile(r"\w+|[^\w\s*]")
#: _FOLD for str.translate: each variant becomes one character, so offsets stay as they are.
_FOLD_TABLE = str.maketrans(_FOLD)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The words and signs of ``text`` with typographic variants folded
    (curly quotes, dashes), and where each stands; white space and ``*``
    emphasis do not count."""
    return [("".join(_FOLD.get(c, c) for c in m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


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
            label = str(first.values["label"][0].value) if first.values.get("label") else entity.id
            for key, name in _entity_names(entity, _Name(entity.id, first.type, label, home.source_id, None)):
                bucket = names.setdefault(key, [])
                if name not in bucket:
                    bucket.append(name)
    return names


def _entity_names(entity, name: _Name) -> list[tuple[tuple[str, ...], _Name]]:
    """The names one entry of a fact file gives its entity (``name`` without ``exact``), each with its
    folded, case-folded words; none of no words or of more than :data:`_MAX_NAME_TOKENS`."""
    found = []
    for key in ("label", "abbreviation"):
        for value in entity.values.get(key, []):
            words = tuple(t for t, _, _ in _tokens(str(value.value)))
            if not words or len(words) > _MAX_NAME_TOKENS:
                continue
            exact = words if not any(c.islower() for c in str(value.value)) else None
            found.append((tuple(w.casefold() for w in words), replace(name, exact=exact)))
    return found


def mentions(text: str, sources: Iterable) -> list[Candidate]:
    """Where ``text`` names an entity the fact files ``sources`` hold: one
    candidate per entity, at its first mention, with how often it is named.

    A name matches whole words, whatever the case (but a name written in
    capitals, such as an abbreviation, only in capitals), with curly and
    straight quotes, dashes and spacing alike. Where names overlap, the
    longest wins: "India-Japan Industrial Competitiveness Partnership" is
    one mention, not one of India and one of Japan.
    """
    names = _names(sources)
    if not names:
        return []
    kept: deque[tuple[int, int]] = deque(maxlen=_MAX_NAME_TOKENS)
    first: dict[str, Candidate] = {}
    for start, end, hits in _longest_names(text, _name_tree(names), max(len(k) for k in names)):
        if any(s <= start and end <= e for s, e in kept):
            continue  # inside a longer name
        kept.append((start, end))
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


def _longest_names(text: str, tree: dict, depth: int) -> Iterator[tuple[int, int, list[_Name]]]:
    """From each word of ``text`` in turn, the longest name of ``tree`` (of at most ``depth`` words) that
    starts there, if any: its start, end and names. The text's words are folded (one character for one:
    offsets stay) and read lazily, a window at a time."""
    words = ((m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text.translate(_FOLD_TABLE)))
    window: deque[tuple[str, str, int, int]] = deque()
    more = True
    while True:
        while more and len(window) < depth:
            word = next(words, None)
            if word is None:
                more = False
            else:
                window.append((word[0].casefold(), *word))
        if not window:
            break
        best = _longest_name(tree, window)
        start = window.popleft()[2]
        if best is not None:
            yield start, best[0], best[1]


def _longest_name(tree: dict, window: deque[tuple[str, str, int, int]]) -> tuple[int, list[_Name]] | None:
    """The end and names of the longest name of ``tree`` that the words of ``window`` begin with (one in
    capitals only if they are written so), or None."""
    node = tree
    best = None
    for n, (key, _, _, end) in enumerate(window, 1):
        child = node.get(key)
        if child is None:
            break
        node = child
        hits = node.get(None)
        if hits:
            exact = tuple(w for _, w, _, _ in islice(window, n))
            hits = [h for h in hits if h.exact is None or h.exact == exact]
            if hits:
                best = (end, hits)  # the longest that matches wins
    return best


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
