"""Finding a quote in a source text, for curators: `jointvision cite`.

Offsets are in code points, as the fact files count them (Python string
indices of the text decoded from UTF-8, nothing normalised). Where a quote
does not occur as written, :func:`nearest` finds the passages it most
likely means. First it folds the differences copying text usually brings:
curly against straight quotes and apostrophes, dashes and hyphens, runs of
spaces and line breaks, ``**`` or ``__`` emphasis, full-width against
half-width forms (NFKC), and, in Japanese, a missing or extra ``・`` and
spaces between characters. Then, failing that, it
asks rapidfuzz for the best fuzzy alignment, cut to whole words where the
script has words (in Japanese, to the characters the quote matches). Each
passage is exactly the span of the text the quote corresponds to, says how
it differs, with the changes marked ``[-as quoted-]{+as the text has it+}``.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field

from .scripts import NAME_DOTS, nfkc, without_spaces

#: Typographic variants folded to one form before comparing.
_FOLD = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad", "-"),
}
_QUOTES = set("\u2018\u2019\u201a\u201b\u2032\u00b4`\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb'\"")
_DASHES = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad-")
#: A fuzzy passage is offered only from this score (rapidfuzz's 0-100).
MIN_SCORE = 60.0


@dataclass(frozen=True)
class Passage:
    """Where a quote most likely stands: ``text[start:end]``."""

    start: int
    end: int
    text: str
    score: float  # 100: the same once folded
    differences: tuple[str, ...] = field(default=())
    marked: str = ""  # the quote, with what the text has instead marked


def occurrences(text: str, quote: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Every (start, end) at which ``quote`` stands in ``text`` as written
    (overlapping ones too), at most ``limit``."""
    found: list[tuple[int, int]] = []
    if not quote:
        return found
    at = text.find(quote)
    while at >= 0 and (limit is None or len(found) < limit):
        found.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return found


