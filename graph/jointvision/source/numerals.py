"""Numbers as scripts write them, for `suggest`.

:func:`as_ascii` writes every decimal digit as an ASCII one (Devanagari
``२०२५``, full-width ``２０２５``) and full-width letters and signs as ASCII,
one character for one, so that patterns written with ASCII digits read
every script and the offsets of a match are those of the text.
:func:`japanese_number` reads a figure as Japanese writes it: digits, kanji
numerals (``五千``, ``三百``, ``二〇二五``) or both, with the myriads 万, 億
and 兆 (``1億2345万``, ``1.5兆``). :func:`scaled` multiplies a figure by the
scale words after it (Hindi ``10 लाख करोड़`` is 10 lakh crore).

Kanji numerals are read here rather than by a library: kanjize, the best
kept of the PyPI packages for them, reads whole numbers only (not ``1.5兆``)
and would be a dependency for some thirty lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from .kinds import DECIMAL_DIGITS
from .scripts import one_for_one, runs_of, translate_runs

#: The kanji digits (and the formal forms of one to three), by value.
KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "壱": 1, "二": 2, "弐": 2, "三": 3, "参": 3}
KANJI_DIGITS.update({"四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
#: Ten, a hundred, a thousand: they multiply the digit before them (or one) within a myriad.
KANJI_SMALL = {"十": 10, "拾": 10, "百": 100, "千": 1000}
#: The myriads: they multiply all that stands before them back to the last myriad.
KANJI_LARGE = {"万": 10**4, "萬": 10**4, "億": 10**8, "兆": 10**12}
_KANJI_PART = re.compile(
    rf"\d+(?:\.\d+)?|[{''.join(KANJI_DIGITS)}]+|[{''.join(KANJI_SMALL)}]|[{''.join(KANJI_LARGE)}]|[\s\S]"
)


@lru_cache(maxsize=1)
def _ascii_table() -> dict[int, str]:
    table = dict(one_for_one())
    for code in range(0x80, 0x10000):
        char = chr(code)
        if char.isdecimal():
            table[code] = str(int(char))
    return table


def as_ascii(text: str) -> str:
    """``text`` with every decimal digit an ASCII digit and full-width forms as ASCII: one character for one.

    >>> as_ascii("२०२५ में ５万人")
    '2025 में 5万人'
    """
    return translate_runs(text, _ascii_table(), _ascii_runs())


@lru_cache(maxsize=1)
def _ascii_runs() -> re.Pattern:
    return runs_of(_ascii_table())


def figure(text: str) -> Decimal | None:
    """The value of a figure in ASCII digits, with commas in groups of thousands or lakhs and a decimal point;
    None for more digits before the point than a fact file holds.

    >>> figure("1,00,000"), figure("2.5"), figure("9" * 21)
    (Decimal('100000'), Decimal('2.5'), None)
    """
    plain = text.replace(",", "")
    return None if len(plain.partition(".")[0].lstrip("0")) > DECIMAL_DIGITS else Decimal(plain)


def japanese_number(text: str) -> Decimal | None:
    """The value of a figure as Japanese writes it, or None where it makes no number (``万万``, ``千百千``).

    >>> [str(japanese_number(t)) for t in ("10兆", "1億2345万", "五千", "三百", "二十五万", "二〇二五", "1.5兆")]
    ['10000000000000', '123450000', '5000', '300', '250000', '2025', '1500000000000']
    """
    total = section = Decimal(0)
    current: Decimal | None = None
    small = large = None
    for part in _KANJI_PART.findall(text):
        if part[0].isdigit() or part[0] in KANJI_DIGITS:
            if current is not None:
                return None  # two figures in a row
            current = _digits(part)
        elif part in KANJI_SMALL:
            if small is not None and KANJI_SMALL[part] >= small:
                return None
            small = KANJI_SMALL[part]
            section += (Decimal(1) if current is None else current) * small
            current = None
        elif part in KANJI_LARGE:
            myriad = section + (current or 0)
            if not myriad or (large is not None and KANJI_LARGE[part] >= large):
                return None
            large, small, current, section = KANJI_LARGE[part], None, None, Decimal(0)
            total += myriad * large
        else:
            return None
    return _whole(total + section + (current or 0))


def _whole(value: Decimal) -> Decimal | None:
    """``value`` as a whole number where it is one; None for nothing, or more digits than a fact file holds."""
    if not value or len(str(int(value))) > DECIMAL_DIGITS:
        return None
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def _digits(part: str) -> Decimal:
    """A run of digits, or of kanji digits read one by one (二〇二五 is 2025)."""
    return Decimal(part) if part[0].isdigit() else Decimal("".join(str(KANJI_DIGITS[c]) for c in part))


def scaled(value: Decimal | None, scales: Iterable[int]) -> int | Decimal | None:
    """``value`` times each of ``scales``, a whole number where it is one; None for None or more digits than
    a fact file holds.

    >>> scaled(Decimal("2.5"), [10**9]), scaled(Decimal(10), [10**5, 10**7])
    (2500000000, 10000000000000)
    """
    if value is None:
        return None
    for scale in scales:
        value *= scale
    if len(str(int(value))) > DECIMAL_DIGITS:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()
