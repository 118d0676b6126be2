"""`suggest`'s patterns for Japanese: figures in digits, kanji numerals or
both with 万, 億 and 兆 (``10兆円``, ``五千人``, ``1億2345万``); currencies
after the figure (円, ドル, ルピー, ユーロ, an ISO code, or a currency the
graph names, ``20億ノースランド・ドル``) or before it (``US$10億``, the
graph's ``NLD 5億``); a figure with a myriad and nothing counted after it
(``230万に増加した``: a count with no unit);
bounds before (約, およそ, 最大, 少なくとも) and after (以上, 超, 未満, 以下,
程度, まで); counts with their counter (``50万人``) and the thing counted
after の (``5万人以上の学生``); dates (``2025年8月29日``, ``2025年8月29日
～30日``, ``令和7年``), months (``2031年3月``), periods (``2031年から
2035年まで``, ``2031～2035年``, ``今後5年間``, ``3か月``), dates due
(``2030年までに``) and ordinals (``第15回日印年次首脳会談``); and the words
of a report of what was reached (:data:`PROGRESS`: ``2031年3月末までに5万人
の学生が参加した``, ``20の領事館のうち、5つが開設された``).

The text is read with its digits in ASCII (full-width ``２０２５`` is
``2025``, at the same offsets). Each figure starts where a run of digits or
kanji numerals starts, and every repeat is bounded, so a pattern tries each
place of the text a bounded number of times: the cost is linear.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .numerals import KANJI_DIGITS, KANJI_LARGE, KANJI_SMALL, figure, japanese_number, scaled
from .suggest_base import (
    DIGIT_FIGURE,
    Anchored,
    Currencies,
    Finder,
    Match,
    ProgressWords,
    add_range,
    add_shares,
    dates,
    duration,
    month,
    period,
)

_KANJI = "".join(KANJI_DIGITS) + "".join(KANJI_SMALL)
_MYRIAD = "".join(KANJI_LARGE)
_SMALL = "".join(KANJI_SMALL)
#: A part of a figure: digits each with ten, a hundred or a thousand after them (5千, 2千5百), digits,
#: or a run of kanji numerals (at most twelve: 九千九百九十九 is seven).
_PART = rf"(?:(?:{DIGIT_FIGURE}[{_SMALL}])+(?:{DIGIT_FIGURE})?|{DIGIT_FIGURE}|[{_KANJI}]{{1,12}})"
#: A figure: parts joined by myriads (1億2345万, 二十五万), starting where a run of them starts (not after
#: 数 or 何: 数千人 is some thousands, no figure).
_FIGURE = rf"(?<![\d.,{_KANJI}{_MYRIAD}数何])(?P<num>{_PART}(?:[{_MYRIAD}]{_PART}?){{0,3}})"
#: Bounds written before a figure and after it (after its currency or counter).
BOUNDS_BEFORE = {
    "約": "about",
    "およそ": "about",
    "おおよそ": "about",
    "概ね": "about",
    "おおむね": "about",
    "最大": "at-most",
    "最大で": "at-most",
    "最高": "at-most",
    "最低": "at-least",
    "最低でも": "at-least",
    "少なくとも": "at-least",
    "上限": "at-most",
    "限度額は": "at-most",
}
BOUNDS_AFTER = {
    "以内": "at-most",
    "を上限とする": "at-most",
    "を上限に": "at-most",
    "を限度とする": "at-most",
    "を限度に": "at-most",
    "を超える": "at-least",
    "を上回る": "at-least",
    "を下回る": "at-most",
    "以上": "at-least",
    "超": "at-least",
    "強": "at-least",
    "余り": "at-least",
    "あまり": "at-least",
    "未満": "at-most",
    "以下": "at-most",
    "弱": "at-most",
    "まで": "at-most",
    "程度": "about",
    "前後": "about",
    "近く": "about",
    "ほど": "about",
}
#: Currencies written after the figure, and their ISO codes; a name the table lacks that ends in one of the
#: generic words (``ノースランド・ドル``) is a currency too, named by its words.
CURRENCIES = {
    "円": "jpy",
    "日本円": "jpy",
    "米ドル": "usd",
    "ドル": "usd",
    "ユーロ": "eur",
    "ルピー": "inr",
    "インド・ルピー": "inr",
    "ポンド": "gbp",
    "人民元": "cny",
    "元": "cny",
    "ウォン": "krw",
}
#: Currencies written before the figure (in ASCII after width folding: ＄ is $, ＵＳＤ is USD), and their ISO
#: codes: "USD 5億" is five hundred million dollars, not the five English would read.
CURRENCIES_BEFORE = {"US$": "usd", "$": "usd", "¥": "jpy", "₹": "inr", "€": "eur", "£": "gbp"}
CURRENCIES_BEFORE.update({code: code.lower() for code in ("JPY", "USD", "INR", "EUR", "GBP")})
_ISO = r"(?:JPY|USD|INR|EUR|GBP|CNY|KRW)(?![A-Za-z])"
#: Counters: what a count of things is counted in.
#: Units of measure among the counters: what a figure with one measures stays its unit, whatever noun
#: follows (50kmの道路 is 50 km, of road); one in Latin letters ends where the letters end (10GWh is no GW).
MEASURES = ("トン", "ヘクタール", "キロメートル", "メガワット", "ギガワット", "km", "ha", "MW", "GW")
COUNTERS = (
    "人|名|件|社|校|隻|台|基|機|個|本|棟|戸|世帯|団体|機関|都市|大学|拠点|分野|種類|項目|案件|事業|プロジェクト"
    "|カ所|か所|ヶ所|ヵ所|箇所|カ国|か国|ヶ国|ヵ国|回|部|店|港|席|枠|頭|冊|枚|点|例|床|"
    "トン|ヘクタール|キロメートル|メガワット|ギガワット|(?:km|ha|MW|GW)(?![A-Za-z])"
)
#: The words after the figure of a count that say a rate: 毎年 5万人, 年間1,000人.
RATES = {"毎年": "P1Y", "年間": "P1Y", "年に": "P1Y", "毎月": "P1M", "月間": "P1M", "毎週": "P7D", "毎日": "P1D"}
_NOUN = "\u4e00-\u9fff々ァ-ヺー・A-Za-z"
_BEFORE = "|".join(sorted(BOUNDS_BEFORE, key=len, reverse=True))
_AFTER = "|".join(sorted(BOUNDS_AFTER, key=len, reverse=True))
_CURRENCY = "|".join(sorted(CURRENCIES, key=len, reverse=True))
#: A generic currency word after a name (ノースランド・ドル): at most twelve katakana before it.
_NAMED_CURRENCY = r"[ァ-ヺー][ァ-ヺー・]{0,11}?(?:ドル|ルピー|ユーロ|ポンド|ウォン)"
_RANGE = r"\s?(?:[~〜\-–—]|から)\s?"


def _year(tag: str) -> str:
    """A year with 年: ``2025年``, or in an era, ``令和7年``, ``平成元年``."""
    return rf"(?:(?P<era{tag}>令和|平成|昭和)(?P<ey{tag}>\d{{1,2}}|元)|(?P<y{tag}>(?<!\d)(?:19|20)\d\d))年"


#: The first year of each era, less one.
ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}


def year_of(m: Match, tag: str) -> int:
    """The year a :func:`_year` of ``tag`` matched."""
    if m.group(f"y{tag}"):
        return int(m.group(f"y{tag}"))
    era_year = m.group(f"ey{tag}")
    return ERAS[m.group(f"era{tag}")] + (1 if era_year == "元" else int(era_year))


#: Where a figure starts: a digit or kanji numeral not after another, nor after 数 or 何.
_FIGURE_STARTS = re.compile(rf"[\d{_KANJI}](?<![\d.,{_KANJI}{_MYRIAD}数何].)")
#: Where a year starts: 19 or 20 and two digits more (not within a longer run) before 年, or an era.
_YEAR_STARTS = re.compile(r"[12令平昭](?<!\d.)(?:(?<=1)9\d\d年|(?<=2)0\d\d年|(?<=[令平昭]))")
#: ... or before ～ (2031～2035年).
_YEARS_START = re.compile(r"[12令平昭](?<!\d.)(?:(?<=1)9\d\d(?!\d)|(?<=2)0\d\d(?!\d)|(?<=[令平昭]))")
_BOUND_BEFORE = re.compile(rf"(?P<pre>{_BEFORE})\s?\Z")

_AMOUNT = Anchored(
    re.compile(
        rf"(?P<cur0>US\$|JPY|USD|INR|EUR|GBP|[$¥₹€£])\s?(?P<num0>{DIGIT_FIGURE}(?:[{_MYRIAD}]{_PART}?){{0,3}})"
        rf"(?P<post0>{_AFTER})?"
    ),
    re.compile(r"[UJIEG$¥₹€£](?<![A-Za-z].)"),
    _BOUND_BEFORE,
)
_COUNT = Anchored(
    re.compile(
        rf"{_FIGURE}\s?(?P<counter>{COUNTERS})?(?P<post>{_AFTER})?(?:の(?P<noun>[{_NOUN}]{{1,16}})(?![{_NOUN}]))?"
    ),
    _FIGURE_STARTS,
    re.compile(rf"(?:(?<![\d{_KANJI}])(?P<rate>{'|'.join(RATES)})\s?)?(?:(?P<pre>{_BEFORE})\s?)?\Z"),
)
_DATE = Anchored(
    re.compile(
        rf"{_year('1')}(?P<m1>\d{{1,2}})月(?:(?P<d1>\d{{1,2}})(?P<day>日)?(?:{_RANGE}(?:(?P<m2>\d{{1,2}})月)?"
        rf"(?P<d2>\d{{1,2}})日)?)?"
    ),
    _YEAR_STARTS,
)
_MONTH_DAY = Anchored(
    re.compile(
        rf"(?<![\d年])(?P<m1>\d{{1,2}})月(?P<d1>\d{{1,2}})日(?:{_RANGE}(?:(?P<m2>\d{{1,2}})月)?(?P<d2>\d{{1,2}})日)?"
    ),
    re.compile(r"\d(?<![\d年].)\d?月"),
)
_PERIOD = Anchored(
    re.compile(
        rf"{_year('1')}(?:(?P<m1>\d{{1,2}})月)?度?{_RANGE}{_year('2')}(?:(?P<m2>\d{{1,2}})月)?度?(?:まで|にかけて)?"
        rf"|(?P<a>(?<!\d)(?:19|20)\d\d)\s?[~〜\-–—]\s?(?P<b>(?:19|20)\d\d)年度?"
    ),
    _YEARS_START,
)
_DURATION = Anchored(
    re.compile(
        rf"(?<![\d{_KANJI}])(?P<n>\d{{1,4}}|[{_KANJI}]{{1,4}})\s?(?P<unit>[かカヶヵ箇]年|年|[かカヶヵ箇]月|週|日)(?P<span>間)?"
    ),
    re.compile(rf"[\d{_KANJI}](?<![\d{_KANJI}].)[\d{_KANJI}]{{0,3}}\s?[かカヶヵ箇年月週日]"),
    re.compile(r"(?P<pre>今後|向こう|これから|過去|最長|最大)\s?\Z"),
)
_DUE = Anchored(
    re.compile(
        rf"{_year('1')}度?(?:(?P<m1>\d{{1,2}})月)?(?:(?P<d1>\d{{1,2}})日)?末?(?:まで(?:に|の間に)?|を(?:目途|目処|めど)に|時点(?:で|において|では|まで)?|現在)"
    ),
    _YEAR_STARTS,
)
#: It starts with 第, which the engine finds as fast as an anchor.
_ORDINAL = re.compile(
    rf"第\s?(?P<n>\d{{1,4}}|[{_KANJI}]{{1,6}})\s?(?:回目|回|次|期)(?P<name>[\u4e00-\u9fff々ァ-ヺーA-Za-z][{_NOUN}]{{0,29}})?"
)
_DURATION_UNITS = {"年": "Y", "月": "M", "週": "W", "日": "D"}


def find(finder: Finder, currencies: Currencies | None) -> None:
    """Japanese candidates of ``finder.text``: amounts, periods, dates due, ordinals, dates and counts, each
    where nothing was found before."""
    _find_ranges(finder, currencies)
    _find_amounts(finder, currencies)
    _find_periods(finder)
    for m in _DUE.finditer(finder.text):
        if not finder.overlaps(m):
            finder.add("due", m, {"due": _at_precision(m)}, rate=False)
    for ordinal in _ORDINAL.finditer(finder.text):
        n = _number(ordinal.group("n"))
        if n and not finder.overlaps(ordinal):
            finder.add("ordinal", ordinal, {"ordinal": int(n)}, rate=False)
    _find_dates(finder)
    add_shares(finder, _SHARE)  # 20パーセント (20% is English's, read after)
    _find_counts(finder)


def _number(text: str) -> Decimal | None:
    """The value of a figure in digits (in groups of thousands or not), kanji numerals or both."""
    plain = text.replace(",", "")
    return figure(text) if plain.replace(".", "").isdigit() else japanese_number(plain)


def _bound(m: Match, before: str, after: str) -> str:
    """The bound the words before or after a figure give (before first), else exact."""
    words = m.group(before)
    if words:
        return BOUNDS_BEFORE[words]
    return BOUNDS_AFTER.get(m.group(after) or "", "exact")


def _find_ranges(finder: Finder, currencies: Currencies | None) -> None:
    """Ranges of amounts and counts (3～5兆円, 5,000億～1兆円, 3,000～5,000人): two candidates with the
    range's words, its first figure at least and its second at most; a first figure without a myriad takes
    the second's (3～5兆円: 3兆 to 5兆). から is left out: "1,200社から1,400社に" is a change, not a range."""
    for m in _ranges(currencies.pattern if currencies else None).finditer(finder.text):
        lo_words, hi_words = m.group("lo"), m.group("num")
        myriad = next((c for c in hi_words if c in _MYRIAD), None)
        if myriad and not set(lo_words) & set(_MYRIAD):
            lo_words += myriad
        lo, hi = scaled(_number(lo_words), []), scaled(_number(hi_words), [])
        if lo is None or hi is None or lo >= hi or finder.overlaps(m):
            continue
        words = m.group("cur") or m.group("counter")
        if m.group("cur"):
            kind = "amount"
            unit = (currencies.unit(words) if currencies else None) or CURRENCIES.get(words, words.lower())
        else:  # the thing counted after の, unless the counter is a unit of measure (3～5社の日本企業: 日本企業)
            kind, unit = "count", words if words in MEASURES or not m.group("noun") else m.group("noun")
        unit_words = (m.start("cur" if m.group("cur") else "counter"), m.end())
        add_range(finder, kind, m, ((lo, m.start("lo")), (hi, m.start("num"))), unit, unit_words, rate=False)


