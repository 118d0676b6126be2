"""`suggest`'s patterns for Hindi: figures in Devanagari or ASCII digits
(``२०२५``, ``1,00,000``) or words (``पाँच``, ``ढाई``), with scale words
(हज़ार, लाख, करोड़, मिलियन, अरब, ट्रिलियन: ``10 लाख करोड़`` is 10¹³);
currencies after the figure (रुपये, डॉलर, येन, or a currency the graph
names, ``2.5 अरब नॉर्थलैंड डॉलर``) or before it (₹, रु., or the graph's with a scale word: ``NLD 50
करोड़``); a figure with scale words and nothing counted after them (``बढ़कर 2.3 लाख``: a count with no
unit); bounds before
(लगभग, कम से कम, अधिकतम) and after (से अधिक, से कम, तक); counts with the
words counted and a bound before or after them (``5 लाख से अधिक लोगों``,
``5 लाख लोगों से अधिक``); dates (``4 मार्च 2031``, ``29-30
अगस्त 2025``), months (``मार्च 2031``), periods (``2031 से 2036 तक``,
``अगले पाँच वर्षों में``, ``दो दिवसीय``), dates due (``2030 तक``) and
ordinals (``15वें भारत-जापान वार्षिक शिखर सम्मेलन``, ``पहले शिखर सम्मेलन``).

Words are written with or without their nukta (हज़ार and हजार, the nukta
composed or not) and with a chandrabindu or anusvara (पाँच, पांच). A word
ends where its letters and marks end (Python's ``\\b`` would end it at each
vowel sign). Every repeat is bounded and each figure starts where a run of
digits or a word starts: the cost is linear in the text.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from .numerals import figure, scaled
from .suggest_base import (
    DIGIT_FIGURE,
    YEAR,
    Anchored,
    Currencies,
    Finder,
    Found,
    Match,
    ProgressWords,
    add_range,
    add_shares,
    dates,
    duration,
    month,
    period,
)

#: A letter or mark of a Devanagari word (not the danda), or any word character.
_W = r"[\w\u0900-\u0963\u0971-\u097f]"
_START, _END = rf"(?<!{_W})", rf"(?!{_W})"
#: The letters and marks of Devanagari words.
_LETTERS = "\u0900-\u0963\u0971-\u097f"
_WORD = r"[\u0900-\u0963\u0971-\u097f]+(?:-[\u0900-\u0963\u0971-\u097f]+)?"
_NUKTA = "\u093c"


def spelled(word: str) -> str:
    """A pattern for ``word`` as Hindi is written: each nukta composed or not, or left out; a chandrabindu
    or an anusvara alike; spaces as any white space.

    >>> bool(re.fullmatch(spelled("हज़ार"), "हजार")), bool(re.fullmatch(spelled("पाँच"), "पांच"))
    (True, True)
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFD", word):
        if char == _NUKTA:
            composed = unicodedata.normalize("NFC", out[-1] + _NUKTA)
            out[-1] = f"(?:{out[-1]}{_NUKTA}?{'|' + composed if len(composed) == 1 else ''})"
        elif char in "\u0901\u0902":
            out.append("[\u0901\u0902]")
        else:
            out.append(r"\s+" if char == " " else re.escape(char))
    return "".join(out)


def _words(table) -> str:
    """An alternation of the words of ``table``, longest first, each as :func:`spelled` has it."""
    return "|".join(spelled(w) for w in sorted(table, key=len, reverse=True))


#: The letters with a nukta that Unicode also has composed (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़), by their decomposed form.
_COMPOSED = {unicodedata.normalize("NFD", chr(c)): chr(c) for c in range(0x958, 0x960)}


def _variants(word: str) -> set[str]:
    """The spellings of ``word`` a text may have: each nukta decomposed, composed or left out, a chandrabindu
    or an anusvara.

    >>> sorted(_variants("पाँच")) == sorted({"पाँच", "पांच"}), len(_variants("हज़ार"))
    (True, 3)
    """
    nfd = unicodedata.normalize("NFD", word)
    composed = nfd
    for pair, char in _COMPOSED.items():
        composed = composed.replace(pair, char)
    forms = {nfd, nfd.replace(_NUKTA, ""), composed}
    return forms | {f.replace("\u0901", "\u0902") for f in forms}


def _key(words: str) -> str:
    """Words as the tables spell them: NFC, nukta and chandrabindu as written there, single spaces."""
    text = " ".join(unicodedata.normalize("NFC", words).split())
    return _SPELLINGS.get(text, text)


