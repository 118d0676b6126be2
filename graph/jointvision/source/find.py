"""Finding entities by their names: ``jointvision find``.

Every entity of the fact files is known by its labels (in every language),
the labels ``about:`` entries give it (its alternative labels) and its
abbreviations. :func:`find` ranks the entities by how well one of those
names matches the words looked for, compared in a normal form
(:func:`normal`: NFKC, so full-width and half-width alike; case-folded;
punctuation such as ``・``, dashes and quotes left out):

1. ``exact``: the name is the words (spaces aside);
2. ``prefix``: the name starts with them;
3. ``words``: each word stands in the name, at the start of one of its
   words (in a script written without spaces, such as Japanese, anywhere);
4. ``partial``: some of the words stand in it, or the words are close to
   the name or to its words (a typo), by rapidfuzz's similarity.

Within a rank, the closer the words come to the whole name, the higher.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import JointVisionError
from . import schema
from .kinds import Text
from .reader import Entity, SourceFile
from .schema import is_a

__all__ = ["RANKS", "Match", "Name", "find", "names_of", "normal", "preferred_label", "rank_of"]

#: The ranks of a match, best first.
RANKS = ("exact", "prefix", "words", "partial")
#: The least similarity (0 to 100, rapidfuzz's ratio) of a word, or of the
#: whole name, that counts as a typo of it rather than another word.
FUZZY = 80
#: Apostrophes: left out, so that "Modi’s" and "Modis" are one word.
_APOSTROPHES = "'\u2019\u2018\u02bc\uff07"
#: Scripts written without spaces between words, where a word is looked for anywhere in a name.
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f]")


def normal(text: str) -> str:
    """``text`` as names are compared: NFKC (full-width letters and digits
    as ASCII, half-width kana as full-width), case-folded, apostrophes left
    out and every other punctuation mark (dashes, quotes, ``・``, brackets)
    a space, with single spaces between the words.

    >>> normal("India–Japan  “Next Gen”"), normal("ＪＩＣＡ"), normal("ノースランド・ドル"), normal("Modi’s")
    ('india japan next gen', 'jica', 'ノースランド ドル', 'modis')
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    kept = []
    for char in folded:
        if char in _APOSTROPHES:
            continue
        kept.append(" " if unicodedata.category(char).startswith("P") else char)
    return " ".join("".join(kept).split())


@dataclass(frozen=True)
class Name:
    """One name an entity is known by: its text as written, which field
    gives it (``label``, ``alternative label`` or ``abbreviation``) and
    its language (None: none declared)."""

    text: str
    field: str
    language: str | None = None


@dataclass(frozen=True)
class Match:
    """An entity that matches: its id, type and label (its preferred one: in
    English, else without a language, else the first), how it matches
    (one of :data:`RANKS`) and how closely within that rank (``score``, 0
    to 1), the name that matched, and the sources (``source.id``) that state
    it: the one that defines it first, then those with ``about:`` entries."""

    id: str
    type: str
    label: str
    rank: str
    score: float
    name: Name
    sources: tuple[str, ...]

    def as_json(self) -> dict:
        """The match as a JSON object (for ``--format json``)."""
        return {
            "id": self.id,
            "type": self.type,
            "label": self.label,
            "match": self.rank,
            "score": self.score,
            "matched": {"text": self.name.text, "field": self.name.field, "language": self.name.language},
            "sources": list(self.sources),
        }


@dataclass
class _Known:
    """What the fact files say of one entity: its type, names and sources."""

    id: str
    type: str
    labels: list[Text] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _texts(entity: Entity, name: str) -> list[Text]:
    """The texts of one field of an entry, each with its language."""
    found = []
    for value in entity.values.get(name, []):
        text = value.value
        found.append(text if isinstance(text, Text) else Text(str(text)))
    return found


def names_of(entity: Entity) -> list[Name]:
    """The names one entry gives its entity: its labels (alternative labels
    in an ``about:`` entry) and abbreviations, as written."""
    label = "alternative label" if entity.about else "label"
    return [Name(t.text, label, t.language) for t in _texts(entity, "label")] + [
        Name(t.text, "abbreviation", t.language) for t in _texts(entity, "abbreviation")
    ]


def _known(sources: Iterable[SourceFile]) -> dict[str, _Known]:
    """Every entity the fact files define or describe, with its names and
    the sources that state it (the defining one first)."""
    ordered = list(sources)
    known: dict[str, _Known] = {}
    for about in (False, True):  # definitions first: their type, labels and source lead
        for src in ordered:
            for entity in src.entities:
                if entity.about != about:
                    continue
                entry = known.setdefault(entity.id, _Known(entity.id, entity.type))
                if not entry.labels:
                    entry.labels = _texts(entity, "label")
                entry.names += [name for name in names_of(entity) if name not in entry.names]
                if src.source_id not in entry.sources:
                    entry.sources.append(src.source_id)
    return known


def preferred_label(labels: Sequence[Text], default: str) -> str:
    """The label to show: the English one, else one without a language,
    else the first (``default`` where there is none).

    >>> preferred_label([Text("日本", "ja"), Text("Japan", "en")], "japan"), preferred_label([], "japan")
    ('Japan', 'japan')
    """
    english = next((t.text for t in labels if (t.language or "").split("-")[0] == "en"), None)
    untagged = next((t.text for t in labels if not t.language), None)
    return english or untagged or (labels[0].text if labels else default)


