"""The kinds of field values: one object per kind, looked up by name.

A field of ``schema`` names its kind (``Field("start_date", "date")``). The
kind says, in one place, how a raw YAML scalar of that kind is checked (with
the message a wrong one gets), what value it reads as, and which RDF term it
becomes: a literal (its lexical form, and its datatype or none), or an IRI
of a vocabulary that ``rdf.mapping.VOCABULARIES`` names (this layer knows no
RDF library). The reader (``reader._Reader.typed``) and the builder
(``rdf.build.term_text``) both go through :func:`get`, so a new kind is one
entry in :data:`KINDS`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .schema import ASSESSED_COMPLETIONS, BOUNDS, COMPLETIONS, ID_PATTERN, SOURCE_KINDS

#: The XML Schema namespace, for the datatypes of literals.
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Digits a number may have. RDF stores hold xsd:decimal in a fixed range
#: (Oxigraph: 20 digits before the point and 18 after) and xsd:integer in 64
#: bits; bounding the digits also keeps every conversion fast.
DECIMAL_DIGITS, FRACTION_DIGITS, INTEGER_DIGITS, DURATION_DIGITS = 20, 18, 18, 9
#: The longest URL a source's ``url`` may be.
URL_LENGTH = 2000

#: A years-months-days duration (no time part), in any form XSD allows.
DURATION = re.compile(r"P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+D)?")

#: A well-formed BCP 47 language tag (RFC 5646, section 2.1), in any case:
#: a language (with up to three extended subtags), then an optional script,
#: region, variants, extensions and private use; or private use alone; or
#: one of the irregular grandfathered tags, which no pattern describes.
_LANGTAG = (
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language, extlang
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"  # variants
    r"(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*"  # extensions: a singleton other than x, then subtags
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"  # private use
)
_IRREGULAR = (
    "en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao|i-tay|"
    "i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de"
)
LANGUAGE_TAG = re.compile(f"(?:{_LANGTAG}|x(?:-[a-z0-9]{{1,8}})+|{_IRREGULAR})", re.IGNORECASE)
#: A text that ends in what looks like a language tag (``日本@ja``): the
#: language written into the text, where the format wants it as a mapping.
_TAG_AT_END = re.compile(r"(?<=\S)@([a-z]{2,3}(?:-[a-z0-9]{1,8})*)\s*$", re.IGNORECASE)


def language_tag(raw: str) -> str | None:
    """The tag ``raw`` names, in lower case (as RDF stores keep it), or
    None if it is not a well-formed BCP 47 language tag.

    >>> language_tag("ja"), language_tag("zh-Hant-TW"), language_tag("hi-IN"), language_tag("en_GB")
    ('ja', 'zh-hant-tw', 'hi-in', None)
    """
    return raw.lower() if LANGUAGE_TAG.fullmatch(raw) else None


@dataclass(frozen=True)
class Text:
    """A text in a language: what a label, title, ``stated_as``, quote or
    editorial note holds. ``language`` is a BCP 47 tag in lower case, or
    None where the source declares no language (a plain string in RDF).
    It reads as its text wherever a string is wanted.

    >>> label = Text("日本", "ja")
    >>> str(label), label.language, label == Text("日本", "ja"), label == Text("日本", "hi")
    ('日本', 'ja', True, False)
    """

    text: str
    language: str | None = None

    def __str__(self) -> str:
        return self.text


class KindError(ValueError):
    """A raw value that is not of its field's kind; ``message`` says why,
    as the reader reports it (after file, line and field)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


#: A check of a raw value: (its kind, the raw text, whether it was written in
#: quotes) -> why it is wrong, or None.
Check = Callable[["Kind", str, bool], "str | None"]