SCALES = {
    "सौ": 100,
    "हज़ार": 10**3,
    "लाख": 10**5,
    "करोड़": 10**7,
    "मिलियन": 10**6,
    "बिलियन": 10**9,
    "अरब": 10**9,
    "खरब": 10**11,
    "ट्रिलियन": 10**12,
}
NUMBER_WORDS: dict[str, int | Decimal] = {
    "शून्य": 0,
    "एक": 1,
    "डेढ़": Decimal("1.5"),
    "दो": 2,
    "ढाई": Decimal("2.5"),
    "तीन": 3,
    "चार": 4,
    "पाँच": 5,
    "छह": 6,
    "छः": 6,
    "सात": 7,
    "आठ": 8,
    "नौ": 9,
    "दस": 10,
    "ग्यारह": 11,
    "बारह": 12,
    "तेरह": 13,
    "चौदह": 14,
    "पंद्रह": 15,
    "पन्द्रह": 15,
    "सोलह": 16,
    "सत्रह": 17,
    "अठारह": 18,
    "उन्नीस": 19,
    "बीस": 20,
    "पच्चीस": 25,
    "तीस": 30,
    "चालीस": 40,
    "पचास": 50,
    "साठ": 60,
    "सत्तर": 70,
    "अस्सी": 80,
    "नब्बे": 90,
}
#: Currencies after the figure, and their ISO codes; "X डॉलर" the table lacks is a currency named by its words.
CURRENCIES = {
    "रुपये": "inr",
    "रुपए": "inr",
    "रुपया": "inr",
    "रुपयों": "inr",
    "रु.": "inr",  # after the figure too: "500 करोड़ रु. की योजना"
    "रु": "inr",
    "डॉलर": "usd",
    "अमेरिकी डॉलर": "usd",
    "येन": "jpy",
    "जापानी येन": "jpy",
    "यूरो": "eur",
    "पाउंड": "gbp",
    "युआन": "cny",
}
CURRENCIES_BEFORE = {"₹": "inr", "रु.": "inr", "रु": "inr", "रू.": "inr", "Rs.": "inr", "Rs": "inr", "$": "usd"}
CURRENCIES_BEFORE.update({"US$": "usd", **{code: code.lower() for code in ("INR", "USD", "JPY", "EUR")}})
BOUNDS_BEFORE = {
    "लगभग": "about",
    "करीब": "about",
    "क़रीब": "about",
    "तकरीबन": "about",
    "कम से कम": "at-least",
    "न्यूनतम": "at-least",
    "अधिकतम": "at-most",
    "अधिक से अधिक": "at-most",
}
BOUNDS_AFTER = {
    "से कम नहीं": "at-least",  # not less than
    "से अधिक नहीं": "at-most",  # not more than
    "से ज़्यादा नहीं": "at-most",
    "से अधिक": "at-least",
    "से ज़्यादा": "at-least",
    "से ऊपर": "at-least",
    "से कम": "at-most",
    "तक": "at-most",
    "के करीब": "about",
    "के आसपास": "about",
}
MONTHS = {
    "जनवरी": 1,
    "फ़रवरी": 2,
    "मार्च": 3,
    "अप्रैल": 4,
    "मई": 5,
    "जून": 6,
    "जुलाई": 7,
    "अगस्त": 8,
    "सितंबर": 9,
    "सितम्बर": 9,
    "अक्टूबर": 10,
    "अक्तूबर": 10,
    "नवंबर": 11,
    "नवम्बर": 11,
    "दिसंबर": 12,
    "दिसम्बर": 12,
}
#: Lengths: the unit of a duration each word names.
LENGTHS = {
    "वर्षों": "Y",
    "वर्ष": "Y",
    "सालों": "Y",
    "साल": "Y",
    "महीनों": "M",
    "महीने": "M",
    "माह": "M",
    "सप्ताहों": "W",
    "सप्ताह": "W",
    "हफ़्तों": "W",
    "हफ़्ते": "W",
    "दिनों": "D",
    "दिन": "D",
}
LENGTH_ADJECTIVES = {"वर्षीय": "Y", "साला": "Y", "मासिक": "M", "माही": "M", "सप्ताहीय": "W", "दिवसीय": "D"}
RATES = {
    "हर साल": "P1Y",
    "हर वर्ष": "P1Y",
    "प्रति वर्ष": "P1Y",
    "प्रतिवर्ष": "P1Y",
    "सालाना": "P1Y",
    "हर महीने": "P1M",
    "प्रति माह": "P1M",
    "प्रतिमाह": "P1M",
    "हर सप्ताह": "P7D",
    "हर दिन": "P1D",
    "प्रतिदिन": "P1D",
}
#: The words for per cent: "20 प्रतिशत" is a share, never a count of प्रतिशत.
SHARES = ("प्रतिशत", "फ़ीसदी")
ORDINAL_WORDS = {
    "पहले": 1,
    "पहला": 1,
    "पहली": 1,
    "प्रथम": 1,
    "दूसरे": 2,
    "दूसरा": 2,
    "दूसरी": 2,
    "द्वितीय": 2,
    "तीसरे": 3,
    "तीसरा": 3,
    "तीसरी": 3,
    "तृतीय": 3,
    "चौथे": 4,
    "चौथा": 4,
    "चौथी": 4,
}
#: What an ordinal word orders, for it to be one ("पहले" alone is also "before").
EVENTS = ("शिखर सम्मेलन", "सम्मेलन", "बैठक", "वार्ता", "संवाद", "दौर", "सत्र")
#: Words no count's unit starts or goes on with: postpositions, conjunctions, verbs of being, lengths,
#: months, scales, currencies and numbers.
_STOP = (
    "का|के|की|को|में|मे|से|पर|ने|और|या|व|तक|है|हैं|था|थे|थी|थीं|हो|होगा|होंगे|होगी|गया|गई|गए|लिए|द्वारा|भी|ही"
    "|एवं|तथा|प्रति|इस|उस|यह|वह|ये|वे|जो|कि|नहीं|हर|बजे|"
    + "|".join(
        _words(t) for t in (LENGTHS, LENGTH_ADJECTIVES, MONTHS, SCALES, CURRENCIES, BOUNDS_BEFORE, NUMBER_WORDS, SHARES)
    )
)
#: Verbs, which end a count's unit and an ordinal's name: the future (बनेंगे, जाएगा), and the past and
#: participles of the verbs that follow a count most (आए, गए, हुआ, किया, लगाए, दिए, मिले ...).
_VERB = (
    r"[\u0900-\u0963\u0971-\u097f]+(?:ेंगे|ेंगी|ेगा|ेगी|एंगे|एंगी|एगा|एगी|ूंगा|ूँगा)"
    r"|(?:आ|गय|ग|हु|कि|किय|लि|लिय|दि|दिय|लगा|लगाय|बन|बनाय|बना|मिल|रह|पहुँच|पहुंच|भेज|चल|जुड़|जुट|हो|खोल)"
    r"(?:ए|ई|आ|ा|या|ी|े|ये|यी|ईं|ीं|ें)"
)
#: Words before a figure that refer back to things already named: "इन दो देशों" (these two countries).
_REFERENCE = re.compile(r"(?:इन|उन|ये|वे|इन्हीं|उन्हीं|अपने|अपनी|अपना)\s+\Z")
#: Every spelling of the tables' words, as the tables write them.
_SPELLINGS: dict[str, str] = {}

