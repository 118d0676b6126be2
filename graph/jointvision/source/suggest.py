"""Candidate facts in a source text, for a curator to accept or drop:
`jointvision suggest`.

It finds amounts of money with their currency and parsed value (the Indian
lakh and crore included), counts with their unit (a noun phrase: "6
agreements were signed" counts agreements) and bound ("more than 500,000
personnel" is at least 500000), a rate that follows either in the same
clause ("each year") or a unit it is counted per ("Rs 2.5 lakh per
trainee"), how often a thing is done ("twice a year", "every two years",
"annually": kind ``rate``), periods ("2022-2026", "between 2028 and 2032",
"from April 2026 to March 2031", "FY 2025-26", "since 2022", "over the next
five years", "a two day visit"), dates a thing is due by ("by 2030", "by
March 2031"), ordinals of events ("the 15th ... Annual Summit", "the first
meeting"), dates ("29-30 August 2025", "19 and 20 March 2022", "January
2019", "in 2028"), shares ("40 per cent") and figures with no unit ("to
2,000 by 2030"), each with its quote and its code-point offsets; a range
("USD 5-10 billion", "3,000 to 5,000 workers") is two candidates, its ends
at least and at most. Numbers
written as words ("twenty-five", "five hundred thousand") are read by
text2num. A count of the text's own parts ("eight directions", "three
sections") is none, unless a target's words go with it. A sentence that
reports what had been reached by a date ("By June 2031, 2,000 nurses had
been trained") is a progress stub, with its date and amount; a promise
("will train 5,000 nurses by 2031") is not. With the graph's fact files it
also finds mentions of the entities they already hold (:func:`.mentions.mentions`:
exact, or near, saying how they differ), amounts in the currencies they
define, and, for each progress stub, the targets of the same unit it may be
toward. Nothing goes into the data: the curator copies what is right into a
fact file.

The fields a draft writer reads, beside ``kind``, ``quote``, ``start`` and
``end`` (a candidate's ``fields``; those marked "with the graph" only when
suggest is given fact files, ``sources``, even an empty list):

- amount: ``value``, ``bound`` (exact, at-least, at-most, about), ``unit``
  (with the graph: the id of its Currency entry, the graph's or one proposed;
  without: the ISO 4217 code in lower case), ``per`` (an interval, ``P1Y``, or
  a unit it is counted per, as ``unit`` is for a count), and with the graph
  ``new_unit`` where the graph has no such currency: the entry to add,
  ``{id, type: Currency, label, iso4217}``.
- count: ``value``, ``bound``, ``unit`` (with the graph: the id of its
  CountUnit entry, the graph's or one proposed; without, or where its words
  make no id: its words in lower case; None for a figure with no unit),
  ``unit_words`` (with the graph: the text's words, "skilled personnel"),
  ``new_unit`` (with the graph, where no unit of the graph fits:
  ``{id, type: CountUnit, label}``), ``per`` as an amount's.
- for a unit counted per ("per trainee"): ``per`` (its id, as ``unit``),
  ``per_words`` and ``new_per_unit`` (as ``unit_words`` and ``new_unit``).
- rate: ``times`` and ``per`` ("twice a year": 2 and ``P1Y``): a fact file
  holds it as a target's ``value`` ``per`` an interval; an event's frequency
  has no field yet.
- period: ``period`` (``start_year``/``end_year``, ``start``/``end`` at year
  or month precision, or ``duration``; "since 2022" gives ``start`` alone).
- date: ``start_date`` (and ``end_date``; two days apart joined by "and":
  ``dates``); due: ``due`` (and ``fiscal_year: true`` for "by FY2030": which
  March ends it is the curator's to say); ordinal: ``ordinal``; share:
  ``share`` (per cent).
- mention: ``about``, ``type``, ``graph_label``, ``defined_in``, ``occurs``;
  a near one ``match: near`` and ``differs`` (a short sentence: "text lacks
  'India – Japan'"); ``abbreviation`` where the text gives the name one.

The same units resolved are on the candidate as :class:`UnitRef`s,
``unit_ref`` and ``per_ref`` (with the graph): ``id`` (None where the words
make none: the curator names it), ``label``, ``type``, ``new`` (an entry to
add: :meth:`UnitRef.entry`), ``words``.

Japanese and Hindi have pattern tables of their own (:mod:`.suggest_ja`,
:mod:`.suggest_hi`, on :mod:`.suggest_base`), tried before English's on a
text in those languages (its fact file's ``language:``, or the scripts it is
written in); digits of every script are read as ASCII ones
(:mod:`.numerals`), and mentions are found by labels in any language, in a
script without spaces by the longest label (:mod:`.scripts`); near matches,
units resolved from their words and the rules of noun phrases are English's.
Each also has its words for a report of what was reached
(:class:`.suggest_base.ProgressWords`): its progress stubs are made as
English's are, from the figures and dates found in a sentence that reports
and promises nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from text_to_num import text2num

from . import suggest_hi, suggest_ja
from .kinds import DECIMAL_DIGITS, FRACTION_DIGITS
from .mentions import NAME_FIELDS, mentions, texts_of
from .numerals import as_ascii
from .scripts import (
    languages_of,
    latin_only,
)
from .suggest_base import (
    Anchored,
    Candidate,
    Currencies,
    Match,
    ProgressWords,
    UnitRef,
    add_range,
    singular,
    word_set,
)

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
    "mn": 10**6,
    "mln": 10**6,
    "bn": 10**9,
    "bln": 10**9,
    "tn": 10**12,
    "trn": 10**12,
    "cr": 10**7,
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
    "rupee": "INR",
    "indian rupees": "INR",
    "japanese yen": "JPY",
    "dollars": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "eur": "EUR",
    "€": "EUR",
    "euros": "EUR",
    "euro": "EUR",
}
#: The names of the ISO 4217 codes above, for a currency the graph does not hold yet.
CURRENCY_LABELS = {"JPY": "Japanese yen", "USD": "US dollar", "INR": "Indian rupee", "EUR": "euro"}
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
_WORD_NUMBER_WORDS = (
    rf"(?<![\w-])(?:{'|'.join(_UNITS)})(?:(?:\s+|-)(?:and\s+)?(?:{'|'.join(_UNITS)}|hundred|thousand))"
    rf"{{0,{_MAX_NUMBER_WORDS}}}"
)
_WORD_NUMBER = rf"{_WORD_NUMBER_WORDS}(?![\w-])"
#: Words before a figure that bound it.
BOUNDS = {
    "not less than": "at-least",
    "no less than": "at-least",
    "no fewer than": "at-least",
    "not fewer than": "at-least",
    "not more than": "at-most",
    "no more than": "at-most",
    "not exceeding": "at-most",
    "not exceed": "at-most",
    "not to exceed": "at-most",
    "a maximum of": "at-most",
    "a minimum of": "at-least",
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
#: Months as the press abbreviates them ("29 Aug 2025", "Sept. 2030"), with or without a point.
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sept": 9, "sep": 9}
MONTH_ABBREVIATIONS.update({"oct": 10, "nov": 11, "dec": 12})
MONTHS.update(MONTH_ABBREVIATIONS)

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
#: "tn" and "trn" are a trillion only in an amount with its currency before ("JPY 5 tn", "¥5tn"): elsewhere
#: they are tonnes or Tamil Nadu ("15 TN fishermen", "997 mn tn of coal").
_MONEY_ONLY = ("tn", "trn")
_SCALE_WORD = "|".join(sorted((w for w in SCALES if w not in _MONEY_ONLY), key=len, reverse=True))
#: A scale word, or two ("1.5 lakh crore": 1.5 x 10^5 x 10^7).
_SCALE = rf"(?:{_SCALE_WORD})(?:\s+(?:{_SCALE_WORD}))?\b"
#: What stands between a figure and its scale: a space, or nothing before an abbreviation ("JPY 100bn").
_GAP = rf"(?:\s+|-(?=(?:{_SCALE_WORD})\b)|(?=(?:bn|bln|mn|mln|cr)\b))"
#: The scale of an amount with its currency before it: a scale word, or "tn", "trn" in lower case.
_MONEY_SCALE = rf"(?:{_SCALE}|(?-i:trn|tn)\b)"
_MONEY_GAP = rf"(?:{_GAP}|(?=(?-i:trn|tn)\b))"
#: A bound's words, tried only where one of their first letters stands (the patterns that start with an
#: optional bound are tried at every character of a text).
_BOUND = (
    f"(?=[{''.join(sorted({w[0] for w in BOUNDS}))}])(?<![A-Za-z])(?:{'|'.join(sorted(BOUNDS, key=len, reverse=True))})"
)
#: Bounds after an amount: "JPY 100 billion or more" is at least it.
BOUNDS_AFTER = {"or more": "at-least", "or above": "at-least", "or over": "at-least", "or less": "at-most"}
BOUNDS_AFTER.update({"or below": "at-most", "and above": "at-least", "and more": "at-least"})
_OR_MORE = (
    r"(?:or\s+(?:more|above|over|less|below)|and\s+(?:above|more))\b"
    r"(?=\s*(?:[.,;:!?)]|\Z)|\s+(?:in|by|for|during|until|till|per|each|every|annually|from|to|within|is|are|was|were|will)\b)"
)
#: A currency written before its figure; and one written after it, in words or as its code.
_CURRENCY_SIGN = r"JPY|USD|US\$|INR|EUR|Rs\.?|₹|\$|¥|€"
_CURRENCY_WORD = r"(?:Japanese\s+)?yen|(?:Indian\s+)?rupees?|(?:US\s+|U\.S\.\s+)?dollars|euros?"
_AMOUNT = re.compile(
    rf"(?:(?P<bound>{_BOUND})\s+)?(?<![A-Za-z])(?P<cur>{_CURRENCY_SIGN})\s?(?P<num>{_NUMBER})"
    rf"(?:{_MONEY_GAP}(?P<scale>{_MONEY_SCALE}))?\b(?:\s+(?P<after>{_OR_MORE}))?"
    rf"|(?:(?P<bound2>{_BOUND})\s+)?(?P<num2>{_NUMBER})(?:{_GAP}(?P<scale2>{_SCALE}))?\s+"
    rf"(?P<cur2>{_CURRENCY_WORD}|JPY|USD|INR|EUR)\b(?:\s+(?P<after2>{_OR_MORE}))?",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"(?:(?P<bound>{_BOUND})\s+)?(?<![A-Za-z])(?<![A-Za-z]-)(?P<num>{_NUMBER}|{_WORD_NUMBER}|(?<![\w-])a\s+dozen\b)"
    rf"(?:{_GAP}(?P<scale>{_SCALE}))?(?P<plus>\+(?=\s))?\s+(?P<unit>(?!years?\b|months?\b|weeks?\b|days?\b|times\b|per\b|percent\b|(?:{_SCALE_WORD})\b|{_STOP}\b)[a-z][a-z-]+"
    rf"(?:\s+(?!{_STOP}\b)[a-z][a-z-]+){{0,2}})",
    re.IGNORECASE,
)
#: A rate after a figure, in the same clause: "1,200 engineers from India to Japan each year".
_RATE = re.compile(
    r"(?:[^.;:!?\n\d]{0,60}?\s)?(?P<rate>(?:each|a|per|every)\s+(?P<unit>year|month|week|day)"
    r"|annually|yearly|per\s+annum|monthly|weekly|daily)\b",
    re.IGNORECASE,
)
#: The unit a figure is counted per, right after it: "Rs 2.5 lakh per trainee", "USD 40 per person".
_PER_UNIT = re.compile(
    r"\s+per\s+(?P<unit>(?!cent\b|annum\b|capita\b|(?:year|month|week|day)s?\b)[a-z][a-z-]*[a-z])\b", re.IGNORECASE
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
_FULL_MONTH = "|".join(m for m in MONTHS if m not in MONTH_ABBREVIATIONS)
#: A month's name, or its abbreviation with or without a point (read by :func:`_month_number`).
_MONTH = "|".join((_FULL_MONTH, *(rf"{m}\.?" for m in MONTH_ABBREVIATIONS)))
#: How often a thing is done, where no figure counts it: "twice a year", "every two years", "annually".
_RATE_ALONE = re.compile(
    rf"\b(?:(?:(?P<times>once|twice|thrice)|(?P<n>{_DIGITS}|{_WORD_NUMBER})\s+times)\s+"
    rf"(?:(?:a|an|per|each|every)\s+(?P<unit>year|month|week|day)|(?P<adverb2>annually|yearly|monthly|weekly|daily))"
    rf"|(?:every|each)\s+(?:(?P<every>{_DIGITS}|{_WORD_NUMBER}|other|alternate)\s+)?(?P<units>years?|months?|weeks?|days?)"
    rf"|(?P<adverb>annually|yearly|biennially|quarterly|monthly|weekly|daily|per\s+annum))\b",
    re.IGNORECASE,
)
#: The intervals of the adverbs of :data:`_RATE_ALONE`.
_EVERY = {"biennially": "P2Y", "quarterly": "P3M"}
#: How many times "once", "twice" and "thrice" say.
_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_YEAR = r"(?:19|20)\d\d"
_YEARS = re.compile(r"\b(?P<a>(?:19|20)\d\d)\s?[-–—]\s?(?P<b>(?:19|20)\d\d)\b")
#: A fiscal year of India or Japan, April to March: "FY 2025-26", "FY2025/26", "fiscal year 2025-2026"; or
#: without "FY", two years in the short form the fiscal years take: "2025-26" (``start_year``, ``end_year``).
_FISCAL_YEAR = re.compile(
    r"\b(?P<fy>FY\s?|(?i:fiscal|financial)\s+(?i:year)\s+)?(?P<a>(?:19|20)\d\d)(?:[-–—/](?P<b>\d\d(?:\d\d)?))"
    r"(?![\d-])"
)
_DURATION = re.compile(
    rf"\b(?:over|in|within|for|during)\s+(?:the\s+)?(?:next\s+|coming\s+|past\s+)?"
    rf"(?:(?:at\s+least|more\s+than|up\s+to|about|around|nearly|some)\s+)?"
    rf"(?P<n>{_DIGITS}|{_WORD_NUMBER})\s+(?P<unit>years?|months?|weeks?|days?)\b",
    re.IGNORECASE,
)
#: A length used as an adjective: "a two day official visit", "a five-year plan".
_DURATION_ADJECTIVE = re.compile(
    rf"\b(?P<n>{_DIGITS}|{_WORD_NUMBER_WORDS}(?!\w))[-\s](?P<unit>year|month|week|day)(?![\w-])", re.IGNORECASE
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
_BY_DATE = re.compile(
    rf"\b(?:by|until|till|no later than)\s+(?:the\s+end\s+of\s+|(?:the\s+)?(?:end|mid|middle)(?:-|\s+of\s+|\s+)"
    rf"|early\s+|late\s+)?(?P<fy>FY\s?|(?:fiscal|financial)\s+year\s+)?{_DATE_WORDS}",
    re.IGNORECASE,
)
#: The place of an event in its series: "the 15th India-Japan Annual Summit".
_ORDINAL = re.compile(
    rf"\b(?P<n>\d{{1,4}})(?:st|nd|rd|th)[^\S\n]+(?!Century\b|Centuries\b|(?i:{_FULL_MONTH})\b|(?i:{_MONTH})\.?\s+\d)"
    r"(?P<name>[A-Z][\w-]*(?:[^\S\n]+(?:[A-Z][\w-]*|of|on|for|and))*(?<!\sof)(?<!\son)(?<!\sfor)(?<!\sand))"
)
#: Words before a figure that refer back to things already named.
_REFERENCE = re.compile(
    r"\b(?:the|these|those|its|their|both|our|your|his|her)\s*['\"\u2018\u201c]?\s*\Z", re.IGNORECASE
)
_DATE = re.compile(
    r"\b(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:(?:\s?[-–]\s?|\s+to\s+|\s+(?P<and>and|&)\s+)(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?"
    r"\s+(?:of\s+)?(?P<month>" + _MONTH + r")\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


_DATE_MONTH_FIRST = re.compile(
    r"\b(?P<month>" + _MONTH + r")\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:(?:\s?[-–]\s?|\s+to\s+|\s+(?P<and>and|&)\s+)(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
#: A month of a year, no day: "signed in January 2019".
_MONTH_OF_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>{_YEAR})\b", re.IGNORECASE)
#: A year after "in", "during", "of" or "for": "will carry its first passengers in 2028", "the designation of
#: 2028 as ..." (not a span of years).
_IN_YEAR = re.compile(
    rf"\b(?:in|during|throughout|(?<!\bas\s)of|for)\s+(?P<year>{_YEAR})\b(?:\s+(?:and|or)\s+(?P<other>{_YEAR})\b)?(?!\s?[-–—/]\s?\d)",
    re.IGNORECASE,
)
#: A half or a quarter of a year: "the first half of 2027", "the third quarter of 2026".
_PART_OF_YEAR = re.compile(
    rf"\b(?:(?P<n>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<part>half|quarter)\s+of\s+(?P<year>{_YEAR})"
    rf"|(?P<letter>(?-i:[QH]))(?P<k>[1-4])[\s-]?(?P<year2>{_YEAR}))\b",
    re.IGNORECASE,
)
#: Where an open period starts: "since 2022", "since April 2022", "from 2027 onwards".
_SINCE = re.compile(
    rf"\b(?:since\s+(?:(?P<month>{_MONTH})\s+)?(?P<year>{_YEAR})\b(?!\s?[-–—/]\s?\d|\s+(?:to|until|till)\s)"
    rf"|from\s+(?:(?P<month2>{_MONTH})\s+)?(?P<year2>{_YEAR})\b(?:\s+onwards?\b)?"
    rf"(?!\s?[-–—/]\s?\d|\s+(?:to|until|till|through|and)\s))",
    re.IGNORECASE,
)
#: The place of an event in its series, in words: "the first meeting", "the Third Review".
_ORDINAL_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ],
        1,
    )
}
_ORDINAL_IN_WORDS = re.compile(
    rf"\b(?P<n>(?i:{'|'.join(_ORDINAL_WORDS)})|\d{{1,4}}(?:st|nd|rd|th))\s+"
    r"(?:(?!(?i:to|be|been|being|is|are|was|were|held|under|the|a|an|in|on|at|by|with|for|from|that|which|will"
    r"|would|has|have|had|since|after|before)\b)[^\s.,;:!?()]+\s+){0,8}?"
    r"(?i:summit|meeting|dialogue|review|session|conference|forum|round|edition|consultations?|anniversary)\b"
)


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
    if _key(text).endswith("dozen"):
        return Decimal(12)  # "a dozen"
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
    for word in scale.split() if scale else ():
        number *= SCALES[_key(word)]
    return int(number) if number == number.to_integral_value() else number


def _month(year: str, month: str | None) -> int | str:
    """A year (``2030``, as a fact file writes it) or, with its month, ``2030-03``."""
    return f"{int(year)}-{_month_number(month):02d}" if month else int(year)


def _at_precision(m: re.Match) -> int | str:
    """The date of a :data:`_DATE_WORDS` match at the precision the words give: ``2030``, ``2030-03`` or
    ``2030-03-31``."""
    date = _month(m.group("year"), m.group("month"))
    day = m.group("day") or m.group("day2")
    return f"{date}-{int(day):02d}" if day and m.group("month") else date


def _month_number(words: str) -> int:
    """The number of a month named by :data:`_MONTH` ("August", "Aug", "Aug.")."""
    return MONTHS[_key(words).rstrip(".")]


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
    languages = _language_patterns(text, language, sources)
    for lang in languages:
        lang.find(finder, graph.currency_names if graph else None)
    folded = finder.text  # the languages' progress words read it, digits in ASCII
    finder.text = latin_only(finder.text)  # English's patterns read no other script: they pass over it fast
    # in this order: a later kind is not looked for where an earlier one was found
    _find_ranges(finder)
    _find_amounts(finder, graph.currencies if graph else None)
    _find_periods(finder)
    _find_due_dates(finder)
    _find_ordinals(finder)
    _find_dates(finder)
    _find_ordinals_in_words(finder)
    _find_ranges(finder, counts=True)
    _find_counts(finder)
    _find_rates(finder)
    _find_progress(finder, graph)  # sentences that report what was reached, around the figures found
    for lang in languages:
        _find_progress_in(finder, folded, graph, lang.progress)
    _find_shares_and_bare_figures(finder)
    found = finder.found
    if graph is not None:
        _resolve_units(found, graph)
        found.extend(mentions(text, graph.sources))
    return sorted(found, key=lambda c: (c.start, c.end))


@dataclass(frozen=True)
class Language:
    """A language's tables: its patterns (``find(finder, currencies)``) and its words for a report of what was
    reached (see :mod:`.suggest_base`)."""

    find: Callable[[_Finder, Currencies | None], None]
    progress: ProgressWords


#: The languages with pattern tables of their own, by their primary BCP 47 subtag.
LANGUAGES = {
    "ja": Language(suggest_ja.find, suggest_ja.PROGRESS),
    "hi": Language(suggest_hi.find, suggest_hi.PROGRESS),
}


def _language_patterns(text: str, language: str | None, sources: list | None) -> list[Language]:
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
    return texts_of(getattr(value, "value", value))[0] if value is not None else None


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
        self.ranges: list | None = None  # the ranges' matches, found once for amounts and counts

    def overlaps(self, match: Match) -> bool:
        """Whether ``match`` overlaps a candidate found already."""
        return self.taken.find(1, match.start(), match.end()) >= 0

    def add(
        self,
        kind: str,
        match: Match,
        fields: dict,
        figure: tuple[int, int, int] | None = None,
        rate: bool = True,
        end: int | None = None,
        start: int | None = None,
    ) -> None:
        """Keep ``match`` (from ``start`` and up to ``end``, if given) as a candidate of ``kind``; an amount or
        count runs on to a rate that follows it in the same clause, which it then states (``per``: an interval,
        ``P1Y``, or the words of a unit it is counted per, "trainee"), unless ``rate`` is false."""
        start = match.start() if start is None else start
        end = match.end() if end is None else end
        if rate and kind in ("amount", "count"):
            per_unit = _PER_UNIT.match(self.text, end)
            found = None if per_unit else _RATE.match(self.text, end)
            if per_unit:  # "Rs 2.5 lakh per trainee"
                fields["per"], end = per_unit.group("unit").lower(), per_unit.end()
            elif found:  # the quote runs on to the rate's words, which it then states
                word = _key(found.group("unit") or found.group("rate").split()[-1])
                fields["per"], end = _PER[word], found.end()
        self.add_span(kind, start, end, fields, figure)

    def add_span(
        self, kind: str, start: int, end: int, fields: dict, figure: tuple[int, int, int] | None = None
    ) -> None:
        """Keep the words from ``start`` to ``end`` as a candidate of ``kind``."""
        self.found.append(Candidate(kind, self.original[start:end], start, end, fields, figure))
        self.taken[start:end] = b"\x01" * (end - start)


#: A range of two figures: "USD 5-10 billion", "between JPY 3 and 5 trillion", "3-5 trillion yen", "3,000 to
#: 5,000 workers"; the scale after the second figure is the first's too, unless the first has its own.
_RANGE = re.compile(
    rf"(?:(?P<between>between)\s+)?(?<![A-Za-z])(?:(?P<cur>{_CURRENCY_SIGN})\s?)?(?<![\w.,-])(?P<lo>{_NUMBER})"
    rf"(?:{_GAP}(?P<loscale>{_SCALE}))?(?P<sep>\s?[-–—]\s?|\s+(?:to|and)\s+)(?:(?P<cur3>{_CURRENCY_SIGN})\s?)?"
    rf"(?P<hi>{_NUMBER})(?:{_GAP}(?P<scale>{_SCALE}))?"
    rf"(?:\s+(?P<cur2>{_CURRENCY_WORD}|JPY|USD|INR|EUR)\b)?",
    re.IGNORECASE,
)
#: Where a range may start: "between", a currency sign, a figure.
_RANGES = Anchored(_RANGE, re.compile(r"[bBjJuUiIeErR$₹¥€](?<![A-Za-z].)|\d(?<![\w.,-]\d)"))
_FROM = re.compile(rf"\bfrom\s+(?:(?:{_BOUND}|just|only|a\s+mere)\s+)?\Z", re.IGNORECASE)
_RANGE_ON = re.compile(r"\s?[-–—]\s?\d")


#: A number in words before its currency word ("five trillion yen"): tried only where a currency word stands.
_WORDS_AMOUNT = Anchored(
    re.compile(rf"(?P<cur2>{_CURRENCY_WORD})\b", re.IGNORECASE),
    re.compile(r"[JjIiUuYyRrDdEe](?<![A-Za-z].)"),  # where such a word may start; the pattern says if it does
    re.compile(
        rf"(?:(?P<bound2>{_BOUND})\s+)?(?<![A-Za-z-])(?P<num2>{_WORD_NUMBER})(?:{_GAP}(?P<scale2>{_SCALE}))?\s+\Z",
        re.IGNORECASE,
    ),
)


def _find_ranges(finder: _Finder, counts: bool = False) -> None:
    """Ranges of amounts and counts ("USD 5-10 billion", "between 3 and 5 trillion yen", "3,000 to 5,000
    workers"): two candidates with the range's words, its first figure at least and its second at most (a
    fact file bounds a figure on one side), never the first figure alone with the second's scale missing.
    "from 1,200 to 1,400" is a change, not a range; a span of years is a period. Amounts are read before
    anything else, counts (``counts``) once the dates are found ("29-30 August" is none)."""
    text = finder.text
    if finder.ranges is None:  # found once, for both passes
        finder.ranges = list(_RANGES.finditer(text))
    for m in finder.ranges:
        sep = m.group("sep").strip().lower()
        if (sep == "and") != bool(m.group("between")) or (
            sep == "to" and _FROM.search(text, max(0, m.start() - 24), m.start())
        ):
            continue
        currency = m.group("cur2") or m.group("cur") or m.group("cur3")
        if bool(currency) == counts:
            continue  # an amount's range in the counts' pass, or a count's in the amounts'
        signs = {_key(c) for c in (m.group("cur"), m.group("cur3")) if c}
        if len(signs) > 1 or (m.group("cur2") and signs):
            continue  # two currencies: two amounts, not a range
        lo = _value(m.group("lo"), m.group("loscale") or m.group("scale"))
        hi = _value(m.group("hi"), m.group("scale"))
        if lo is None or hi is None or lo >= hi or finder.overlaps(m):
            continue
        if not m.group("loscale") and re.fullmatch(_YEAR, m.group("lo")):
            continue  # "in 2019 to 5,000 students": a year, then a figure
        if sep == "to" and not (m.group("scale") or m.group("cur2") or m.group("cur3")) and m.group("cur"):
            continue  # "Rs 1,000 to 50,000 families": an amount each, given to a count
        if _LABEL_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "Phase 1-2 projects": names
        if currency:
            unit = CURRENCIES.get(re.sub(r"\s+", " ", _key(currency)), currency.upper()).lower()
            kind, end, figure_end = "amount", m.end(), m.end()
        else:
            if not m.group("scale") and all(re.fullmatch(_YEAR, m.group(g)) for g in ("lo", "hi")):
                continue  # "2022-2026": a period
            count = _COUNT.match(text, m.start("hi"))
            stop = _noun_phrase(text, count.start("unit"), count.end("unit")) if count else None
            if count is None or stop is None or count.group("bound"):
                continue
            unit, kind, end, figure_end = text[count.start("unit") : stop].lower(), "count", stop, count.start("unit")
        start = m.start("between") if m.group("between") else m.start()
        add_range(
            finder, kind, m, ((lo, m.start("lo")), (hi, m.start("hi"))), unit, (figure_end, end), start=start, end=end
        )


def _find_amounts(finder: _Finder, currencies: re.Pattern | None) -> None:
    """Amounts of money, with their value, currency and bound; then, where nothing was found yet, amounts in
    the currencies of the graph (their ISO 4217 codes, in capitals: "NLD 50 billion")."""
    for pattern in (_AMOUNT, currencies):
        for m in pattern.finditer(finder.text) if pattern else ():
            found = m.groupdict()
            value = _value(found.get("num") or found["num2"], found.get("scale") or found.get("scale2"))
            if value is None or finder.overlaps(m):
                continue  # more digits than a figure has
            if found.get("num") and not found.get("scale") and _RANGE_ON.match(finder.text, m.end("num")):
                continue  # "USD 10-5 billion": the first figure of a range not read, whose scale comes after
            cur = re.sub(r"\s+", " ", _key(found.get("cur") or found["cur2"]))
            fields = {
                "value": value,
                "unit": CURRENCIES.get(cur, cur.upper()).lower(),
                "bound": BOUNDS.get(_key(found.get("bound") or found.get("bound2") or ""))
                or BOUNDS_AFTER.get(
                    re.sub(r"\s+", " ", _key(found.get("after") or found.get("after2") or "")), "exact"
                ),
            }
            figure = m.start("cur") if found.get("cur") else m.start("num2")
            finder.add("amount", m, fields, (figure, m.end(), m.end()))
    for words in _WORDS_AMOUNT.finditer(finder.text):  # "five trillion yen"
        if words.before is None or finder.overlaps(words):
            continue
        value = _value(words.group("num2"), words.group("scale2"))
        if value is None:
            continue
        cur = re.sub(r"\s+", " ", _key(words.group("cur2")))
        bound = BOUNDS.get(_key(words.group("bound2") or ""), "exact")
        fields = {"value": value, "unit": CURRENCIES.get(cur, cur.upper()).lower(), "bound": bound}
        finder.add("amount", words, fields, (words.before.start("num2"), words.end(), words.end()))


def _find_periods(finder: _Finder) -> None:
    """Periods, where nothing was found yet: fiscal years ("FY 2025-26"), spans of years ("2022-2026", "between
    2028 and 2032") or of months ("from April 2026 to March 2031"), lengths ("over the next five years", "a two
    day visit"), halves and quarters ("the first half of 2027", "Q3 2027") and open periods ("since 2022")."""
    readers = (
        (_FISCAL_YEAR, _fiscal_year),
        (_YEARS, _period),
        (_YEARS_IN_WORDS, _period),
        (_MONTHS_TO_MONTHS, _period),
        (_DURATION, _length),
        (_DURATION_ADJECTIVE, _length),
        (_PART_OF_YEAR, _part_of_year),
        (_SINCE, _open_period),
    )
    for pattern, read in readers:
        for m in pattern.finditer(finder.text):
            period = read(m)
            if period and not finder.overlaps(m):
                finder.add("period", m, {"period": period})


def _length(m: re.Match) -> dict | None:
    """A length of time ("five years": ``duration: P5Y``), or None for a number of no whole count."""
    duration = _duration(m.group("n"), m.group("unit"))
    return {"duration": duration} if duration else None


def _open_period(m: re.Match) -> dict:
    """A period with its start alone ("since April 2022": ``start: 2022-04``): the curator gives its end."""
    return {"start": _month(m.group("year") or m.group("year2"), m.group("month") or m.group("month2"))}


def _part_of_year(m: re.Match) -> dict | None:
    """The months of a half or a quarter of a year: "the first half of 2027" and "H1 2027" are January to June
    (``start: 2027-01``, ``end: 2027-06``), "Q3 2027" July to September; None for a half past the second."""
    half = _key(m.group("part") or m.group("letter")) in ("half", "h")
    size = 6 if half else 3
    n = int(m.group("k")) if m.group("k") else _ORDINAL_WORDS.get(_key(m.group("n"))) or int(m.group("n")[0])
    year = m.group("year") or m.group("year2")
    if n * size > 12:
        return None
    return {"start": f"{year}-{n * size - size + 1:02d}", "end": f"{year}-{n * size:02d}"}


def _fiscal_year(m: re.Match) -> dict | None:
    """The period of a fiscal year ("FY 2025-26": ``start: 2025-04``, ``end: 2026-03``) or of two years in
    its short form ("2025-26": ``start_year: 2025``, ``end_year: 2026``); None where the second year is not
    the one after the first."""
    a = int(m.group("a"))
    b = int(m.group("b")) if len(m.group("b")) == 4 else a // 100 * 100 + int(m.group("b"))
    if b != a + 1:
        return None
    return {"start": f"{a}-04", "end": f"{b}-03"} if m.group("fy") else {"start_year": a, "end_year": b}


def _period(m: re.Match) -> dict | None:
    """The period of a match of years (``start_year``, ``end_year``) or, where it names a month, of its bounds
    at their precision (``start: 2026-04``, ``end: 2031-03``); None where it would end before it starts."""
    a, b = int(m.group("a")), int(m.group("b"))
    m1, m2 = m.groupdict().get("m1"), m.groupdict().get("m2")
    if not (m1 or m2):
        return {"start_year": a, "end_year": b} if a < b else None
    if (a, _month_number(m1) if m1 else 1) > (b, _month_number(m2) if m2 else 12):
        return None
    return {"start": _month(m.group("a"), m1), "end": _month(m.group("b"), m2)}


def _find_due_dates(finder: _Finder) -> None:
    """Dates a thing is due by, at the text's precision ("by 2030": ``due: 2030``, "by March 2031":
    ``2031-03``), where nothing was found yet."""
    for m in _BY_DATE.finditer(finder.text):
        if not finder.overlaps(m):  # "by FY2030": the year, said to be a fiscal one (which March ends it?)
            finder.add("due", m, {"due": _at_precision(m), **({"fiscal_year": True} if m.group("fy") else {})})


def _find_ordinals(finder: _Finder) -> None:
    """Ordinals of events before a name in capitals ("the 15th ... Annual Summit")."""
    for m in _ORDINAL.finditer(finder.text):
        finder.add("ordinal", m, {"ordinal": int(m.group("n"))})


def _find_ordinals_in_words(finder: _Finder) -> None:
    """Ordinals of events before a noun of one ("the first meeting", "the 75th anniversary", "the Third
    Review"), where nothing was found yet (after dates: "the 2nd of October" is a date)."""
    for m in _ORDINAL_IN_WORDS.finditer(finder.text):
        if not finder.overlaps(m):
            n = m.group("n")
            finder.add("ordinal", m, {"ordinal": _ORDINAL_WORDS.get(_key(n)) or int(n[:-2])})


def _find_dates(finder: _Finder) -> None:
    """Dates, day first ("29-30 August 2025"), then month first ("August 29, 2025", "September 3"), then
    months of a year ("January 2019", a month in capitals), where nothing was found yet."""
    for pattern in (_DATE, _DATE_MONTH_FIRST):
        for m in pattern.finditer(finder.text):
            if not finder.overlaps(m):  # not a date a thing is due by
                finder.add("date", m, _days(m))
    for m in _MONTH_OF_YEAR.finditer(finder.text):
        if m.group("month")[0].isupper() and not finder.overlaps(m):  # not "they may 2030"
            finder.add("date", m, {"start_date": _month(m.group("year"), m.group("month"))})
    for m in _IN_YEAR.finditer(finder.text):
        if not finder.overlaps(m):  # "in 2027 and 2028": two dates
            finder.add_span("date", m.start(), m.end("year"), {"start_date": int(m.group("year"))})
            if m.group("other"):
                finder.add_span("date", m.start("other"), m.end("other"), {"start_date": int(m.group("other"))})


def _days(m: re.Match) -> dict:
    """The dates of a day-first or month-first match: a day, or its first and last days ("29-30 August",
    "19 and 20 March"), or, for two days apart joined by "and", both (``dates``). Without a year in the words,
    only the day and month (xsd:gMonthDay), said so: no year is made up."""
    month, year = _month_number(m.group("month")), m.group("year")
    first, last = m.group("d1"), m.group("d2")
    dates: dict = {"start_date": _day(year, month, first)}
    if last and m.group("and") and int(last) != int(first) + 1:
        dates = {"dates": [_day(year, month, first), _day(year, month, last)]}
    elif last:
        dates["end_date"] = _day(year, month, last)
    if not year:
        dates["year"] = "not stated in these words"
    return dates


def _day(year: str | None, month: int, day: str) -> str:
    """A date (``2025-08-29``), or, without a year, a day of a month (``--08-29``)."""
    return f"{int(year)}-{month:02d}-{int(day):02d}" if year else f"--{month:02d}-{int(day):02d}"


def _find_counts(finder: _Finder) -> None:
    """Counts ("more than 500,000 personnel"), with their value, unit (a noun phrase: "6 agreements were
    signed" counts agreements) and bound, where nothing was found yet; not the parts of the text's own
    structure ("eight directions", "three sections") unless a target's words go with them."""
    text = finder.text
    for m in _COUNT.finditer(text):
        if finder.overlaps(m):
            continue  # part of an amount, a period or a date
        value = _count_value(text, m)
        end = _noun_phrase(text, m.start("unit"), m.end("unit"))
        if value is None or end is None or _structure(text, m, end):
            continue
        fields = {
            "value": value,
            "unit": text[m.start("unit") : end].lower(),
            "bound": BOUNDS.get(_key(m.group("bound") or ""), "at-least" if m.group("plus") else "exact"),
        }
        finder.add("count", m, fields, (m.start("num"), m.start("unit"), end), end=end)
    # a figure with its scale and no thing counted after it ("30 billion of the 50 billion", "reached
    # 2.3 lakh"): its value, for the curator to name the unit; a scale word is never the thing counted
    for m in _SCALED.finditer(text):
        value = _value(m.group("num"), m.group("scale"))
        if value is not None and not finder.overlaps(m):
            _add_unitless(finder, m, value)


def _add_unitless(finder: _Finder, m: Match, value: int | Decimal) -> None:
    """Keep the figure of ``m`` (its groups ``bound``, ``num``) as a count with no unit, for the curator to name."""
    fields = {"value": value, "unit": None, "bound": BOUNDS.get(_key(m.group("bound") or ""), "exact")}
    start = m.start("bound") if m.group("bound") else m.start("num")
    finder.add("count", m, fields, (m.start("num"), m.end(), m.end()), start=start)


#: A figure and its scale words, with a bound before it: what a count is where no unit follows.
_SCALED = re.compile(
    rf"(?:(?P<bound>{_BOUND})\s+)?(?<![A-Za-z])(?<![A-Za-z]-)(?P<num>{_NUMBER}){_GAP}(?P<scale>{_SCALE})",
    re.IGNORECASE,
)

#: Words that end a count's unit: verbs that may follow it, auxiliaries, relative words, adverbs.
_UNIT_END = word_set(
    "is are was were be been being am had has have having will shall would should can could may might "
    "must do does did that which who whom whose where when while as than such also not only already now "
    "then there here each every per including through across within via among after before during since "
    "until till upon about against toward towards under over both all this these those"
)
#: Nouns that name the parts of a text ("five pillars", "eight directions", "the following four areas").
_STRUCTURE_NOUNS = word_set(
    "pillar direction section chapter part area priority paragraph annex point theme track component "
    "principle heading clause article page element aspect dimension objective"
)
#: Words after a count of parts that make it a target: a date it is due by, a length, a rate, a budget.
_TARGET_AFTER = re.compile(
    rf"[^.;:!?\n]{{0,80}}?\b(?:by\s+(?:the\s+end\s+of\s+)?(?:{_MONTH}\s+)?{_YEAR}|within|over\s+the\s+next"
    r"|(?:each|per|every|a)\s+year|annually)\b",
    re.IGNORECASE,
)


def _noun_phrase(text: str, start: int, end: int) -> int | None:
    """Where the noun phrase of a count's unit (its words from ``start`` to at most ``end``) ends: at its
    plural head ("Indian cities will" is "Indian cities"), before a verb, an auxiliary or an adverb
    ("agreements were signed", "personnel exchanged", "students visiting"); None if its first word is one."""
    last, before = None, ""
    for i, word in enumerate(_WORD.finditer(text, start, end)):
        key = _key(word.group())
        ends = key in _UNIT_END or (i > 0 and (key.endswith(("ed", "ly")) or (key.endswith("ing") and _plural(before))))
        if ends:
            break
        last, before = word.end(), key
        if _plural(key):
            break  # the head of the phrase
    return last


def _plural(word: str) -> bool:
    """Whether an English word looks plural: "cities", "visits" (not "process", "status", "analysis")."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _structure(text: str, m: re.Match, end: int) -> bool:
    """Whether a count counts parts of the text itself ("eight directions", "three sections", "the following
    four areas"): its unit's head is such a part, with no bound, no rate, nothing new, and no words of a
    target after it in its clause ("five new sections of railway by 2030" is a target)."""
    words = [_key(w) for w in text[m.start("unit") : end].split()]
    if m.group("bound") or singular(words[-1]) not in _STRUCTURE_NOUNS or "new" in words:
        return False
    return not (_RATE.match(text, end) or _TARGET_AFTER.match(text, end))


#: A figure with no unit after it, after a word that makes it a figure reached or aimed at: "double the
#: number of teachers to 2,000 by 2030", "a total of 1,500".
_BARE_FIGURE = re.compile(
    rf"\b(?:to|of|from|reach(?:es|ed|ing)?|total(?:l?ing)?|cross(?:es|ed|ing)?|exceed(?:s|ed|ing)?"
    rf"|surpass(?:es|ed|ing)?|st(?:ood|ands?)\s+at)\s+(?:(?P<bound>{_BOUND})\s+)?(?P<num>{_NUMBER})"
    rf"(?:{_GAP}(?P<scale>{_SCALE}))?(?=\s+(?:by|in|per|each|every|a\s+year|to|till|until)\b|\s*[,.;:)]|\s*\Z)",
    re.IGNORECASE,
)


def _find_shares_and_bare_figures(finder: _Finder) -> None:
    """Shares ("40 per cent": ``share: 40``), and figures with no unit ("to 2,000 by 2030": a count whose
    ``unit`` is None, for the curator to name), where nothing was found yet (after progress: a share of a
    report is its progress's)."""
    for stub in (c for c in finder.found if c.kind == "progress"):
        finder.taken[stub.start : stub.end] = b"\x01" * (stub.end - stub.start)
    for m in _SHARE.finditer(finder.text):
        value = _value(m.group("num"), None)
        if value is not None and not finder.overlaps(m):
            finder.add("share", m, {"share": value}, rate=False)
    for m in _BARE_FIGURE.finditer(finder.text):
        value = _value(m.group("num"), m.group("scale"))
        if value is None or re.fullmatch(_YEAR, m.group("num")) or finder.overlaps(m):
            continue
        _add_unitless(finder, m, value)


def _find_rates(finder: _Finder) -> None:
    """How often a thing is done, where nothing was found yet: "twice a year" (``times: 2``, ``per: P1Y``),
    "every two years" (``times: 1``, ``per: P2Y``), "annually". A fact file holds a rate only as a target's
    figure ``per`` an interval (``value: 2``, ``unit`` what is done, ``per: P1Y``): the curator says what."""
    for m in _RATE_ALONE.finditer(finder.text):
        if finder.overlaps(m):
            continue  # the rate of a figure
        times = _TIMES.get(_key(m.group("times") or "")) or (_number(m.group("n")) if m.group("n") else 1)
        per = _rate_interval(m)
        if per is not None and times is not None and 0 < times < 10**6 and times == int(times):
            finder.add("rate", m, {"times": int(times), "per": per}, rate=False)


def _rate_interval(m: re.Match) -> str | None:
    """The interval of a :data:`_RATE_ALONE` match: ``P1Y`` for "a year" and "annually", ``P2Y`` for "every
    two years" and "every other year", ``P3M`` for "quarterly"; None for a number of no whole count."""
    adverb = _key(m.group("adverb") or m.group("adverb2") or "")
    if adverb:
        return _EVERY.get(adverb) or _PER[adverb.split()[-1]]
    if m.group("unit"):
        return _duration("1", m.group("unit"))
    every = _key(m.group("every") or "one")
    return _duration("2" if every in ("other", "alternate") else every, m.group("units"))


#: Words before a number that make it part of a name, not a count: "Track 1.5 dialogue", "Phase 2 works".
_LABEL_BEFORE = re.compile(
    r"\b(?:Track|Phase|Article|Paragraph|Para|Chapter|Annex|Section|Part|Level|Tier|Version|No\.?|Number|Stage"
    r"|Round|Batch|Grade|Category|Type|Model|Block|Line|Terminal|Gate|Platform|Route|Sector|Zone|Item|Point"
    r"|Goal|SDG|Resolution|Clause|Schedule|Appendix|Figure|Table|Box)\s+\Z"
)


def _count_value(text: str, m: re.Match) -> int | Decimal | None:
    """The value of a count match of ``text``, or None for what states no count."""
    if _LABEL_BEFORE.search(text, max(0, m.start() - 12), m.start()):
        return None  # "Track 1.5 dialogue", "Phase 2 stations": a name
    if "+" in text[max(0, m.start() - 1) : m.start()] + text[m.start() : m.end("num")]:
        return None  # "2+2 Ministerial Dialogue": a name, not a count (but "20+ states" is at least 20)
    if not (m.group("bound") or m.group("num")[:1].isdigit()) and _REFERENCE.search(
        text, max(0, m.start() - 12), m.start()
    ):
        return None  # "these eight directions", "the two sides": refers back, states no figure (but "the 6 MoUs")
    if re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
        return None  # a year
    if text[m.end("num") : m.end("num") + 1] == ":" or text[max(0, m.start("num") - 1) : m.start("num")] == ":":
        return None  # "a 50:50 joint venture", "a 3:1 ratio": a ratio, not a count
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
#: Where a sentence ends: a full stop (not a decimal point, nor the one of "Rs."), a semicolon, a line break;
#: in a text that mixes in Japanese or Hindi, their full stops (。, ।) too.
#: (nor the point of a month's abbreviation: "Aug. 29, 2025")
_NOT_AN_ABBREVIATION = "".join(rf"(?<!\b{m.capitalize()})" for m in MONTH_ABBREVIATIONS)
_SENTENCE_END = re.compile(
    rf"(?<!\b[Rr]s)(?:{_NOT_AN_ABBREVIATION}[.!?]+(?=\s|\Z)|\.(?=\s+[^\d\s]|\Z))|[。．！？।॥]+|[;\n]"
)
#: The first characters of a sentence's end that belong to the sentence (not a semicolon, nor a line break).
_FULL_STOPS = frozenset(".!?。．！？।॥")
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
    rf"(?:(?:only|just)\s+)?(?:(?P<bound>{_BOUND})\s+)?(?P<num>{_NUMBER}|{_WORD_NUMBER})(?:{_GAP}(?P<scale>{_SCALE}))?"
    rf"(?P<share>{_SHARE_WORDS})?\s+(?:out\s+)?of\s+(?:(?:the|its|their|this|that)\s+)?",
    re.IGNORECASE,
)
#: A share of a target reached: "24 per cent".
_SHARE = re.compile(rf"(?P<num>{_NUMBER})(?:{_SHARE_WORDS})", re.IGNORECASE)
#: Words before a figure that make it the target's, not the figure reached: "of the JPY 5 trillion".
_TARGET_BEFORE = re.compile(r"\b(?:of|target|goal)\s+(?:(?:the|its|their|this|that)\s+)?\Z", re.IGNORECASE)
#: Words before a figure a change started from ("increased from 1,200 to 1,400"), not the figure reached.
_FROM_BEFORE = re.compile(r"\b(?:from|compared\s+(?:with|to))\s+(?:(?:the|its|their|this|that)\s+)?\Z", re.IGNORECASE)
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
        rf"(?:{_GAP}(?P<scale>{_SCALE}))?\b",
        re.IGNORECASE,
    )


#: Words of a count's unit that name one unit: "personnel" and "people" count persons.
_UNIT_SYNONYMS = {"people": "person", "personnel": "person", "individual": "person"}


def _unit_key(name: str) -> tuple[str, ...]:
    """A unit's name as its singular, case-folded words: "Harbour Cranes" and "harbour crane" are one, and
    "personnel" is "person" (:data:`_UNIT_SYNONYMS`)."""
    return tuple(_UNIT_SYNONYMS.get(w, w) for w in (singular(w) for w in re.findall(r"\w+", name.casefold())))


#: Words before a unit's head that describe what is counted rather than name the unit: "new facilities",
#: "skilled personnel", "joint research projects" count facilities, personnel, research projects.
_UNIT_MODIFIERS = word_set(
    "new additional more further young potential major key other several various different total existing "
    "current annual joint"
)


def _new_unit(words: str) -> tuple[str | None, str]:
    """The id and label proposed for a unit of the graph's to be, named by the words of a count's unit: its
    head in the singular, with the words before it that name a kind of it, not those that describe it (a
    capitalised word, a word of :data:`_UNIT_MODIFIERS`, a participle): "Indian cities" is ``city``, "joint
    research projects" ``research-project``. The id is None where the words make none (not in a-z)."""
    parts = words.split()
    while len(parts) > 1 and (parts[0][:1].isupper() or _key(parts[0]) in _UNIT_MODIFIERS or parts[0].endswith("ed")):
        parts = parts[1:]
    label = " ".join([*parts[:-1], singular(parts[-1])]).lower() if parts else words
    slug = re.sub(r"[^a-z0-9]+", "-", label).strip("-")
    return (slug if slug and label.isascii() else None), label


def _unit_names(entity) -> list[str]:
    """The names of a unit entry: its id (hyphens as spaces), labels, abbreviation and ISO code."""
    names = [t for key in (*NAME_FIELDS, "iso4217") for v in entity.values.get(key, []) for t in texts_of(v)]
    return [entity.id.replace("-", " "), *names]


def _currency_names(sources: list) -> Currencies | None:
    """The currencies of the fact files by each of their names (labels in any language, abbreviations, ISO
    codes), each to its unit: its ISO code in lower case, else its id."""
    currencies = [e for src in sources for e in src.entities if e.type == "Currency"]
    codes = {e.id: texts_of(e.values["iso4217"][0])[0] for e in currencies if e.values.get("iso4217")}
    names = {}
    for entity in currencies:
        unit = codes[entity.id].lower() if entity.id in codes else entity.id
        for key in (*NAME_FIELDS, "iso4217"):
            names.update({text: unit for v in entity.values.get(key, []) for text in texts_of(v)})
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
    #: The graph's currencies: their ids by their ISO 4217 codes in lower case (and by their ids).
    currency_ids: dict[str, str] = field(default_factory=dict)
    #: The graph's units by id: their type and first label.
    unit_entries: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The ids of all its entities: a new unit's id is none of them.
    ids: frozenset[str] = frozenset()

    @classmethod
    def of(cls, sources: list) -> _Graph:
        """The graph of the fact files ``sources``."""
        units: dict[tuple[str, ...], str] = {}
        currency_ids: dict[str, str] = {}
        entries: dict[str, tuple[str, str]] = {}
        targets: dict[str, tuple[str, Decimal]] = {}
        stated: list[tuple[str, str]] = []
        for entity in (e for src in sources for e in src.entities):
            values = entity.values
            if entity.type in ("Currency", "CountUnit"):
                for name in _unit_names(entity):
                    units.setdefault(_unit_key(name), entity.id)
                entries.setdefault(entity.id, (entity.type, (_unit_names(entity) + [entity.id])[1]))
                currency_ids.update({texts_of(v)[0].lower(): entity.id for v in values.get("iso4217", [])})
            elif entity.type == "Target" and values.get("value") and values.get("unit"):
                unit = str(values["unit"][0].value)
                targets.setdefault(entity.id, (unit, Decimal(str(values["value"][0].value))))
                stated.extend((t, unit) for v in values.get("stated_as", []) for t in texts_of(v))
        _learn_units(units, stated, entries)
        currency_ids.update({i: i for i, (kind, _) in entries.items() if kind == "Currency"})
        codes = {c.upper() for c in currency_ids if re.fullmatch("[a-z]{3}", c) and c not in CURRENCIES}
        amounts = _amounts_in(tuple(sorted(codes))) if codes else None
        ids = frozenset(e.id for src in sources for e in src.entities)
        return cls(sources, amounts, units, targets, _currency_names(sources), currency_ids, entries, ids)

    def count_unit(self, words: str) -> UnitRef:
        """The count unit the words of a count's unit name (the graph's, by a run of its words, or a new one)."""
        found = self.unit(words)
        if found is not None and self.unit_entries.get(found, ("",))[0] == "CountUnit":
            return UnitRef(found, self.unit_entries[found][1], "CountUnit", False, words)
        new, label = _new_unit(words)
        return UnitRef(self._free(new, "unit"), label, "CountUnit", True, words)

    def currency(self, unit: str) -> UnitRef:
        """The currency of an amount's unit (an ISO 4217 code in lower case, or a name the graph gives one):
        the graph's, or a new one of that code."""
        found = self.currency_ids.get(unit)
        if found is not None:
            return UnitRef(found, self.unit_entries[found][1], "Currency", False, unit)
        code = unit.upper() if re.fullmatch("[a-z]{3}", unit) else None
        label = CURRENCY_LABELS.get(code or "", code or unit)
        return UnitRef(self._free(unit if code else None, "currency"), label, "Currency", True, unit, code)

    def _free(self, proposed: str | None, suffix: str) -> str | None:
        """A proposed id, or where an entity of the graph has it already, the id with ``-suffix``."""
        return f"{proposed}-{suffix}" if proposed in self.ids else proposed

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


def _learn_units(units: dict[tuple[str, ...], str], stated: list[tuple[str, str]], entries: dict) -> None:
    """Add to ``units`` the words of the graph's targets for their count units: a target whose ``stated_as``
    is "50,000 skilled personnel" in the unit ``person`` teaches that "skilled personnel" are persons."""
    for words, unit in stated:
        m = _COUNT.search(as_ascii(words))
        if m is None or entries.get(unit, ("",))[0] != "CountUnit":
            continue
        end = _noun_phrase(m.string, m.start("unit"), m.end("unit"))
        if end is not None:
            units.setdefault(_unit_key(m.string[m.start("unit") : end]), unit)


def _resolve_units(found: list[Candidate], graph: _Graph) -> None:
    """Give each amount and count its unit in the graph (:class:`UnitRef`: ``unit_ref``, and ``per_ref`` for
    a unit it is counted per), and say so in its fields: ``unit`` is the graph's unit id, or the id proposed
    for a new one (``new_unit``: the entry to write); a count's ``unit_words`` are the text's words."""
    for c in found:
        if c.kind == "count" and c.figure is not None:
            c.unit_ref = graph.count_unit(c.quote[c.figure[1] - c.start : c.figure[2] - c.start])
            _say_unit(c.fields, c.unit_ref, "unit", "unit_words")
        elif c.kind == "amount":
            c.unit_ref = graph.currency(c.fields["unit"])
            _say_unit(c.fields, c.unit_ref, "unit", None)
        else:
            continue
        per = c.fields.get("per")
        if per and not re.fullmatch(r"P\d+[YMD]", per):
            c.per_ref = graph.count_unit(per)
            _say_unit(c.fields, c.per_ref, "per", "per_words")


def _say_unit(fields: dict, ref: UnitRef, key: str, words: str | None) -> None:
    """Write a unit resolved into a candidate's fields: ``key`` (``unit`` or ``per``) its id, ``words`` the
    text's words for it (a count's ``unit_words``, a rate's ``per_words``), and for a unit the graph does not
    hold, the entry to add (``new_unit``, ``new_per_unit``). Nothing where the words make no id."""
    if ref.id is None:
        return
    fields[key] = ref.id
    if words is not None:
        fields[words] = ref.words
    if ref.new:
        fields[f"new_{key}_unit" if key == "per" else "new_unit"] = ref.entry()


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


def _find_progress_in(finder: _Finder, text: str, graph: _Graph | None, words: ProgressWords) -> None:
    """Progress stubs by a language's words (``text``: the source text with its digits in ASCII): each
    sentence with a cue of :attr:`~ProgressWords.cue` and no :attr:`~ProgressWords.promise`, where no stub is
    yet, with its figure reached and the date it speaks of (``as_of``: the first date due or date found in
    it, which the stub then takes the place of), and, given the graph, the targets it may be toward."""
    ordered: _InOrder | None = None
    given = sorted((c.start, c.end) for c in finder.found if c.kind == "progress")  # English's, another language's
    starts = [a for a, _ in given]
    used: set[int] = set()
    stubs = []
    for start, stop in _sentences(text, words.sentence_end):
        if not words.cue.search(text, start, stop) or words.promise.search(text, start, stop):
            continue
        i = bisect_left(starts, stop)  # a stub before this one's end overlaps it if it ends after its start
        if i and given[i - 1][1] > start:
            continue
        if ordered is None:
            ordered = _InOrder(finder.found)
        inside = ordered.between(start, stop)
        reached = _reached_in(finder, text, inside, start, stop, words)
        if reached is None:
            continue
        fields = _toward(reached, graph)
        date = next((c for c in inside if c.kind == "due"), None) or next((c for c in inside if c.kind == "date"), None)
        fields["as_of"] = _as_of_candidate(date, words) if date else _as_of_words(text, inside, start, stop, words)
        fields.update(reached.fields)
        stubs.append(Candidate("progress", finder.original[start:stop], start, stop, fields))
        if date is not None:
            used.add(id(date))
    if used:
        finder.found = [c for c in finder.found if id(c) not in used]
    finder.found.extend(stubs)


def _sentences(text: str, ends: re.Pattern) -> Iterator[tuple[int, int]]:
    """Where each sentence of ``text`` starts and stops (its words, with the punctuation that ends it)."""
    start = 0
    for end in ends.finditer(text):
        stop = end.start() if end.group().isspace() or end.group() == ";" else end.end()
        if text[start:stop].strip():
            yield _trimmed(text, start, stop)
        start = end.end()
    if text[start:].strip():
        yield _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, stop: int) -> tuple[int, int]:
    """Where the words of ``text[start:stop]`` start and stop, the spaces around them left out."""
    words = text[start:stop]
    return start + len(words) - len(words.lstrip()), stop - len(words) + len(words.rstrip())