def _folded(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` in NFKC form (full-width digits and letters as ASCII, half-width
    kana as full-width), its variants folded, each run of white space as one
    space (none beside a character of a script written without spaces, such
    as Japanese), emphasis markers and ``・`` dropped; and, for each
    character of the result, where it starts and ends in ``text``."""
    base = nfkc(text)
    folded = base.text
    out: list[str] = []
    where: list[int] = []
    i, n = 0, len(folded)
    while i < n:
        c = folded[i]
        if c in "*_" and folded.startswith(c * 2, i):
            i += 2
            continue
        if c in NAME_DOTS:
            i += 1
            continue
        if c.isspace():
            j = i
            while j < n and folded[j].isspace():
                j += 1
            unspaced = (bool(out) and without_spaces(out[-1])) or (j < n and without_spaces(folded[j]))
            if out and out[-1] != " " and not unspaced:
                out.append(" ")
                where.append(i)
            i = j
            continue
        out.append(_FOLD.get(c, c))
        where.append(i)
        i += 1
    if base.at == [0] and base.size == [-1]:  # in NFKC form already: one for one
        return "".join(out), where, [w + 1 for w in where]
    return "".join(out), [base.start(w) for w in where], [base.end(w + 1) for w in where]


def _differences(quote: str, passage: str) -> tuple[str, ...]:
    """What kinds of difference lie between a quote and a passage."""
    found = []
    q, p = set(quote), set(passage)
    if (q & _QUOTES) != (p & _QUOTES):
        found.append("curly against straight quotes or apostrophes")
    if (q & _DASHES) != (p & _DASHES):
        found.append("dashes against hyphens")
    if "**" in passage or "__" in passage or "**" in quote or "__" in quote:
        found.append("** or __ emphasis")
    if any(c in "\n\r\t" for c in passage + quote):
        found.append("line breaks or tabs")
    if "  " in passage or "  " in quote:
        found.append("doubled spaces")
    if _compatible(quote, True) != _compatible(passage, True):
        found.append("full-width against half-width forms")
    if _compatible(quote, False) != _compatible(passage, False):
        found.append("other Unicode forms of one character (NFKC: a composed nukta, a ligature)")
    if sum(quote.count(c) for c in NAME_DOTS) != sum(passage.count(c) for c in NAME_DOTS):
        found.append("a middle dot (・) missing or extra")
    if _unspaced(quote) != _unspaced(passage):
        found.append("spaces in a script written without them")
    if _folded(quote)[0].strip() != _folded(passage)[0].strip():
        found.append("other differences (marked)")
    return tuple(found)


def _compatible(text: str, width: bool) -> list[str]:
    """The characters of ``text`` that NFKC changes, in order: of the full-width and half-width forms (and
    the ideographic space) where ``width``, else the others (a composed nukta, a ligature)."""
    return [
        c
        for c in text
        if not c.isascii()
        and (0xFF00 <= ord(c) <= 0xFFEF or c == "\u3000") == width
        and unicodedata.normalize("NFKC", c) != c
    ]


def _unspaced(text: str) -> int:
    """How many runs of white space of ``text`` stand beside a character of a script without spaces."""
    padded = f" {text} "
    return sum(
        1
        for i, c in enumerate(text, 1)
        if c.isspace() and (without_spaces(padded[i - 1]) or without_spaces(padded[i + 1]))
    )


def mark(quote: str, passage: str) -> str:
    """The quote with the passage's differences marked: ``[-as quoted-]``
    and ``{+as the text has it+}``, the rest as it is."""
    out = []
    for op, a, b, c, d in difflib.SequenceMatcher(None, quote, passage, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(quote[a:b])
            continue
        if b > a:
            out.append(f"[-{quote[a:b]}-]")
        if d > c:
            out.append(f"{{+{passage[c:d]}+}}")
    return "".join(out)


def _passage(text: str, quote: str, start: int, end: int, score: float) -> Passage:
    passage = text[start:end]
    return Passage(start, end, passage, round(score, 1), _differences(quote, passage), mark(quote, passage))


def nearest(text: str, quote: str, limit: int = 3) -> list[Passage]:
    """The passages of ``text`` that ``quote`` most likely means (none if it
    stands there as written, or nothing comes close): the same once folded,
    else the best fuzzy alignment scoring at least :data:`MIN_SCORE`."""
    if not quote.strip() or occurrences(text, quote, 1):
        return []
    folded, starts, ends = _folded(text)
    wanted = _folded(quote)[0].strip()
    found: list[Passage] = []
    at = folded.find(wanted) if wanted else -1
    while at >= 0 and len(found) < limit:
        start, end = starts[at], ends[at + len(wanted) - 1]
        found.append(_passage(text, quote, start, end, 100.0))
        at = folded.find(wanted, at + 1)
    if found:
        return found
    from rapidfuzz import fuzz

    best = fuzz.partial_ratio_alignment(wanted, folded, score_cutoff=MIN_SCORE)
    if best is None or best.dest_end <= best.dest_start:
        return []
    first, last = _refined(wanted, folded, best.dest_start, best.dest_end)
    start, end = starts[first], ends[last - 1]
    return [_passage(text, quote, start, end, fuzz.ratio(wanted, folded[first:last]))]


def _refined(wanted: str, folded: str, start: int, end: int) -> tuple[int, int]:
    """The alignment's span, widened or narrowed to where the quote's first
    and last matching pieces fall, then to whole words (a window of the
    quote's length can cut off a word the quote starts with)."""
    margin = len(wanted) // 2 + 1
    lo, hi = max(0, start - margin), min(len(folded), end + margin)
    region = folded[lo:hi]
    blocks = [
        b for b in difflib.SequenceMatcher(None, wanted, region, autojunk=False).get_matching_blocks() if b.size >= 2
    ]
    if blocks:
        start = lo + max(0, blocks[0].b - blocks[0].a)
        end = lo + min(len(region), blocks[-1].b + blocks[-1].size + (len(wanted) - blocks[-1].a - blocks[-1].size))
    while start > 0 and _in_word(folded[start - 1]) and _in_word(folded[start]):
        start -= 1
    while end < len(folded) and _in_word(folded[end - 1]) and _in_word(folded[end]):
        end += 1
    while start < end and folded[start] == " ":
        start += 1
    while end > start and folded[end - 1] == " ":
        end -= 1
    return start, max(end, start + 1)


def _in_word(char: str) -> bool:
    """Whether ``char`` is part of a word a passage should not cut: a letter or digit of a script written with
    spaces (in Japanese or Chinese every character is one, so a passage ends where the quote does), or a
    combining mark (a Devanagari vowel sign)."""
    return (char.isalnum() or unicodedata.category(char)[0] == "M") and not without_spaces(char)


def evidence_yaml(quote: str, start: int, end: int) -> str:
    """An evidence entry for a fact file, quoted as YAML needs it."""
    from .writing import dump

    return dump([{"quote": quote, "start": start, "end": end}])