@lru_cache(maxsize=16)
def _ranges(named: str | None) -> Anchored:
    """Two figures joined by ～ or a dash, then a currency (the graph's, ``named``, first) or a counter."""
    names = f"(?i:{named})(?![A-Za-z])|" if named else ""
    return Anchored(
        re.compile(
            rf"(?<![第\d.,{_KANJI}{_MYRIAD}])(?P<lo>{_PART}(?:[{_MYRIAD}]{_PART}?){{0,3}})\s?[~〜～\-–—]\s?{_FIGURE}\s?"
            rf"(?:(?P<cur>{names}{_NAMED_CURRENCY}|{_CURRENCY}|{_ISO})|(?P<counter>{COUNTERS})(?!目)"
            rf"(?:の(?P<noun>[{_NOUN}]{{1,16}})(?![{_NOUN}]))?)"
        ),
        _FIGURE_STARTS,
    )


def _find_amounts(finder: Finder, currencies: Currencies | None) -> None:
    """Amounts: a currency before the figure (US$10億), then after it (10兆円, 20億ノースランド・ドル)."""
    for m in _AMOUNT.finditer(finder.text):
        if not set(m.group("num0")) & set(_MYRIAD):
            continue  # "USD 5 billion", "₹ 500 करोड़": English's or Hindi's, whose scale words may follow
        value = scaled(_number(m.group("num0")), [])
        if value is not None and not finder.overlaps(m):
            fields = {"value": value, "unit": CURRENCIES_BEFORE[m.group("cur0")], "bound": _bound(m, "pre", "post0")}
            finder.add("amount", m, fields, (m.start("cur0"), m.end("num0"), m.end("num0")), rate=False)
    if currencies:  # a currency of the graph before a figure with a myriad: NLD 50億
        for m in _named_before(currencies.pattern).finditer(finder.text):
            value = scaled(_number(m.group("num0")), [])
            if value is not None and not finder.overlaps(m):
                unit = currencies.unit(m.group("cur0")) or m.group("cur0").lower()
                fields = {"value": value, "unit": unit, "bound": _bound(m, "pre", "post0")}
                finder.add("amount", m, fields, (m.start("cur0"), m.end("num0"), m.end("num0")), rate=False)
    for m in _amounts_after(currencies.pattern if currencies else None).finditer(finder.text):
        value = scaled(_number(m.group("num")), [])
        if value is None or finder.overlaps(m):
            continue
        words = m.group("cur")
        unit = (currencies.unit(words) if currencies else None) or CURRENCIES.get(words, words.lower())
        fields = {"value": value, "unit": unit, "bound": _bound(m, "pre", "post")}
        finder.add("amount", m, fields, (m.start("num"), m.start("cur"), m.end("cur")), rate=False)