def _part_after(
    text: str, at: int, stop: int, dated: list[Candidate], part_of: re.Pattern
) -> tuple[re.Match[str], int, int] | None:
    """The part of a larger figure that ``part_of`` reads at ``at`` ("のうち、5つ"), with where its figure
    starts and its words end in ``text``; a date between the two is passed over ("のうち、2024年までに5つ":
    5, not 2024): the part is read again with the date's words taken out. None if there is none before
    ``stop``."""
    part = part_of.match(text, at)
    if part is None or part.end() > stop:
        return None
    date = next((c for c in dated if c.start <= part.start("num") < c.end), None)
    if date is None:
        return part, part.start("num"), part.end()
    cut = date.end - date.start
    shorter = text[at : date.start] + text[date.end : stop]  # this sentence's words from ``at``, the date left out
    part = part_of.match(shorter)
    if part is None or at + part.start("num") < date.start:
        return None
    return part, at + part.start("num") + cut, at + part.end() + cut


def _reached_in(
    finder: _Finder, text: str, inside: list[Candidate], start: int, stop: int, words: ProgressWords
) -> _Reached | None:
    """The figure a report's sentence says was reached, by a language's words: the part of a larger figure
    ("20の領事館のうち、5つ"), else its first amount or count, else a share; None if it has none."""
    figures = [
        c
        for c in inside
        if c.kind in ("amount", "count") and c.figure and not words.share.match(text, c.figure[0], c.end)
    ]
    dated = [c for c in inside if c.kind in ("due", "date", "period")]
    for whole in figures:
        found = _part_after(text, whole.end, stop, dated, words.part_of)
        if found is None:
            continue
        part, num, end = found
        value = words.part_value(part)
        if value is not None:
            unit = whole.fields["unit"]
            stated = finder.original[num:end]
            return _Reached(
                {"value": value, "unit": unit, "bound": "exact", "stated_as": stated},
                unit,
                Decimal(whole.fields["value"]),
            )
    if figures:  # the first figure reached, not a target's ("5兆円の目標"), if there is one
        first = next((c for c in figures if not words.target_after.match(text, c.end)), figures[0])
        at, _, end = first.figure or (first.start, first.end, first.end)
        unit, bound = first.fields["unit"], first.fields["bound"]
        said = words.reached_bound.match(text, end, stop)
        if said is not None and said.group("more"):  # "4兆円を超えた" is at least 4 trillion
            bound = "at-least"
        elif said is not None and bound == "at-most":  # "22 अरब डॉलर तक पहुँच गया": reached 22 billion, not up to
            bound = "exact"  # (about or at least, as the words before say, stays: "約230万人に達した")
        fields = {"value": first.fields["value"], "unit": unit, "bound": bound, "stated_as": finder.original[at:end]}
        return _Reached(fields, unit)
    share = words.share.search(text, start, stop)
    return _Reached({"share": _value(share.group("num"), None)}, None) if share else None