@dataclass(frozen=True)
class Kind:
    """One kind of field value.

    ``checks`` run in order on the raw text, the first failing one giving the
    message; ``convert`` then reads the value (and may still refuse it with
    a :class:`KindError`). In RDF a value is an IRI of ``vocabulary`` (keyed
    by its lexical form) where that is set, else a literal of ``datatype``
    (a plain string where that is None), written as ``lexical(value)``;
    ``datatype_of``, where set, chooses the datatype by the value instead (a
    date at year, month or day precision), ``datatype`` then naming the one
    of full precision. A ``tagged`` kind's values are :class:`Text`: a
    literal with their language tag (a plain string where they have none).
    """

    name: str
    description: str  # what a value looks like, for messages and people: "a date such as 2025-08-29"
    checks: tuple[Check, ...] = ()
    convert: Callable[[str], Any] = str
    datatype: str | None = None
    vocabulary: str | None = None
    lexical: Callable[[Any], str] = str
    datatype_of: Callable[[Any], str] | None = None
    #: a text in a language (a :class:`Text`): a literal tagged with its
    #: language, where it has one; a field of such a kind also takes a
    #: mapping of language to text (``{en: Japan, ja: 日本}``, format version 4)
    tagged: bool = False

    def datatype_for(self, value: Any) -> str | None:
        """The datatype of the literal ``value`` becomes (None: a plain string)."""
        return self.datatype if self.datatype_of is None else self.datatype_of(value)

    def parse(self, raw: str, quoted: bool = False) -> Any:
        """The value of a raw YAML scalar (``quoted``: written in quotes or as
        a block), or :class:`KindError` saying why it is not of this kind."""
        for check in self.checks:
            problem = check(self, raw, quoted)
            if problem:
                raise KindError(problem)
        return self.convert(raw)


def shown_value(raw: str, limit: int = 60) -> str:
    """A value for a message: quoted, and cut if long."""
    return repr(raw) if len(raw) <= limit else repr(raw[:limit]) + f"... ({len(raw):,} characters)"


# ------------------------------------------------------------------ checks
def not_empty(kind: Kind, raw: str, quoted: bool) -> str | None:
    """Refuse a value of nothing but white space."""
    return None if raw.strip() else "must not be empty"


def one_of(choices: tuple[str, ...]) -> Check:
    """Refuse a value that is not one of ``choices``."""
    return lambda kind, raw, quoted: (
        None if raw in choices else f"must be one of {', '.join(choices)}, got {shown_value(raw)}"
    )


def no_tag_at_end(kind: Kind, raw: str, quoted: bool) -> str | None:
    """Refuse a text that ends in a language tag (``日本@ja``), which would be
    stored as part of the text: a language is given as a mapping."""
    found = _TAG_AT_END.search(raw)
    if found is None or language_tag(found.group(1)) is None:
        return None
    text, tag = raw[: found.start()], found.group(1)
    return (
        f"{shown_value(raw)} ends in '@{tag}', which would be stored as part of the text: give the "
        f"language as a mapping of language to text, {{{tag}: {text}}} (format: jointvision-source/4)"
    )


def well_formed_tag(kind: Kind, raw: str, quoted: bool) -> str | None:
    """Refuse a language tag that is not well-formed BCP 47."""
    return None if language_tag(raw) else mismatch(kind, raw)


def unquoted(kind: Kind, raw: str, quoted: bool) -> str | None:
    """Refuse a value written in quotes (a number must be written as one)."""
    return f"must be {kind.description}, not a quoted string ({shown_value(raw)})" if quoted else None


def mismatch(kind: Kind, raw: str) -> str:
    """The message of a value that does not have the form of ``kind`` at all."""
    return f"must be {kind.description}, got {shown_value(raw)}"


def form(pattern: str) -> Check:
    """Refuse a value that does not match ``pattern`` as a whole."""
    compiled = re.compile(pattern)
    # fullmatch: '$' alone would accept a final newline
    return lambda kind, raw, quoted: None if compiled.fullmatch(raw) else mismatch(kind, raw)


def url_length(limit: int) -> Check:
    """Refuse a URL longer than ``limit`` characters."""
    return lambda kind, raw, quoted: (
        None if len(raw) <= limit else f"a URL of {len(raw):,} characters is too long (at most {limit:,})"
    )


def decimal_digits(kind: Kind, raw: str, quoted: bool) -> str | None:
    """Refuse a number of more digits than RDF stores hold for xsd:decimal."""
    whole, _, fraction = raw.partition(".")
    if len(whole.lstrip("0")) > DECIMAL_DIGITS or len(fraction) > FRACTION_DIGITS:
        return (
            f"{shown_value(raw)} has too many digits: RDF stores hold decimals of at most {DECIMAL_DIGITS} "
            f"digits before the point and {FRACTION_DIGITS} after"
        )
    return None


def integer_digits(kind: Kind, raw: str, quoted: bool) -> str | None:
    """Refuse a whole number of more than INTEGER_DIGITS digits (its sign aside)."""
    too_long = len(raw.lstrip("-")) > INTEGER_DIGITS
    return f"{shown_value(raw)} has too many digits: at most {INTEGER_DIGITS}" if too_long else None