@lru_cache(maxsize=16)
def _named_before(named: str) -> Anchored:
    """Amounts with a currency the graph names (``named``) before a figure with a myriad ("NLD 50億"); without
    one, the figure is English's or Hindi's, whose scale words may follow."""
    return Anchored(
        re.compile(
            rf"(?<![A-Za-z])(?P<cur0>(?i:{named}))\s?(?P<num0>{DIGIT_FIGURE}(?:[{_MYRIAD}]{_PART}?){{1,3}})"
            rf"(?P<post0>{_AFTER})?"
        ),
        re.compile(rf"(?i:{named})"),
        _BOUND_BEFORE,
    )


@lru_cache(maxsize=16)
def _amounts_after(named: str | None) -> Anchored:
    """Amounts with the currency after the figure: first the currencies the graph names (``named``), then a
    name ending in a generic word, then the generic words and ISO codes."""
    names = f"(?i:{named})(?![A-Za-z])|" if named else ""
    return Anchored(
        re.compile(rf"{_FIGURE}\s?(?P<cur>{names}{_NAMED_CURRENCY}|{_CURRENCY}|{_ISO})(?P<post>{_AFTER})?"),
        _FIGURE_STARTS,
        _BOUND_BEFORE,
    )


def _find_periods(finder: Finder) -> None:
    """Periods of years or months (2031年から2035年まで, 2031～2035年), then lengths (今後5年間, 3か月)."""
    for m in _PERIOD.finditer(finder.text):
        if m.group("a"):
            found = period(int(m.group("a")), None, int(m.group("b")), None)
        else:
            m1, m2 = m.group("m1"), m.group("m2")
            found = period(year_of(m, "1"), _month_number(m1), year_of(m, "2"), _month_number(m2))
        if found and not finder.overlaps(m):
            finder.add("period", m, {"period": found}, rate=False)
    for m in _DURATION.finditer(finder.text):
        unit = m.group("unit")
        if (unit in "週日" and not m.group("span")) or (unit == "年" and not (m.group("pre") or m.group("span"))):
            continue  # 2031年 is a year, 3日 a day: a length says 間 (or 今後)
        length = duration(_number(m.group("n")), _DURATION_UNITS[unit[-1]])
        if length and not finder.overlaps(m):
            finder.add("period", m, {"period": {"duration": length}}, rate=False)