def _as_of_candidate(date: Candidate, words: ProgressWords) -> int | str:
    """The date a report speaks of, from the date due or date found in its words: a year's end is its last
    month ("2031年末までに" is 2031-12)."""
    if date.kind == "due":
        found = date.fields["due"]
        return (words.year_end(date.quote, found) or found) if isinstance(found, int) else found
    return date.fields.get("end_date") or date.fields["start_date"]


def _as_of_words(text: str, inside: list[Candidate], start: int, stop: int, words: ProgressWords) -> int | str:
    """The date a report speaks of where it gives no date due or date: the end of a period it names ("2022
    से 2024 के बीच"), else a year ("2023年に"), else none stated."""
    for c in inside:
        ends = c.fields.get("period", {}) if c.kind == "period" else {}
        if "end_year" in ends or "end" in ends:
            return ends.get("end_year") or ends["end"]
    year = words.year_in.search(text, start, stop)
    return int(year.group("year")) if year else _NO_DATE


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
            stop = boundary.end() if boundary.group()[0] in _FULL_STOPS else boundary.start()
        yield _trimmed(text, start, stop)


def _progress(
    finder: _Finder, inside: list[Candidate], start: int, stop: int, graph: _Graph | None
) -> tuple[Candidate, tuple[int, int]] | None:
    """The progress stub of the sentence ``start``-``stop`` (``inside``: the candidates in it) and where its
    date's words stand; None where it states no figure reached."""
    text = finder.text
    reached = _reached(finder, inside, start, stop)
    if reached is None:
        return None
    fields = _toward(reached, graph)
    date = _as_of(text, start, stop)
    fields["as_of"] = _reported_at(date) if date else _NO_DATE
    fields.update(reached.fields)
    stub = Candidate("progress", finder.original[start:stop], start, stop, fields)
    return stub, date.span() if date else (stop, stop)