def duration_digits(kind: Kind, raw: str, quoted: bool) -> str | None:
    """Refuse a duration with a part of more than DURATION_DIGITS digits."""
    if any(len(part) > DURATION_DIGITS + 1 for part in re.findall(r"[0-9]+[YMD]", raw)):
        return f"{shown_value(raw)} has too many digits: at most {DURATION_DIGITS} in each of years, months and days"
    return None


def canonical_duration(text: str) -> str:
    """The canonical xsd:duration of a years-months-days duration: months
    carried into years, zero parts left out (P18M -> P1Y6M, P0Y2M -> P2M);
    ``""`` for a zero duration."""
    match = DURATION.fullmatch(text)
    if match is None:
        raise ValueError(f"not a years-months-days duration: {text!r}")
    years, months, days = (int(part[:-1]) if part else 0 for part in match.groups())
    years, months = years + months // 12, months % 12
    body = "".join(f"{n}{unit}" for n, unit in ((years, "Y"), (months, "M"), (days, "D")) if n)
    return f"P{body}" if body else ""


def canonical(kind: Kind, raw: str, quoted: bool) -> str | None:
    """Refuse a duration not in its canonical form (which every RDF store keeps as it is)."""
    written = canonical_duration(raw)
    if written == raw:
        return None
    return (
        f"write {raw!r} as {written!r} (the canonical form, which every RDF store keeps as it is)"
        if written
        else f"{raw!r} is a zero duration"
    )


# ------------------------------------------------------- values and terms
def calendar_date(raw: str) -> date:
    """The date of ``YYYY-MM-DD`` text, refused if the calendar has no such day."""
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise KindError(f"{raw!r} is not a calendar date") from None


#: The precision of a date by the length of its text, and its XSD datatype.
_PRECISIONS = {4: ("year", "gYear"), 7: ("month", "gYearMonth"), 10: ("day", "date")}


@dataclass(frozen=True)
class PartialDate:
    """A date at the precision a text gives it: a year (``2030``), a year
    and month (``2030-03``) or a day (``2030-03-15``), written as the text
    gives it. It stands for every day from its first to its last: "by 2031"
    ends on 31 December 2031.

    >>> when = PartialDate("2031-02")
    >>> when.precision, str(when), when.first_day(), when.last_day()
    ('month', '2031-02', datetime.date(2031, 2, 1), datetime.date(2031, 2, 28))
    >>> PartialDate("2030").datatype.rsplit("#")[-1], PartialDate("2030-03-15").datatype.rsplit("#")[-1]
    ('gYear', 'date')
    """

    text: str

    def __str__(self) -> str:
        return self.text

    @property
    def precision(self) -> str:
        """``year``, ``month`` or ``day``."""
        return _PRECISIONS[len(self.text)][0]

    @property
    def datatype(self) -> str:
        """Its XSD datatype: xsd:gYear, xsd:gYearMonth or xsd:date."""
        return XSD + _PRECISIONS[len(self.text)][1]

    def first_day(self) -> date:
        """The first day it stands for."""
        year, month, day = (*map(int, self.text.split("-")), 1, 1)[:3]
        return date(year, month, day)

    def last_day(self) -> date:
        """The last day it stands for."""
        year, month, day = (*map(int, self.text.split("-")), 0, 0)[:3]
        if not month:
            return date(year, 12, 31)
        return date(year, month, day or calendar.monthrange(year, month)[1])


def partial_date(raw: str) -> PartialDate:
    """The date of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` text (of that
    form), refused if the calendar has no such day (or year 0)."""
    when = PartialDate(raw)
    try:
        when.first_day()
    except ValueError:
        raise KindError(f"{raw!r} is not a calendar date") from None
    return when


def decimal_lexical(value: Decimal) -> str:
    """The canonical xsd:decimal form of XSD 1.1: no exponent, no leading or
    trailing zeros, no point for a whole number (5000000000000, 0.1, -2.5)."""
    text = format(value, "f")  # exact: no rounding to the context precision, unlike normalize()
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


# -------------------------------------------------------------- the kinds
_NUMBER = (unquoted,)
#: RFC 3986, ASCII only (percent-encode the rest): a host name or [IPv6], an optional port, then a path,
#: query and fragment of its allowed characters and well-formed %XX escapes
_URL = (
    r"https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]"
    r"{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?"
    r"(?:[/?#](?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-Fa-f]{2})*)?"
)