def _month_number(text: str | None) -> int | None:
    """A month's number, or None for none or one past 12."""
    return int(text) if text and 1 <= int(text) <= 12 else None


def _at_precision(m: Match) -> int | str:
    """The date a thing is due by at the precision the words give: 2030, 2030-03 or 2030-03-31."""
    year, number = year_of(m, "1"), _month_number(m.group("m1"))
    if number and m.group("d1"):
        return f"{year}-{number:02d}-{int(m.group('d1')):02d}"
    return month(year, number)


def _find_dates(finder: Finder) -> None:
    """Dates (2025年8月29日, 2025年8月29日～30日), months of years (2031年3月), then days of months without a
    year (8月29日), where nothing was found before."""
    for m in _DATE.finditer(finder.text):
        number = _month_number(m.group("m1"))
        if number is None or finder.overlaps(m):
            continue
        if not m.group("d1") or not (m.group("day") or m.group("d2")):
            end = m.end("m1") + 1  # a month of a year: the words end at its 月
            finder.add_span("date", m.start(), end, {"start_date": month(year_of(m, "1"), number)})
        else:
            finder.add("date", m, _days(m, year_of(m, "1"), number), rate=False)
    for m in _MONTH_DAY.finditer(finder.text):
        number = _month_number(m.group("m1"))
        if number and not finder.overlaps(m):
            finder.add("date", m, _days(m, None, number), rate=False)