def _toward(reached: _Reached, graph: _Graph | None) -> dict:
    """Given the graph, the targets a figure reached may be toward (``toward_candidates``), its unit made the
    graph's where the graph has it; else nothing."""
    if graph is None or reached.unit is None:
        return {}
    unit = graph.unit(reached.unit)
    if unit is not None and "unit" in reached.fields:
        reached.fields["unit"] = unit
    near = reached.fields.get("value", reached.hint)
    return {"toward_candidates": graph.toward(unit or reached.unit, near, reached.hint)}


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
    ("of the JPY 5 trillion") nor the one a change started from ("from 1,200"), or, if all are, the first
    target's; with the first target's figure of its kind as a hint of the target it is toward."""
    targets = [c for c in figures if _TARGET_BEFORE.search(text, max(start, c.start - 24), c.start)]
    starts = [c for c in figures if _FROM_BEFORE.search(text, max(start, c.start - 24), c.start)]
    taken = {id(c) for c in targets + starts}
    for figure in [c for c in figures if id(c) not in taken] + targets + starts:
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
    verb: "students", not "students had taken"; none for a figure with its scale and no unit, "30
    billion"), its words from ``stated``; None for a count whose unit's first word is a verb."""
    _, unit_start, end = figure.figure or (figure.start, figure.end, figure.end)
    unit = figure.fields["unit"]
    if figure.kind == "count" and unit is None:  # a figure with its scale and no unit: the curator names it
        return _Reached({"value": value, "unit": None, "bound": bound, "stated_as": text[stated:end]}, None)
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
        " id and label\n# (a new_unit is an entry to add); a mention becomes an `about:` entry once kind, graph_label,"
        " defined_in and occurs are dropped (a near one's match and differs too)\n"
    )
    return header + "".join(parts)


#: How the placeholder offsets of a stub end its YAML text.
_OFFSETS_WRITTEN = "    start: 0\n    end: 0\n"