_NUMBER_WORD = rf"{_START}(?:{_words(NUMBER_WORDS)}){_END}"
_SCALE = rf"(?:{_words(SCALES)}){_END}"
#: A figure and the scale words after it: "2.5 अरब", "10 लाख करोड़", "दो सौ".
#: (a hyphen may join the figure and its scale: "₹10,000-करोड़ की योजना")
_FIGURE = rf"(?P<num>{DIGIT_FIGURE}|{_NUMBER_WORD})(?P<scales>(?:(?:\s+|-){_SCALE}){{0,3}})"
#: Words before a figure that add to it or take from it: साढ़े 3 is 3.5, सवा 2 is 2.25, पौने 2 is 1.75.
FRACTIONS = {"साढ़े": Decimal("0.5"), "सवा": Decimal("0.25"), "पौने": Decimal("-0.25")}
_FRACTION = rf"(?:(?P<frac>{_words(FRACTIONS)})\s+)?"
_BEFORE = re.compile(rf"{_START}(?:(?P<pre>{_words(BOUNDS_BEFORE)})\s+)?{_FRACTION}\Z")
_AFTER = rf"(?:\s+(?P<post>{_words(BOUNDS_AFTER)}){_END})?"
_MONTH = rf"(?:{_words(MONTHS)}){_END}"
_UNIT_WORD = rf"(?!(?:{_STOP}|{_VERB}){_END}){_WORD}"
_YEAR_WORD = r"(?:(?:वर्ष|साल|सन्)\s+)?"


def _starts(words, digits: bool = False) -> re.Pattern:
    """Where a word of ``words`` (or, with ``digits``, a run of digits) stands as a whole word, in each of its
    spellings: an alternation of literal words, whose first letters the engine scans for in C and whose
    rest it checks there, so that only the places a pattern may match are tried from Python."""
    spellings = {v for word in words for v in _variants(word)}
    alternatives = [
        rf"{re.escape(w[0])}(?<!{_W}.){re.escape(w[1:])}(?!{_W})" for w in sorted(spellings, key=len, reverse=True)
    ]
    if digits:  # a figure, and a Devanagari word after it (its scale, currency, unit or length)
        alternatives += [rf"{d}(?<!{_W}.)(?=[\d,.]{{0,40}}[\s-]*[{_LETTERS}])" for d in "0123456789"]
    return re.compile("|".join(alternatives))


#: Where a figure starts: a run of digits, or a number word.
_FIGURE_STARTS = _starts(NUMBER_WORDS, digits=True)
_YEAR_STARTS = "[12](?<![\\d.,].)(?:(?<=1)9|(?<=2)0)\\d\\d(?!\\d)"