def _days(m: Match, year: int | None, number: int) -> dict:
    """The days of a date match: one, or a first and last (in another month where it names one)."""
    found = dates(year, number, m.group("d1"), m.group("d2"))
    last = _month_number(m.group("m2"))
    if last and m.group("d2"):
        found["end_date"] = dates(year, last, m.group("d2"), None)["start_date"]
    return found


_SHARE = re.compile(rf"(?P<num>{DIGIT_FIGURE})\s?パーセント")


def _find_counts(finder: Finder) -> None:
    """Counts: a figure with its counter (50万人) or the thing counted after の (5万人以上の学生), with its
    bound and a rate before it (毎年)."""
    for m in _COUNT.finditer(finder.text):
        counter, noun = m.group("counter"), m.group("noun")
        if finder.overlaps(m):
            continue
        if not (counter or noun):
            _add_unitless(finder, m)
            continue
        value = scaled(_number(m.group("num")), [])
        digits = m.group("num")[:1].isdigit()
        if value is None or (not digits and value < 2 and not m.group("pre")):
            continue  # 一人, 一部: one, as a word, is no count
        if digits and not counter and re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
            continue  # a year
        measured = counter in MEASURES
        fields = {"value": value, "unit": counter if measured else noun or counter, "bound": _bound(m, "pre", "post")}
        if m.group("rate"):
            fields["per"] = RATES[m.group("rate")]
        if measured:  # the figure's words: 50km (of 50kmの道路)
            figure_words = (m.start("num"), m.start("counter"), m.end("counter"))
        else:
            figure_words = (
                m.start("num"),
                m.start("counter" if counter else "noun"),
                m.end("noun") if noun else m.end(),
            )
        finder.add("count", m, fields, figure_words, rate=False)