@dataclass(frozen=True)
class _Words:
    """A text in normal form: its words, and the words run together."""

    words: tuple[str, ...]
    compact: str

    @classmethod
    def of(cls, text: str) -> _Words:
        words = tuple(normal(text).split())
        return cls(words, "".join(words))


def _stands_in(word: str, name: _Words) -> bool:
    """Whether ``word`` starts one of the name's words, or (a word of a script
    written without spaces) stands anywhere in it."""
    if any(part.startswith(word) for part in name.words):
        return True
    return bool(_UNSPACED.search(word)) and word in name.compact


def _partial(query: _Words, name: _Words) -> float:
    """How much of the words stands in the name (a word close to one of the
    name's, a typo, counting as much as it is close), or else how close the
    words are to the whole name, 0 to 1; the closer to the whole name, the
    more (a fifth of the score), so that "Jpan" finds Japan before the
    names with Japan in them."""
    from rapidfuzz import fuzz, process

    credit = 0.0
    for word in query.words:
        if _stands_in(word, name):
            credit += 1
            continue
        close = process.extractOne(word, name.words, scorer=fuzz.ratio, score_cutoff=FUZZY)
        credit += close[1] / 100 if close else 0
    whole = fuzz.ratio(query.compact, name.compact) / 100
    share = max(credit / len(query.words), whole if whole >= FUZZY / 100 else 0)
    return 0.8 * share + 0.2 * whole if share else 0.0


def rank_of(words: str, name: str) -> tuple[str, float] | None:
    """How the name ``name`` matches ``words``: its rank (one of
    :data:`RANKS`) and its score within the rank (0 to 1), or None where
    it does not match at all.

    >>> rank_of("ＪＩＣＡ", "JICA"), rank_of("harbour", "Harbour Compact")
    (('exact', 1.0), ('prefix', 0.5))
    >>> rank_of("compact harbour", "Harbour Compact")
    ('words', 1.0)
    >>> rank_of("首脳会談", "第1回ノースランド・サウスランド首脳会談")[0], rank_of("Harbor", "Harbour Compact")[0]
    ('words', 'partial')
    >>> rank_of("fisheries", "Harbour Compact") is None
    True
    """
    found = _rank(_Words.of(words), _Words.of(name))
    return None if found is None else (RANKS[found[0]], round(found[1], 3))


def _rank(query: _Words, name: _Words) -> tuple[int, float] | None:
    """:func:`rank_of` of words and a name in normal form, the rank as its
    index in :data:`RANKS`."""
    if not name.compact:
        return None
    cover = min(len(query.compact) / len(name.compact), 1.0)
    if query.compact == name.compact:
        return 0, 1.0
    if name.compact.startswith(query.compact):
        return 1, cover
    if all(_stands_in(word, name) for word in query.words):
        return 2, cover
    score = _partial(query, name)
    return (3, score) if score > 0 else None


def _type_named(type_name: str) -> str:
    """The type ``type_name`` names (in any case), or the error that lists the types."""
    found = next((t for t in schema.TYPES if t.casefold() == type_name.casefold()), None)
    if found is None:
        from .loader import close_matches

        close = close_matches(type_name, schema.TYPES)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise JointVisionError(f"unknown type {type_name!r}; {hint}the types: {', '.join(sorted(schema.TYPES))}")
    return found


def _best(query: _Words, known: _Known) -> tuple[int, float, Name] | None:
    """The best match among an entity's names: the best rank, the highest
    score, a label before an alternative label before an abbreviation."""
    fields = ("label", "alternative label", "abbreviation")
    best: tuple[int, float, int, Name] | None = None
    for name in known.names:
        found = _rank(query, _Words.of(name.text))
        if found is None:
            continue
        candidate = (found[0], -found[1], fields.index(name.field), name)
        if best is None or candidate[:3] < best[:3]:
            best = candidate
    return None if best is None else (best[0], -best[1], best[3])


def find(
    sources: Iterable[SourceFile],
    words: str | Sequence[str],
    *,
    type_name: str | None = None,
    limit: int | None = None,
) -> list[Match]:
    """The entities of the fact files ``sources`` whose names match
    ``words`` (a text, or its words), best first (see the module's
    ranks), at most ``limit`` of them (None or 0: all); with ``type_name``,
    only entities of that type or its sub types (``Event``: summits and
    visits too). Raises :class:`~jointvision.errors.JointVisionError` for
    words with nothing to match (punctuation alone) or an unknown type.
    """
    text = words if isinstance(words, str) else " ".join(words)
    query = _Words.of(text)
    if not query.words:
        raise JointVisionError(f"nothing to look for in {text!r}: give words of a name (punctuation matches nothing)")
    wanted = _type_named(type_name) if type_name else None
    found = []
    for known in _known(sources).values():
        if wanted is not None and not is_a(known.type, wanted):
            continue
        best = _best(query, known)
        if best is None:
            continue
        rank, score, name = best
        label = preferred_label(known.labels, known.id)
        found.append(Match(known.id, known.type, label, RANKS[rank], round(score, 3), name, tuple(known.sources)))
    found.sort(key=lambda m: (RANKS.index(m.rank), -m.score, normal(m.label), m.id))
    return found[:limit] if limit else found