_AMOUNT_BEFORE = Anchored(
    re.compile(
        rf"(?P<cur>₹|रु\.?|रू\.?|Rs\.?|US\$|\$|INR|USD|JPY|EUR)\s?(?P<num>{DIGIT_FIGURE})"
        rf"(?P<scales>(?:(?:\s+|-){_SCALE}){{0,3}}){_AFTER}"
    ),
    re.compile(r"₹|रु|रू|Rs|US|\$|INR|USD|JPY|EUR"),
    _BEFORE,
)
#: The bounds a count may take after its figure or after the words counted (तक, "by", is a date's).
_COUNT_BOUNDS = ("से कम नहीं", "से अधिक नहीं", "से ज़्यादा नहीं", "से अधिक", "से ज़्यादा", "से ऊपर", "से कम")
#: Words that, after the words counted, say what became of them: "12 केंद्र कार्यरत थे" (12 centres were
#: operating), "5,000 नर्सें प्रशिक्षित हुईं"; before them they describe it ("5 प्रशिक्षित नर्सें").
_PREDICATES = ("कार्यरत", "चालू", "प्रशिक्षित", "स्थापित", "संचालित", "सक्रिय", "उपलब्ध", "पूर्ण", "शुरू")
_COUNT = Anchored(
    re.compile(
        rf"{_FIGURE}(?:\s+(?P<post>{_words(_COUNT_BOUNDS)}){_END})?"
        rf"\s+(?P<unit>{_UNIT_WORD}(?:\s+(?!(?:{_words(_COUNT_BOUNDS)}|{_words(_PREDICATES)}){_END}){_UNIT_WORD})?)"
        rf"(?:\s+(?P<post2>{_words(_COUNT_BOUNDS)}){_END})?(?:\s+(?P<rate2>{_words(RATES)}){_END})?"
    ),
    _FIGURE_STARTS,
    re.compile(rf"{_START}(?:(?P<rate>{_words(RATES)})\s+)?(?:(?P<pre>{_words(BOUNDS_BEFORE)})\s+)?{_FRACTION}\Z"),
)
#: A figure with its scale words and no word counted after them ("बढ़कर 2.3 लाख हो गई", rose to 2.3 lakh):
#: a count of its whole value, its unit left for the curator to name; a scale word is never the thing counted.
_SCALED = Anchored(
    re.compile(
        rf"(?P<num>{DIGIT_FIGURE}|{_NUMBER_WORD})(?P<scales>(?:(?:\s+|-){_SCALE}){{1,3}})"
        rf"(?:\s+(?P<post>{_words(_COUNT_BOUNDS)}){_END})?"
    ),
    _FIGURE_STARTS,
    re.compile(rf"{_START}(?:(?P<pre>{_words(BOUNDS_BEFORE)})\s+)?{_FRACTION}\Z"),
)
_DATE = Anchored(
    re.compile(
        rf"(?<!\d)(?P<d1>\d{{1,2}})(?:(?:\s?[-–]\s?|\s+(?:और|व|एवं)\s+)(?P<d2>\d{{1,2}}))?\s+(?P<month>{_MONTH})"
        rf"(?:,?\s+(?P<year>{YEAR}))?"
    ),
    re.compile(rf"\d(?<!\d.)(?=\d?(?:\s?[-–]\s?\d{{1,2}})?\s+[{_LETTERS}])"),
)
_MONTH_OF_YEAR = Anchored(re.compile(rf"{_START}(?P<month>{_MONTH})\s+(?P<year>{YEAR})"), _starts(MONTHS))
_PERIOD = Anchored(
    re.compile(
        rf"(?P<a>{YEAR})\s+से\s+{_YEAR_WORD}(?:(?P<m2>{_MONTH})\s+)?(?P<b>{YEAR})(?:\s+(?:तक|के\s+बीच){_END})?"
        rf"|(?P<a2>{YEAR})\s+(?:और|एवं|व)\s+(?P<b2>{YEAR})\s+के\s+बीच{_END}"
    ),
    re.compile(rf"{_YEAR_STARTS}(?=\s+(?:से|और|एवं|व)\s)"),
    re.compile(rf"{_START}{_YEAR_WORD}(?:(?P<m1>{_MONTH})\s+)?\Z"),
)
_DURATION = Anchored(
    re.compile(
        rf"(?P<n>{_START}\d{{1,4}}(?!\d)|{_NUMBER_WORD})\s*(?P<unit>{_words(LENGTHS)}){_END}"
        rf"(?:\s+(?P<post>में|के\s+दौरान|के\s+लिए|तक|की\s+अवधि(?:\s+में)?){_END})?"
        rf"|(?P<n2>{_START}\d{{1,4}}(?!\d)|{_NUMBER_WORD})(?:-|\s*)(?P<unit2>{_words(LENGTH_ADJECTIVES)}){_END}"
    ),
    _FIGURE_STARTS,
    re.compile(rf"{_START}(?P<pre>अगले|अगली|आगामी|पिछले|आने\s+वाले)\s+\Z"),
)
_DUE = Anchored(
    re.compile(rf"(?P<year>{YEAR})(?P<end>\s+के\s+अंत)?\s+तक{_END}"),
    re.compile(rf"{_YEAR_STARTS}(?=\s+(?:के|तक))"),
    re.compile(rf"{_START}{_YEAR_WORD}(?:(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTH})\s+)?\Z"),
)
_ORDINAL = Anchored(
    re.compile(
        rf"(?<!\d)(?P<n>\d{{1,4}})\s?(?:वें|वां|वाँ|वीं|वे|वी|वा){_END}"
        rf"(?P<name>(?:\s+(?!(?:{_STOP}|{_VERB}){_END})(?:{_WORD}|[A-Z][\w-]*)){{0,6}})"
    ),
    re.compile(r"\d(?<!\d.)(?=\d{0,3}\s?व)"),
)
_ORDINAL_WORD = Anchored(
    re.compile(
        rf"{_START}(?P<word>{_words(ORDINAL_WORDS)})\s+(?P<event>(?:{_WORD}\s+){{0,3}}?(?:{_words(EVENTS)})){_END}"
    ),
    _starts(ORDINAL_WORDS),
)