#: Every kind, by name. ASCII digits only in every form: \d would also
#: admit other scripts' digits, which XSD does not.
KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("str", "text", (not_empty,)),
        # a text in a language: a label, title, stated_as or editorial note (the language comes from the
        # source, or from the mapping of language to text it is written in: reader._Reader.texts)
        Kind("text", "text", (not_empty, no_tag_at_end), Text, tagged=True),
        Kind(
            "ref",
            "an identifier: lower-case words joined by single hyphens, such as next-gen-health",
            (form(ID_PATTERN),),
            vocabulary="entity",
        ),
        # not negative: every quantity is a count or an amount
        Kind(
            "decimal",
            "a number written in digits, not negative, such as 10000000000000 or 2.5",
            (*_NUMBER, form(r"[0-9]+(\.[0-9]+)?"), decimal_digits),
            Decimal,
            XSD + "decimal",
            lexical=decimal_lexical,
        ),
        Kind(
            "posint", "a positive whole number", (*_NUMBER, form(r"[1-9][0-9]*"), integer_digits), int, XSD + "integer"
        ),
        Kind("gyear", "a year such as 2026", (*_NUMBER, form(r"[0-9]{4}")), datatype=XSD + "gYear"),
        Kind(
            "date",
            "a date such as 2025-08-29",
            (form(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),),
            calendar_date,
            XSD + "date",
            lexical=date.isoformat,
        ),
        # a date at the precision the text gives (format version 3): an xsd:gYear, xsd:gYearMonth or xsd:date
        Kind(
            "partial_date",
            "a year, a year and month, or a day, such as 2030, 2030-03 or 2030-03-15",
            (form(r"[0-9]{4}(-(0[1-9]|1[0-2])(-[0-9]{2})?)?"),),
            partial_date,
            XSD + "date",
            lexical=str,
            datatype_of=lambda when: when.datatype,
        ),
        Kind(
            "integer",
            "a whole number written in digits, such as 0, 1 or -1",
            (*_NUMBER, form(r"0|-?[1-9][0-9]*"), integer_digits),
            int,
            XSD + "integer",
        ),
        Kind(
            "duration",
            "a duration in years, months and days such as P5Y, P18M or P1Y6M",
            (form(DURATION.pattern), duration_digits, canonical),
            datatype=XSD + "duration",
        ),
        Kind("source_kind", "one of " + ", ".join(SOURCE_KINDS), (one_of(SOURCE_KINDS),), vocabulary="source_kind"),
        Kind("bound", "one of " + ", ".join(BOUNDS), (one_of(BOUNDS),), vocabulary="bound"),
        Kind("completion", "one of " + ", ".join(COMPLETIONS), (one_of(COMPLETIONS),), vocabulary="completion"),
        Kind(
            "assessed_completion",
            "one of " + ", ".join(ASSESSED_COMPLETIONS),
            (one_of(ASSESSED_COMPLETIONS),),
            vocabulary="completion",
        ),
        Kind("qid", "a Wikidata identifier such as Q668", (form(r"Q[1-9][0-9]*"),), vocabulary="wikidata"),
        Kind("code2", "a two-letter upper-case code such as IN", (form(r"[A-Z]{2}"),)),
        Kind("code3", "a three-letter upper-case code such as JPY", (form(r"[A-Z]{3}"),)),
        Kind(
            "language",
            "a BCP 47 language tag such as en, ja or hi",
            (well_formed_tag,),
            datatype=XSD + "language",
        ),
        # an absolute http(s) URL without spaces or characters an IRI may not hold; recorded, never fetched
        Kind(
            "url",
            "an http or https URL such as https://example.org/page (ASCII: percent-encode other characters)",
            (url_length(URL_LENGTH), form(_URL)),
            datatype=XSD + "anyURI",
        ),
    )
}


def get(name: str) -> Kind:
    """The kind called ``name`` (as a field of ``schema`` names it)."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"no field kind {name!r}; the kinds are: {', '.join(sorted(KINDS))}") from None


def register(kind: Kind) -> Kind:
    """Add a kind to the registry (a name may be taken once) and return it."""
    if kind.name in KINDS:
        raise ValueError(f"a field kind {kind.name!r} exists already")
    KINDS[kind.name] = kind
    return kind