def _add_unitless(finder: Finder, m: Match) -> None:
    """A figure with a myriad and nothing counted after it (230万に増加した: rose to 2.3 million): a count of
    its whole value with no unit, for the curator to name; a figure without a myriad, alone, is none."""
    if not set(m.group("num")) & set(_MYRIAD):
        return
    value = scaled(_number(m.group("num")), [])
    if value is not None:
        fields = {"value": value, "unit": None, "bound": _bound(m, "pre", "post")}
        finder.add("count", m, fields, (m.start("num"), m.end(), m.end()), rate=False)


# ---------------------------------------------------------------------------------------------- progress
#: Verbal nouns and verbs of reaching something: investing, training, opening, building, taking part ...
_REACHED = (
    "投資|出資|融資|拠出|支出|供与|提供|研修|訓練|育成|養成|派遣|受け入れ|受入れ|招へい|招聘|開設|開所|開校|設立|設置"
    "|建設|整備|完成|完了|竣工|開業|開通|導入|配備|稼働|運用|達成|到達|実施|参加|参画|雇用|採用|卒業|修了|受講|訪問|実現"
    "|締結|署名"
)
#: The past, perfect or polite past of a verb (not the wish 〜したい, nor 〜たく, 〜たら, 〜たり).
_DONE = r"(?:た|ている|ていた|てきた|ています|ていました|ました|済み)(?![いくらり])"