def _spellings() -> None:
    """Fill in :data:`_SPELLINGS`: each table word's other spellings (no nukta, anusvara for chandrabindu)."""
    tables = (SCALES, NUMBER_WORDS, CURRENCIES, BOUNDS_BEFORE, BOUNDS_AFTER, MONTHS, LENGTHS, LENGTH_ADJECTIVES)
    for table in (*tables, RATES, ORDINAL_WORDS, FRACTIONS):
        for word in table:
            for other in _variants(word):
                _SPELLINGS.setdefault(unicodedata.normalize("NFC", other), word)


_spellings()


def find(finder: Finder, currencies: Currencies | None) -> None:
    """Hindi candidates of ``finder.text``: amounts, periods, dates due, ordinals, dates and counts, each where
    nothing was found before."""
    _find_ranges(finder, currencies)
    _find_amounts(finder, currencies)
    _find_periods(finder)
    for m in _DUE.finditer(finder.text):
        if not finder.overlaps(m):
            finder.add("due", m, {"due": _due(m)}, rate=False)
    for pattern in (_ORDINAL, _ORDINAL_WORD):
        for m in pattern.finditer(finder.text):
            n = int(m.group("n")) if pattern is _ORDINAL else ORDINAL_WORDS[_key(m.group("word"))]
            if not finder.overlaps(m):
                finder.add("ordinal", m, {"ordinal": n}, rate=False)
    _find_dates(finder)
    add_shares(finder, _SHARE)  # "20 प्रतिशत", "50 फ़ीसदी": 20 and 50 per cent
    _find_counts(finder)


def _value(m: Match, num: str = "num", scales: str = "scales") -> int | Decimal | None:
    """The value of a :data:`_FIGURE` match: its figure or number word times its scale words."""
    words = m.group(num)
    value = figure(words) if words[0].isdigit() else Decimal(NUMBER_WORDS[_key(words)])
    fraction = m.group("frac") if isinstance(m, Found) else None  # the words before a figure found alone
    if fraction and value is not None:
        value = Decimal(value) + FRACTIONS[_key(fraction)]
    return scaled(value, [SCALES[_key(w)] for w in _scale_words(m.group(scales))])


def _figure_start(m: Found) -> int:
    """Where the figure of ``m`` starts: at the word that adds to it or takes from it (साढ़े 3), if any."""
    if m.before is not None and "frac" in m.before.re.groupindex and m.before.group("frac"):
        return m.before.start("frac")
    return m.start("num")


def _scale_words(words: str) -> list[str]:
    """The scale words of a figure's ``scales`` group, each after a space or a hyphen."""
    return [w for w in re.split(r"[\s-]+", words) if w]


def _bound(m: Match) -> str:
    """The bound of the words before or after a figure, else exact."""
    if m.group("pre"):
        return BOUNDS_BEFORE[_key(m.group("pre"))]
    after = m.group("post") or m.group("post2") or ""  # after the figure, or after the words counted
    return BOUNDS_AFTER.get(_key(after), "exact")


