"""Candidate facts in a source text, for a curator to accept or drop:
`jointvision suggest`.

It finds amounts of money with their currency and parsed value (the Indian
lakh and crore included), counts with their unit and bound ("more than
500,000 personnel" is at least 500000), periods ("2022-2026", "over the
next five years") and dates ("29-30 August 2025"), each with its quote and
its code-point offsets. Nothing goes into the data: the curator copies what
is right into a fact file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

#: Scale words, and what they multiply by.
SCALES = {"thousand": 10**3, "lakh": 10**5, "lakhs": 10**5, "lac": 10**5, "million": 10**6, "crore": 10**7,
          "crores": 10**7, "billion": 10**9, "trillion": 10**12}
#: How a currency is written, and its ISO 4217 code.
CURRENCIES = {"jpy": "JPY", "yen": "JPY", "¥": "JPY", "usd": "USD", "us$": "USD", "$": "USD", "inr": "INR",
              "rs": "INR", "rs.": "INR", "₹": "INR", "rupees": "INR", "eur": "EUR", "€": "EUR"}
#: Number words a count or a duration may be written in.
WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100})
#: Words before a figure that bound it.
BOUNDS = {"more than": "at-least", "over": "at-least", "at least": "at-least", "upwards of": "at-least",
          "up to": "at-most", "at most": "at-most", "less than": "at-most", "about": "about", "around": "about",
          "nearly": "about", "approximately": "about", "some": "about"}
MONTHS = {m: i for i, m in enumerate("january february march april may june july august september october "
                                     "november december".split(), 1)}

#: Words that end a unit ("500,000 personnel in ..."): a unit is at most two words, neither of these.
_STOP = "(?:in|into|to|of|for|from|and|or|the|a|an|by|with|on|at|per|over|under|between|each|every|from)"
_NUMBER = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_BOUND = "|".join(sorted(BOUNDS, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?:(?P<bound>{_BOUND})\s+)?(?P<cur>JPY|USD|US\$|INR|EUR|Rs\.?|₹|\$|¥|€)\s?(?P<num>{_NUMBER})"
    rf"(?:\s+(?P<scale>{_SCALE}))?\b"
    rf"|(?:(?P<bound2>{_BOUND})\s+)?(?P<num2>{_NUMBER})(?:\s+(?P<scale2>{_SCALE}))?\s+(?P<cur2>yen|rupees)\b",
    re.IGNORECASE)
_COUNT = re.compile(
    rf"(?:(?P<bound>{_BOUND})\s+)?(?P<num>{_NUMBER}|{'|'.join(WORDS)})(?:\s+(?P<scale>{_SCALE}))?"
    rf"\s+(?P<unit>(?!years?\b|months?\b|per\b|percent\b|{_STOP}\b)[a-z][a-z-]+(?:\s+(?!{_STOP}\b)[a-z][a-z-]+)?)",
    re.IGNORECASE)
_YEARS = re.compile(r"\b(?P<a>(?:19|20)\d\d)\s?[-–—]\s?(?P<b>(?:19|20)\d\d)\b")
_DURATION = re.compile(rf"\b(?:over|in|within|for|during)\s+(?:the\s+)?(?:next\s+)?(?P<n>\d+|{'|'.join(WORDS)})"
                       r"\s+(?P<unit>years?|months?)\b", re.IGNORECASE)
_DATE = re.compile(r"\b(?P<d1>\d{1,2})(?:(?:\s?[-–]\s?|\s+to\s+)(?P<d2>\d{1,2}))?\s+(?P<month>" + "|".join(MONTHS)
                   + r")\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)


_DATE_MONTH_FIRST = re.compile(r"\b(?P<month>" + "|".join(MONTHS) + r")\s+(?P<d1>\d{1,2})"
                               r"(?:(?:\s?[-–]\s?|\s+to\s+)(?P<d2>\d{1,2}))?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b",
                               re.IGNORECASE)


@dataclass
class Candidate:
    """One candidate fact: what kind, the words, where, and what it says."""

    kind: str  # amount, count, period, date
    quote: str
    start: int
    end: int
    fields: dict = field(default_factory=dict)


def _number(text: str) -> Decimal:
    return Decimal(WORDS[text.lower()]) if text.lower() in WORDS else Decimal(text.replace(",", ""))


def _value(num: str, scale: str | None) -> int | Decimal:
    value = _number(num) * (SCALES[scale.lower()] if scale else 1)
    return int(value) if value == value.to_integral_value() else value


def suggest(text: str) -> list[Candidate]:
    """Every candidate of ``text``, in text order."""
    found: list[Candidate] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, match: re.Match, fields: dict) -> None:
        start, end = match.span()
        found.append(Candidate(kind, text[start:end], start, end, fields))
        taken.append((start, end))

    for m in _AMOUNT.finditer(text):
        cur = (m.group("cur") or m.group("cur2")).lower()
        fields = {"value": _value(m.group("num") or m.group("num2"), m.group("scale") or m.group("scale2")),
                  "unit": CURRENCIES.get(cur, cur.upper()).lower(),
                  "bound": BOUNDS.get((m.group("bound") or m.group("bound2") or "").lower(), "exact")}
        add("amount", m, fields)
    for m in _YEARS.finditer(text):
        if int(m.group("a")) < int(m.group("b")):
            add("period", m, {"period": {"start_year": int(m.group("a")), "end_year": int(m.group("b"))}})
    for m in _DURATION.finditer(text):
        n = int(_number(m.group("n")))
        add("period", m, {"period": {"duration": f"P{n}{'Y' if m.group('unit').lower().startswith('y') else 'M'}"}})
    for m in _DATE.finditer(text):
        month, year = MONTHS[m.group("month").lower()], int(m.group("year"))
        dates = {"start_date": f"{year}-{month:02d}-{int(m.group('d1')):02d}"}
        if m.group("d2"):
            dates["end_date"] = f"{year}-{month:02d}-{int(m.group('d2')):02d}"
        add("date", m, dates)
    for m in _DATE_MONTH_FIRST.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        month = MONTHS[m.group("month").lower()]
        # without a year in the words, only the day and month (xsd:gMonthDay): no year is made up
        form = (lambda d: f"{int(m.group('year'))}-{month:02d}-{int(d):02d}") if m.group("year") else \
            (lambda d: f"--{month:02d}-{int(d):02d}")
        dates = {"start_date": form(m.group("d1"))}
        if m.group("d2"):
            dates["end_date"] = form(m.group("d2"))
        if not m.group("year"):
            dates["year"] = "not stated in these words"
        add("date", m, dates)
    for m in _COUNT.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue  # part of an amount, a period or a date
        if re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
            continue  # a year
        value = _value(m.group("num"), m.group("scale"))
        if m.group("num").lower() in WORDS and value < 2 and not m.group("bound"):
            continue  # "one of the", "zero"
        add("count", m, {"value": value, "unit": m.group("unit").lower(),
                         "bound": BOUNDS.get((m.group("bound") or "").lower(), "exact")})
    return sorted(found, key=lambda c: (c.start, c.end))


def stubs_yaml(candidates: list[Candidate]) -> str:
    """The candidates as YAML stubs: each with its quote and offsets, and
    what it says, for a curator to finish (type, id, label, directions)."""
    import yaml

    out = []
    for c in candidates:
        stub = {"kind": c.kind, **{k: (str(v) if isinstance(v, Decimal) else v) for k, v in c.fields.items()},
                "evidence": [{"quote": c.quote, "start": c.start, "end": c.end}]}
        out.append(stub)
    header = f"# {len(candidates)} candidate facts: keep what is right, give each a type, id and label\n"
    return header + (yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=10_000) if out else "")