def _year_end(words: str, year: int) -> str | None:
    """The last month of ``year`` where a date due's words say its end: 年末 December, a fiscal year's end
    (年度末) March of the next year."""
    if "年度末" in words:
        return f"{year + 1}-03"
    return f"{year}-12" if "年末" in words else None


#: A report of what was reached, and what makes a sentence a promise or plan instead: a plain verb before
#: こと, との or 旨 (〜することで一致した), a wish (たい), 予定, 見込み or 見通し as the predicate, 目指す,
#: 方針, 意向, 期待, and the non-past at the end of a clause (する, される, となる).
PROGRESS = ProgressWords(
    cue=re.compile(
        rf"(?:{_REACHED})(?:を|が)?(?:し|され|さ|を受け|を終え)?{_DONE}"
        rf"|(?:を|が)?行(?:っ|われ){_DONE}|となった|を記録し{_DONE}|に増加し{_DONE}|を突破し{_DONE}"
        rf"|に達し{_DONE}|を超え{_DONE}|を上回っ{_DONE}|に上っ{_DONE}"
        r"|これまでに|これまでの|現在までに|現在(?:[、,]|で|まで)|時点(?:で|において|では|までに)|累計|すでに|既に"
    ),
    promise=re.compile(
        r"(?<!てい)(?:する|される|させる|れる|える|げる|う|く|す|つ|む|ぶ)(?=こと|との|旨)|たい|意図|こととし|ことにし"
        r"|こととなっ|ことになっ|予定(?=[。．、,]|だ|で|と|$)|見込(?:み(?=[。．、,]|だ|で|と|$)|まれ)"
        r"|見通し(?=[。．、,]|だ|で|と|$)|目指|目標と(?:する|し)|計画(?:する|だ|である|です)|方針|意向|誓|期待(?!を上回)"
        r"|べき|ことで一致|(?:する|される|します|されます|していく|させる|となる|になる)(?=[。．、,！？!?।]|\s|$)"
    ),
    sentence_end=re.compile(r"[。．！？!?।॥]+|\.(?=\s)|\n"),
    part_of=re.compile(
        rf"(?:の(?:目標|計画|予定))?(?:のうち|の中で|中|に対し(?:て)?)[、,]?\s?"
        rf"(?:(?:既に|すでに|これまでに|現在までに)[、,]?\s?)?{_FIGURE}(?:{COUNTERS}|つ|{_NAMED_CURRENCY}|{_CURRENCY}|{_ISO})?"
    ),
    part_value=lambda m: scaled(_number(m.group("num")), []),
    target_after=re.compile(r"の(?:目標|計画|予定)|のうち|の中で|中|に対し|から"),  # から: where a change started
    reached_bound=re.compile(r"(?:を|が)?(?P<more>超え|上回っ|突破し)|(?P<reached>に達し|に上っ|となっ)"),
    share=re.compile(r"(?P<num>\d{1,3}(?:\.\d{1,2})?)\s?(?:%|％|パーセント)"),
    year_end=_year_end,
    year_in=re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d\d)年度?(?:に|には|中に|中には)(?!約束|合意|表明|発表|決定|署名|締結)"
    ),
)