def _find_ranges(finder: Finder, currencies: Currencies | None) -> None:
    """Ranges of amounts and counts ("3 से 5 ट्रिलियन येन", "₹3-5 लाख करोड़", "3,000 से 5,000 श्रमिक"): two
    candidates with the range's words, its first figure at least and its second at most; a first figure
    without scale words takes the second's. "16 अरब डॉलर से बढ़कर 22 अरब डॉलर" is a change, not a range."""
    for m in _ranges(currencies.pattern if currencies else None).finditer(finder.text):
        lo_words = m.group("lo")
        lo = _value(m, "lo", "loscales" if m.group("loscales") else "scales")  # 3-5 लाख: 3 लाख to 5 लाख
        hi = _value(m)
        if lo is None or hi is None or lo >= hi or finder.overlaps(m):
            continue
        if not m.group("loscales") and re.fullmatch(YEAR, lo_words):
            continue  # "2031 से 2036": a period; "2019 से 5,000 छात्रों": since 2019, 5,000 students
        words = m.group("cur") or m.group("before")
        if words:
            kind = "amount"
            unit = (
                CURRENCIES_BEFORE[m.group("before")]
                if m.group("before")
                else (currencies.unit(words) if currencies else None) or CURRENCIES.get(_key(words), _key(words))
            )
        else:
            kind, unit = "count", " ".join(m.group("unit").split())
        end = m.end()
        add_range(finder, kind, m, ((lo, m.start("lo")), (hi, m.start("num"))), unit, (end, end), rate=False)


@lru_cache(maxsize=16)
def _ranges(named: str | None) -> Anchored:
    """Two figures joined by से or a dash, then a currency (the graph's, ``named``, first) or the words
    counted; or a currency sign before them."""
    names = f"(?i:{named}){_END}|" if named else ""
    return Anchored(
        re.compile(
            rf"(?:(?P<before>₹|रु\.|रु|रू\.|Rs\.|Rs|US\$|\$)\s?)?(?<![-\w\u0900-\u097f])(?P<lo>{DIGIT_FIGURE}|{_NUMBER_WORD})"
            rf"(?P<loscales>(?:\s+{_SCALE}){{0,3}})(?:\s?[-–—]\s?|\s+से\s+)(?!(?:बढ़कर|घटकर){_END})"
            rf"{_FIGURE}(?:\s+(?P<cur>{names}(?:{_words(CURRENCIES)}){_END})"
            rf"|(?(before)|\s+(?P<unit>{_UNIT_WORD}(?:\s+(?!(?:{_words(_COUNT_BOUNDS)}|{_words(_PREDICATES)}){_END}){_UNIT_WORD})?)))"
        ),
        _RANGE_STARTS,
    )


#: Where a range may start: a currency sign, a run of digits, a number word.
_RANGE_STARTS = re.compile(rf"[₹$]|रु|रू|Rs|US|\d(?<![\w.,-]\d)|{_starts(NUMBER_WORDS).pattern}")


def _find_amounts(finder: Finder, currencies: Currencies | None) -> None:
    """Amounts: a currency before the figure (₹500 करोड़), then after it (10 ट्रिलियन येन)."""
    for m in _AMOUNT_BEFORE.finditer(finder.text):
        if m.group("cur").isascii() and not m.group("scales"):
            continue  # "USD 5 billion", "Rs 1,500 crore": English's, whose scale words may follow
        value = _value(m)
        if value is not None and not finder.overlaps(m):
            fields = {"value": value, "unit": CURRENCIES_BEFORE[m.group("cur")], "bound": _bound(m)}
            finder.add("amount", m, fields, (m.start("cur"), m.end("scales"), m.end("scales")), rate=False)
    if currencies:  # a currency of the graph before the figure and its Hindi scale words: NLD 50 करोड़
        for m in _named_before(currencies.pattern).finditer(finder.text):
            value = _value(m)
            if value is not None and not finder.overlaps(m):
                unit = currencies.unit(m.group("cur")) or _key(m.group("cur"))
                fields = {"value": value, "unit": unit, "bound": _bound(m)}
                finder.add("amount", m, fields, (m.start("cur"), m.end("scales"), m.end("scales")), rate=False)
    for m in _amounts_after(currencies.pattern if currencies else None).finditer(finder.text):
        value = _value(m)
        if value is None or finder.overlaps(m):
            continue
        words = m.group("cur")
        unit = (currencies.unit(words) if currencies else None) or CURRENCIES.get(_key(words), _key(words))
        fields = {"value": value, "unit": unit, "bound": _bound(m)}
        finder.add("amount", m, fields, (_figure_start(m), m.start("cur"), m.end("cur")), rate=False)


@lru_cache(maxsize=16)
def _named_before(named: str) -> Anchored:
    """Amounts with a currency the graph names (``named``) before the figure and Hindi scale words after it
    ("NLD 50 करोड़"); without a scale word, the figure is English's, whose scale words may follow."""
    return Anchored(
        re.compile(
            rf"{_START}(?P<cur>(?i:{named}))\s?(?P<num>{DIGIT_FIGURE})(?P<scales>(?:(?:\s+|-){_SCALE}){{1,3}}){_AFTER}"
        ),
        re.compile(rf"(?i:{named})"),
        _BEFORE,
    )


