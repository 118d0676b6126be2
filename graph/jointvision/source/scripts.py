"""Scripts: which a text is written in, and the folding that lets a name or
a quote be compared across widths and forms, with offsets back into the
text as it is.

:func:`nfkc` puts a text into Unicode NFKC form (full-width digits and
letters as ASCII, half-width katakana as full-width, ``ｶﾞ`` as ``ガ``, a
decomposed nukta composed as NFC has it) and keeps, for every character of
the result, the characters of the text it came from: a name or quote found
in the folded text is found at exact code-point offsets of the original.
Most of a text is in NFKC form already, and that much costs one check in
C a block of characters, so a megabyte costs milliseconds.

:func:`name_tokens` cuts a folded text into what a name is matched by:
words in scripts that put spaces between them (a word runs on over its
combining marks, so a Devanagari word is one token), and single characters
in scripts that do not (Japanese, Chinese, Korean syllables, Thai): there a
name is found wherever its characters stand, the longest first. ``・`` and
white space are no tokens, so "ノースランド・ドル" and "ノースランドドル"
are the same name.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

#: Scripts written without spaces between words (Han, kana, Hangul syllables, Thai, Lao, Myanmar, Khmer).
NO_SPACE = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3005-\u3007\u3021-\u3029\u3031-\u3035\u303b\u3040-\u30fa"
    "\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
#: Signs that join the words of one name and are no part of it for matching: the katakana middle dot
#: (and its half-width and Latin forms).
NAME_DOTS = "\u30fb\uff65\u00b7"
#: Characters that are their own NFKC form and never combine with the character before them: a text may be
#: cut before any of them and each part put into NFKC form alone (ASCII, kana, Han, Devanagari letters).
_SAFE_CUT = "\x00-\x7f\u0904-\u0939\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff"
#: Blocks of about 256 characters, each ending before a safe cut (or at the end of the text).
_BLOCK = re.compile(rf"[\s\S]{{1,256}}[^{_SAFE_CUT}]*")
#: The half-width katakana voicing marks: letters, but NFKC makes them combine with the kana before them.
_VOICING = "\uff9e\uff9f"
_NO_SPACE_CHAR = re.compile(f"[{NO_SPACE}]")


def one_for_one() -> dict[int, str]:
    """The NFKC forms that are one character for one: full-width ASCII, the ideographic space, the full-width
    signs (¥ ¢ £); a text translated by it keeps every offset."""
    return _width_table()


def translate_runs(text: str, table: dict[int, str], runs: re.Pattern) -> str:
    """``text`` translated by ``table``, one character for one, where ``runs`` (a pattern of runs of the
    table's characters) finds them: the rest is not looked at twice, so a text with none costs one search in C.
    """
    if text.isascii():
        return text
    return runs.sub(lambda m: m.group().translate(table), text)


def runs_of(table: dict[int, str]) -> re.Pattern:
    """A pattern of runs of the characters ``table`` translates."""
    codes = sorted(table)
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile(
        "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]+"
    )


@lru_cache(maxsize=1)
def _width_runs() -> re.Pattern:
    return runs_of(_width_table())


@lru_cache(maxsize=1)
def _width_table() -> dict[int, str]:
    table = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "
    table.update({0xFFE0: "¢", 0xFFE1: "£", 0xFFE2: "¬", 0xFFE3: "¯", 0xFFE4: "¦", 0xFFE5: "¥", 0xFFE6: "₩"})
    return table


@lru_cache(maxsize=1)
def marks() -> str:
    """The combining marks of the Basic Multilingual Plane (categories Mn, Mc, Me), as ranges of a character
    class, with the half-width voicing marks."""
    ranges: list[list[int]] = []
    for c in range(0x300, 0x10000):
        if unicodedata.category(chr(c))[0] == "M":
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges) + _VOICING


@lru_cache(maxsize=1)
def _token_pattern() -> re.Pattern:
    mark = marks()
    return re.compile(rf"[{NO_SPACE}][{mark}]*|(?:[^\W{NO_SPACE}{_VOICING}]|[{mark}])+|[^\w\s*{mark}{NAME_DOTS}]")


def token_pattern() -> re.Pattern:
    """The pattern of the tokens of :func:`name_tokens`."""
    return _token_pattern()


@lru_cache(maxsize=16)
def token_starts(unspaced: str) -> re.Pattern:
    """The tokens of :func:`name_tokens` but, of the scripts without spaces, only the characters ``unspaced``
    (those a name starts with): the regular expression engine passes over the others without a stop.

    >>> [m.group() for m in token_starts("ノ").finditer("第1回ノースランド")]
    ['1', 'ノ']
    """
    mark = marks()
    first = f"[{re.escape(unspaced)}][{mark}]*|" if unspaced else ""
    return re.compile(rf"{first}(?:[^\W{NO_SPACE}{_VOICING}]|[{mark}])+|[^\w\s*{mark}{NAME_DOTS}]")


def name_tokens(text: str) -> list[tuple[str, int, int]]:
    """The tokens a name is matched by, with where each stands: a word of a spaced script, one character of a
    script without spaces, or a sign; not white space, ``*`` or ``・``.

    >>> [t for t, _, _ in name_tokens("第1回ノース・ランド首脳, नॉर्थलैंड के")]
    ['第', '1', '回', 'ノ', 'ー', 'ス', 'ラ', 'ン', 'ド', '首', '脳', ',', 'नॉर्थलैंड', 'के']
    """
    return [(m.group(), m.start(), m.end()) for m in _token_pattern().finditer(text)]


def without_spaces(char: str) -> bool:
    """Whether ``char`` belongs to a script written without spaces between words.

    >>> without_spaces("日"), without_spaces("a"), without_spaces("न")
    (True, False, False)
    """
    return bool(_NO_SPACE_CHAR.match(char))


@dataclass(frozen=True)
class Folded:
    """A text in NFKC form (``text``) and where each of its characters came from: pieces that start at
    ``at`` in the folded text and at ``origin`` in the original, each either one character for one (``size``
    -1) or one cluster of ``size`` original characters (a letter and its marks) folded as a whole."""

    text: str
    at: list[int]
    origin: list[int]
    size: list[int]

    def start(self, i: int) -> int:
        """The original offset where the folded character ``i`` starts (``len`` at the end)."""
        k = bisect_right(self.at, i) - 1
        return self.origin[k] + (i - self.at[k] if self.size[k] < 0 else 0)

    def end(self, i: int) -> int:
        """The original offset where the folded text up to ``i`` (exclusive) ends."""
        if i <= 0:
            return 0
        k = bisect_right(self.at, i - 1) - 1
        return self.origin[k] + (i - self.at[k] if self.size[k] < 0 else self.size[k])


def nfkc(text: str) -> Folded:
    """``text`` in NFKC form, with the way back to its offsets.

    >>> folded = nfkc("２０３１年ｶﾞ・x")
    >>> folded.text
    '2031年ガ・x'
    >>> folded.start(5), folded.end(6), folded.start(6)
    (5, 7, 7)
    """
    text = translate_runs(text, _width_table(), _width_runs())
    if unicodedata.is_normalized("NFKC", text):
        return Folded(text, [0], [0], [-1])
    parts: list[str] = []
    pieces = _Pieces()
    length = 0
    for block in _BLOCK.finditer(text):
        chunk = block.group()
        if unicodedata.is_normalized("NFKC", chunk):
            pieces.same(length, block.start())
            parts.append(chunk)
            length += len(chunk)
        else:
            length = _fold_clusters(chunk, block.start(), length, parts, pieces)
    return Folded("".join(parts), pieces.at, pieces.origin, pieces.size)


def _fold_clusters(chunk: str, origin: int, length: int, parts: list[str], pieces: _Pieces) -> int:
    """Fold ``chunk`` (at ``origin`` of the text) a cluster at a time (a character and the marks after it),
    appending to ``parts`` and ``pieces``; the folded length after it."""
    i, n = 0, len(chunk)
    while i < n:
        j = i + 1
        while j < n and (unicodedata.category(chunk[j])[0] == "M" or chunk[j] in _VOICING):
            j += 1
        cluster = chunk[i:j]
        out = unicodedata.normalize("NFKC", cluster)
        if out == cluster:
            pieces.same(length, origin + i)
        else:
            pieces.cluster(length, origin + i, j - i)
        parts.append(out)
        length += len(out)
        i = j
    return length


class _Pieces:
    """The pieces of a :class:`Folded` being built; one-for-one pieces that follow each other are one."""

    def __init__(self) -> None:
        self.at: list[int] = []
        self.origin: list[int] = []
        self.size: list[int] = []

    def same(self, at: int, origin: int) -> None:
        """Characters from ``at`` are those from ``origin``, one for one."""
        if self.size and self.size[-1] < 0 and origin - self.origin[-1] == at - self.at[-1]:
            return  # it goes on from the piece before
        self._add(at, origin, -1)

    def cluster(self, at: int, origin: int, size: int) -> None:
        """The characters from ``at`` fold the ``size`` characters from ``origin`` as a whole."""
        self._add(at, origin, size)

    def _add(self, at: int, origin: int, size: int) -> None:
        self.at.append(at)
        self.origin.append(origin)
        self.size.append(size)


#: Scripts by the language whose patterns read them: kana or Han for Japanese, Devanagari for Hindi.
_SCRIPTS = {"ja": re.compile("[\u3040-\u30ff\u4e00-\u9fff\uff66-\uff9d]"), "hi": re.compile("[\u0900-\u097f]")}


def languages_of(text: str) -> list[str]:
    """The languages whose patterns a text needs, by the scripts it is written in (besides English, whose
    patterns every text gets).

    >>> languages_of("第1回首脳会談"), languages_of("पहले शिखर सम्मेलन"), languages_of("the first summit")
    (['ja'], ['hi'], [])
    """
    return [language for language, script in _SCRIPTS.items() if script.search(text)]


#: Runs of the letters (and their marks) of the scripts with pattern tables of their own (Devanagari, kana,
#: Han, Hangul), which no English pattern reads.
_OTHER_LETTERS = re.compile(f"[\u0900-\u0963\u0971-\u097f{NO_SPACE}]+")


def latin_only(text: str) -> str:
    """``text`` with the letters of :data:`_OTHER_LETTERS` as NUL characters, one for one: English's patterns
    find what they found (they match no such letter), and pass over the rest without trying a word at each
    of its vowel signs.

    >>> latin_only("USD 5 と 5 लाख").replace(chr(0), "_")
    'USD 5 _ 5 ___'
    """
    return text if text.isascii() else _OTHER_LETTERS.sub(lambda m: "\x00" * len(m.group()), text)