@lru_cache(maxsize=16)
def _amounts_after(named: str | None) -> Anchored:
    """Amounts with the currency after the figure: the graph's (``named``), the table's, or "X डॉलर"."""
    names = f"(?i:{named}){_END}|" if named else ""
    return Anchored(
        re.compile(
            rf"{_FIGURE}\s+(?P<cur>{names}(?:{_words(CURRENCIES)}){_END}|{_WORD}\s+{spelled('डॉलर')}{_END}){_AFTER}"
        ),
        _FIGURE_STARTS,
        _BEFORE,
    )


def _find_periods(finder: Finder) -> None:
    """Periods of years or months (2031 से 2036 तक), then lengths (अगले पाँच वर्षों में, दो दिवसीय)."""
    for m in _PERIOD.finditer(finder.text):
        if m.group("a2"):
            found = period(int(m.group("a2")), None, int(m.group("b2")), None)
        else:
            m1, m2 = (MONTHS[_key(m.group(g))] if m.group(g) else None for g in ("m1", "m2"))
            found = period(int(m.group("a")), m1, int(m.group("b")), m2)
        if found and not finder.overlaps(m):
            finder.add("period", m, {"period": found}, rate=False)
    for m in _DURATION.finditer(finder.text):
        if m.group("n") and not (m.group("pre") or m.group("post")):
            continue  # "5 साल" alone may be an age: a length says अगले, में, तक ...
        n, unit = (m.group("n"), LENGTHS[_key(m.group("unit"))]) if m.group("n") else (m.group("n2"), None)
        unit = unit or LENGTH_ADJECTIVES[_key(m.group("unit2"))]
        value = figure(n) if n[0].isdigit() else Decimal(NUMBER_WORDS[_key(n)])
        length = duration(value, unit)
        if length and not finder.overlaps(m):
            finder.add("period", m, {"period": {"duration": length}}, rate=False)


def _due(m: Match) -> int | str:
    """The date a thing is due by at the precision the words give."""
    number = MONTHS[_key(m.group("month"))] if m.group("month") else None
    if number and m.group("day"):
        return f"{int(m.group('year'))}-{number:02d}-{int(m.group('day')):02d}"
    return month(int(m.group("year")), number)


def _find_dates(finder: Finder) -> None:
    """Dates (4 मार्च 2031, 29-30 अगस्त 2025; without a year, days of a month), then months of years."""
    for m in _DATE.finditer(finder.text):
        if not finder.overlaps(m):
            year = int(m.group("year")) if m.group("year") else None
            found = dates(year, MONTHS[_key(m.group("month"))], m.group("d1"), m.group("d2"))
            finder.add("date", m, found, rate=False)
    for m in _MONTH_OF_YEAR.finditer(finder.text):
        if not finder.overlaps(m):
            finder.add("date", m, {"start_date": month(int(m.group("year")), MONTHS[_key(m.group("month"))])})


_SHARE = Anchored(re.compile(rf"(?P<num>{DIGIT_FIGURE})\s?(?:{_words(SHARES)}){_END}"), re.compile(r"\d(?<!\d.)"))


def _find_counts(finder: Finder) -> None:
    """Counts: a figure and the words counted (5 लाख से अधिक लोगों), with its bound and a rate."""
    text = finder.text
    for m in _COUNT.finditer(text):
        if finder.overlaps(m):
            continue
        value, words = _value(m), not m.group("num")[0].isdigit()
        if value is None or (words and value < 2 and not m.group("pre")):
            continue  # "एक सहयोग ज्ञापन": one, as a word, is an article
        if not m.group("scales") and re.fullmatch(YEAR, m.group("num")):
            continue  # a year
        if words and not m.group("pre") and _REFERENCE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "इन दो देशों": refers back
        fields = {"value": value, "unit": " ".join(m.group("unit").split()), "bound": _bound(m)}
        rate = m.group("rate") or m.group("rate2")
        if rate:
            fields["per"] = RATES[_key(rate)]
        finder.add("count", m, fields, (_figure_start(m), m.start("unit"), m.end("unit")), rate=False)
    for m in _SCALED.finditer(text):
        value = _value(m)
        if value is not None and not finder.overlaps(m):
            unitless = {"value": value, "unit": None, "bound": _bound(m)}
            finder.add("count", m, unitless, (_figure_start(m), m.end(), m.end()), rate=False)


# ---------------------------------------------------------------------------------------------- progress
#: Nouns a light verb (किया, दिया, लिया, हुआ) makes a summit's act, not a report of what was reached: "का
#: स्वागत किया" (welcomed), "पर बल दिया" (stressed), "पर हस्ताक्षर किए गए" (signed), "घोषित किया" (announced).
_ACTS = ("स्वागत", "सराहना", "बल", "ज़ोर", "जोर", "हस्ताक्षर", "आह्वान", "निर्णय", "फ़ैसला", "फैसला", "घोषित")
_NOT_AFTER_AN_ACT = "".join(f"(?<!{act}\\s)" for act in _ACTS)
_LIGHT = r"(?:किया|किए|किये|की|दिया|दिए|दी|लिया|लिए|ली)"


def _year_end(words: str, year: int) -> str | None:
    """The last month of ``year`` where a date due's words say its end (अंत: 2031 के अंत तक)."""
    return f"{year}-12" if "अंत" in words else None


#: A report of what was reached: the perfect (हो चुके हैं, खोले जा चुके हैं), the past of the passive
#: (किया गया, खोले गए), the past at the sentence's end (भाग लिया था, निवेश किया, रही, मिला), and "so far"
#: (अब तक); what makes a sentence a promise or plan instead: the future (करेगा, होंगे), the subjunctive
#: (किए जाएँ), an intention or act of the summit (भेजने का, निर्णय, समझौता, प्रस्ताव, पहल), an aim or plan
#: (लक्ष्य है, की योजना), an agreement (सहमति) or an expectation (उम्मीद है).
PROGRESS = ProgressWords(
    cue=re.compile(
        "|".join(
            (
                r"चुक(?:ा|े|ी|ीं)" + _END,
                _NOT_AFTER_AN_ACT + _LIGHT + r"\s+(?:गया|गए|गई|गयी|गये|गईं)" + _END,
                _NOT_AFTER_AN_ACT + r"(?:गया|गए|गई|गयी|गये|गईं|हुआ|हुए|हुई|हुईं|लिया|लिए|किया|किए|किये|दिया|दिए|पहुँचा|पहुंचा|पहुँचे"
                r"|पहुंचे|रहा|रही|रहे|मिला|मिली|मिले)(?:\s+(?:है|हैं|था|थे|थी|थीं))?\s*(?:[।॥.!?]|$)",
                r"(?:अब|अभी)\s+तक" + _END,
                # a state reached, said at the sentence's end: are (were) operating, in service
                _START + r"(?:कार्यरत|चालू)\s+(?:है|हैं|था|थे|थी|थीं)\s*(?:[।॥.!?]|$)",
            )
        )
    ),
    promise=re.compile(
        rf"{_START}[{_LETTERS}]*(?:ेगा|ेंगे|ेगी|ेंगी|एगा|एंगे|एँगे|एगी|ूंगा|ूँगा|ोगा|ोंगे|ोगी|ोगे){_END}"
        rf"|{_START}जाए[ँं]?{_END}"
        rf"|(?<=[{_LETTERS}])ने\s+(?:का|की|के|पर|हेतु){_END}"
        rf"|{_START}(?:निर्णय|फ़ैसला|फैसला|फ़ैसले|फैसले|समझौत[ाे]|प्रस्ताव|पेशकश|आह्वान|पहल|इरादा|संकल्प|सहमति|सहमत|आवंटित){_END}"
        rf"|{_START}लक्ष्य\s+(?:है|हैं|रखा|रखे|तय|निर्धारित){_END}|की\s+योजना{_END}|{_START}योजना\s+(?:है|हैं|बनाई){_END}"
        rf"|{_START}प्रतिबद्ध\s+(?:है|हैं|हूँ|हूं){_END}|{_START}प्रतिबद्धता\s+(?:दोहराई|जताई|व्यक्त)"
        rf"|{_START}(?:उम्मीद|अपेक्षा)\s+(?:है|हैं|की\s+जाती|जताई|व्यक्त){_END}"
        rf"|{_START}घोषणा\s+(?:की|करते|करता)(?!\s+गई\s+थी){_END}"
    ),
    sentence_end=re.compile(r"[।॥!?。．！？]+|\.(?=\s|$)|\n"),
    part_of=re.compile(
        rf"(?:\s+(?:के|की|का)\s+(?:लक्ष्य|वादे))?\s+में\s+से(?:\s+(?:अब|अभी)\s+तक)?\s+{_FIGURE}"
        rf"(?:\s+(?:{_words(CURRENCIES)}){_END})?"
    ),
    part_value=_value,
    # से बढ़कर, से घटकर: where a change started ("16 अरब डॉलर से बढ़कर 22 अरब डॉलर"); की लागत से: what it cost
    target_after=re.compile(r"\s+(?:(?:के|की|का)\s+(?:लक्ष्य|वादे)|में\s+से|से\s+(?:बढ़कर|घटकर)|की\s+लागत\s+से)" + _END),
    reached_bound=re.compile(r"\s+(?:को\s+)?(?P<more>पार)" + _END + r"|\s+तक\s+(?P<reached>पहुँच|पहुंच)"),
    share=re.compile(rf"(?P<num>\d{{1,3}}(?:\.\d{{1,2}})?)\s?(?:%|{_words(SHARES)})"),
    year_end=_year_end,
    year_in=re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d\d)\s+में" + _END + r"(?!\s+(?:घोषणा|सहमति|वादा|हस्ताक्षर|निर्णय|फ़?ैसला))"
    ),
)
