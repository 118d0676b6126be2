"""`suggest`'s mentions: where a text names an entity the fact files hold
(:func:`mentions`), by any of its names in any language, exactly or near
enough (a word's inflection, a demonym, a missing word), each with how the
text's words differ; and the names of the fact files' entities
(:func:`texts_of`, the literal texts of a value)."""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial

from .cite import _FOLD
from .scripts import name_tokens, nfkc, runs_of, token_pattern, token_starts, translate_runs, without_spaces
from .suggest_base import Candidate, singular, word_set

#: Types whose labels name units of measure, not things a text is about.
_NOT_MENTIONED = frozenset({"CountUnit"})
#: The longest name, in words and signs (in a script without spaces, characters), looked for in a text.
_MAX_NAME_TOKENS = 64
#: _FOLD for str.translate: each variant becomes one character, so offsets stay as they are.
_FOLD_TABLE = str.maketrans(_FOLD)
_FOLD_RUNS = runs_of(_FOLD_TABLE)
#: The marks that may follow a kana (its voicing), and make one token with it.
_KANA_MARKS = frozenset("\u3099\u309a\uff9e\uff9f")
#: The fields whose values name an entity: its labels, in any language, and its abbreviation.
NAME_FIELDS = ("label", "labels", "alt_label", "alt_labels", "alternative_labels", "abbreviation")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The tokens of a name (:func:`.scripts.name_tokens`) in NFKC form with typographic variants folded
    (curly quotes, dashes); white space, ``*`` emphasis and ``・`` do not count. Their offsets are those of
    the folded text."""
    return name_tokens(nfkc(text).text.translate(_FOLD_TABLE))


def texts_of(value) -> list[str]:
    """The literal text of a value as the reader gives it: a string, a language-tagged text (its ``value``),
    or several of them (a list, or a mapping of language to text)."""
    if isinstance(value, str):
        return [str(value)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts_of(v)]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in texts_of(v)]
    inner = getattr(value, "value", None)
    return texts_of(inner) if inner is not None and inner is not value else [str(value)]


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
    names: dict[tuple[str, ...], list[_Name]] = {}
    for key, name, _ in _all_names(sources):
        bucket = names.setdefault(key, [])
        if name not in bucket:
            bucket.append(name)
    return names


def _all_names(sources: Iterable) -> Iterator[tuple[tuple[str, ...], _Name, str]]:
    """Each name an entry of the fact files gives an entity it may be mentioned by (not a unit's): its folded,
    case-folded words, the entity, and the name as written."""
    sources = list(sources)
    defined = {e.id: (src, e) for src in sources for e in src.entities if not e.about}
    for src in sources:
        for entity in src.entities:
            if entity.id not in defined or entity.type in _NOT_MENTIONED:
                continue
            home, first = defined[entity.id]
            labels = [t for v in first.values.get("label", []) for t in texts_of(v)]
            label = labels[0] if labels else entity.id
            yield from _entity_names(entity, _Name(entity.id, first.type, label, home.source_id, None))


def _entity_names(entity, name: _Name) -> list[tuple[tuple[str, ...], _Name, str]]:
    """The names one entry of a fact file gives its entity (``name`` without ``exact``), each with its
    folded, case-folded words and as written; none of no words or of more than :data:`_MAX_NAME_TOKENS`."""
    found = []
    for written in (t for key in NAME_FIELDS for v in entity.values.get(key, []) for t in texts_of(v)):
        words = tuple(t for t, _, _ in _tokens(written))
        if not words or len(words) > _MAX_NAME_TOKENS:
            continue
        exact = words if not any(c.islower() for c in written) else None
        found.append((tuple(w.casefold() for w in words), replace(name, exact=exact), written))
    return found


def mentions(text: str, sources: Iterable) -> list[Candidate]:
    """Where ``text`` names an entity the fact files ``sources`` hold: one
    candidate per entity, at its first mention (its first exact one, if it
    has one), with how often it is named.

    A name matches whole words, whatever the case (but a name written in
    capitals, such as an abbreviation, only in capitals), with curly and
    straight quotes, dashes and spacing alike, in NFKC form (full-width
    and half-width alike). In a script written without spaces (Japanese,
    Chinese) a name matches wherever its characters stand, ``・`` and
    spaces between them or not. Where names overlap, the longest wins:
    "India-Japan Industrial Competitiveness Partnership" is one mention,
    not one of India and one of Japan.

    Besides, a name in Latin letters matches near (``match: near``, and
    ``differs``: how, for the curator to judge; the exact mentions stay as
    they are) words that hold most of its distinctive words, weighed by how
    rare each is among the graph's names, with few others between, in one
    clause (a figure of the name must be among them: the 17th summit is not
    the 15th): "Joint Vision for the
    Next Decade" for "India – Japan Joint Vision for the Next Decade",
    "India's Ministry of External Affairs" for "Ministry of External Affairs
    of India", plurals, demonyms ("Japanese Prime Minister"), British and
    American spellings; a person's family or given name after a title
    ("Prime Minister Modi"); and an abbreviation the text gives in
    parentheses after a name ("National Skill Development Corporation
    (NSDC)"), where it stands later (its candidate then says
    ``abbreviation``, if the graph has none).
    """
    sources = list(sources)
    found = list(_all_names(sources))
    if not found:
        return []
    names: dict[tuple[str, ...], list[_Name]] = {}
    for key, name, _ in found:
        if name not in names.setdefault(key, []):
            names[key].append(name)
    folded = nfkc(text)
    plain = translate_runs(folded.text, _FOLD_TABLE, _FOLD_RUNS)
    spans = _exact_spans(plain, _name_tree(names))
    index = _NearIndex.of(found, sources)
    spans = _with_near(spans, index.spans(plain), plain, index.key)
    tally = _Tally(text)
    for span in spans:
        tally.add(span.hits, folded.start(span.start), folded.end(span.end), span.differs, span.score)
    _text_abbreviations(tally, spans, plain, folded, names)
    return sorted(tally.first.values(), key=lambda c: (c.start, c.end, c.fields["about"]))


@dataclass
class _Span:
    """Words of the (folded) text that name ``hits``: exactly (``differs`` None), or near (``differs``: says
    how, when asked), with the ``score`` of a near match (the share of the name's weight it holds, and how few
    words it adds)."""

    start: int
    end: int
    hits: list[_Name]
    differs: Callable[[], str] | None = None
    score: tuple[float, int] = (1.0, 0)
    #: The words of the name a near match holds (their keys): an exact name it holds must be of those.
    words: frozenset[str] = frozenset()


def _exact_spans(plain: str, tree: dict) -> list[_Span]:
    """The names of ``tree`` in the folded text ``plain``, the longest from each token, none inside another."""
    reach = 0  # where the names kept so far end: they start in text order, so one ending before is inside
    spans = []
    for start, end, hits in _longest_names(plain, tree):
        if end > reach:
            reach = end
            spans.append(_Span(start, end, hits))
    return spans


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


def _longest_names(plain: str, tree: dict) -> Iterator[tuple[int, int, list[_Name]]]:
    """From each token of ``plain`` (a text in NFKC form with its typographic variants folded: offsets are
    mapped back by the caller) in turn, the longest name of ``tree`` that starts there, if any: its start, end
    and names. Of a script without spaces only the characters a name starts with are looked at
    (:func:`.scripts.token_starts`); from each, the walk down the tree reads the tokens after it."""
    unspaced = "".join(sorted(key[0] for key in tree if key is not None and without_spaces(key[0])))
    tokens = token_pattern()
    for word in token_starts(unspaced).finditer(plain):
        key = word.group().casefold()
        if key in tree:
            best = _longest_name(tree[key], word, plain, tokens)
            if best is not None:
                yield word.start(), best[0], best[1]


def _longest_name(node: dict, first: re.Match, text: str, tokens: re.Pattern) -> tuple[int, list[_Name]] | None:
    """The end and names of the longest name that starts with the token ``first`` of ``text`` (whose node of
    the tree is ``node``) and goes on with the tokens after it; a name in capitals only where it is written
    so. None if there is none."""
    best = None
    words = [first.group()]
    end = first.end()
    while True:
        hits = node.get(None)
        if hits:
            exact = tuple(words)
            hits = [h for h in hits if h.exact is None or h.exact == exact]
            if hits:
                best = (end, hits)  # the longest that matches wins
        token, after = _next_token(text, end, tokens)
        child = node.get(token.casefold()) if token else None
        if child is None:
            break
        node = child
        words.append(token)
        end = after
    return best


def _next_token(text: str, at: int, tokens: re.Pattern) -> tuple[str, int]:
    """The token of ``text`` from ``at`` on (past white space, * and ・) and where it ends; "" at the end. A
    kana or Han character with no mark after it is a token of its own, read without the pattern."""
    char = text[at : at + 1]
    kana_or_han = ("\u3041" <= char <= "\u30ff" and char != "\u30fb") or "\u4e00" <= char <= "\u9fff"
    if kana_or_han and text[at + 1 : at + 2] not in _KANA_MARKS:
        return char, at + 1
    word = tokens.search(text, at)
    return (word.group(), word.end()) if word else ("", at)


class _Tally:
    """The mention candidates of a text: one per entity, at its best mention (the first exact one, else the
    first of the nearest), with how often it is named in all."""

    def __init__(self, text: str) -> None:
        """None yet."""
        self.text = text
        self.first: dict[str, Candidate] = {}
        self.best: dict[str, tuple[float, int]] = {}

    def add(
        self, hits: list[_Name], start: int, end: int, differs: Callable[[], str] | None, score: tuple[float, int]
    ) -> None:
        """Count a mention of each of ``hits`` at ``start``-``end``: exact (``differs`` None), or near
        (``differs``: says how; ``score``: how near, :func:`_near_score`)."""
        score = (2.0, 0) if differs is None else score
        how = {"match": "near", "differs": differs()} if differs is not None else {}
        for hit in hits:
            known = self.first.get(hit.entity)
            occurs = known.fields["occurs"] + 1 if known else 1
            if known is None or score > self.best[hit.entity]:  # a better mention: the candidate moves there
                fields: dict = {"about": hit.entity, "type": hit.type, "graph_label": hit.label}
                fields.update({"defined_in": hit.defined_in, "occurs": occurs, **how})
                self.first[hit.entity] = Candidate("mention", self.text[start:end], start, end, fields)
                self.best[hit.entity] = score
            else:
                known.fields["occurs"] = occurs


# --------------------------------------------------------------------------------------------- near mentions

#: Words that say little of a name: a near match needs most of its other words (its distinctive words).
_SMALL_WORDS = word_set(
    "a an the of for in on to and by with at from into over under between both more than its their s this these"
    " that those our as per"
)
#: One word spelled two ways (British and American): compared as one.
_SPELLINGS = {
    "programme": "program",
    "organization": "organisation",
    "centre": "center",
    "labour": "labor",
    "defence": "defense",
    "harbour": "harbor",
    "signalling": "signaling",
}
#: A near match holds at least this share of a name's distinctive words ...
_NEAR_SHARE = 0.6
#: ... and this share of their weight (a word's weight: how rare it is among the graph's names).
_NEAR_WEIGHT = 0.65
#: The types whose names are not matched near: a tenure's label is made of its person's and office's.
_NOT_NEAR = frozenset({"Tenure", "Currency"})
#: A word, for near matches: letters or digits ("India's" is "India" and "s"), a figure whole ("500,000",
#: "2.5", "15th").
_NEAR_WORD = re.compile(r"\d+(?:[.,]\d+)*[^\W_]*|[^\W_]+")
#: What ends the words a near match may span: the end of a clause or sentence, a line break (not the comma
#: of "500,000" nor the point of "2.5").
_NEAR_BREAK = re.compile(r"[.,:](?=\s)|[;!?\n]")
#: A title before a person's name: "Prime Minister Modi", "President Lee".
_TITLE = re.compile(
    r"\b(?:Prime\s+Minister|PM|President|Vice[\s-]President|(?:Foreign\s+|Chief\s+|Deputy\s+)?Minister|Ambassador"
    r"|Chancellor|Premier|Governor|Excellency|Mr|Mrs|Ms|Dr|Shri|Smt)\.?\s+(?P<name>[A-Z][\w-]+)"
)
#: An abbreviation a text gives a name in parentheses after it: "National Skill Development Corporation (NSDC)".
_ABBREVIATION_AFTER = re.compile(r"\s*\(\s*(?P<abbr>[A-Z][A-Za-z0-9&-]*[A-Z0-9])\s*\)")


@dataclass
class _NearName:
    """A name matched near: its entity, the name (folded), its words (key, start, end in it), its distinctive
    words with their weights, and how many of them a match needs and how many other words it may add."""

    name: _Name
    written: str
    words: list[tuple[str, int, int]]
    weights: dict[str, float]
    need: int
    allowed: int
    #: The words a match must hold: those with digits ("15th", "2025": the 17th summit is another), and of a
    #: name of three distinctive words or fewer, all but a country's ("the Prime Minister").
    required: frozenset[str] = frozenset()
    #: Its distinctive words (their keys), their weight in all, and whether it joins words with "and"/"or".
    distinct: frozenset[str] = field(init=False)
    total: float = field(init=False)
    joins: bool = field(init=False)

    def __post_init__(self) -> None:
        self.distinct = frozenset(self.weights)
        self.total = sum(self.weights.values())
        self.joins = any(key in ("and", "or") for key, _, _ in self.words)


class _NearIndex:
    """The names of the graph to match near, each under its rarest distinctive words (a match that holds
    most of a name's words holds one of those: :data:`_NEAR_SHARE`), and its people by each word of their
    names (for a title and a name: "Prime Minister Modi")."""

    def __init__(self, demonyms: dict[str, str]) -> None:
        """No names yet; ``demonyms``: words of countries' people ("indian") to the country's ("india")."""
        self.demonyms = demonyms
        self.memo: dict[str, str] = {}
        self.anchors: dict[str, list[_NearName]] = {}
        self.persons: dict[str, list[_Name]] = {}

    def key(self, word: str) -> str:
        """A word as near matches compare it: case-folded, a demonym as its country ("Japanese": "japan"),
        in the singular, spelled one way, without an ending "-ing", "-ed" or "-e" ("exchanged", "exchange")."""
        found = self.memo.get(word)
        if found is None:
            found = self.memo[word] = _near_key(word.casefold(), self.demonyms)
        return found

    @classmethod
    def of(cls, names: list[tuple[tuple[str, ...], _Name, str]], sources: list) -> _NearIndex:
        """The index of the names ``names`` (words, entity, as written: :func:`_all_names`) of ``sources``."""
        countries = [w for _, name, w in names if name.type == "Country"]
        index = cls(_demonyms(countries))
        near: list[tuple[_Name, str, list[tuple[str, int, int]]]] = []
        seen: set[tuple[str, str]] = set()
        for _, name, written in names:
            folded = nfkc(written).text.translate(_FOLD_TABLE)
            words = [(index.key(m.group()), m.start(), m.end()) for m in _NEAR_WORD.finditer(folded)]
            if (name.entity, folded.casefold()) in seen or not folded.isascii() or name.exact is not None:
                continue
            seen.add((name.entity, folded.casefold()))
            index._person(name, folded)
            if name.type not in _NOT_NEAR:  # said as written ("India – Japan") where folding kept its offsets
                near.append((name, written if len(folded) == len(written) else folded, words))
        index._anchor(near, {_near_key(c.casefold(), {}) for c in countries})
        return index

    def _person(self, name: _Name, written: str) -> None:
        """Index a person by each capitalised word of a name of two words or more."""
        words = _NEAR_WORD.findall(written)
        if name.type == "Person" and len(words) > 1:
            for word in words:
                if len(word) > 2 and word[0].isupper() and name not in self.persons.get(word.casefold(), []):
                    self.persons.setdefault(word.casefold(), []).append(name)

    def _anchor(self, near: list[tuple[_Name, str, list[tuple[str, int, int]]]], countries: set[str]) -> None:
        """Index each name of two distinctive words or more under its rarest ones, weighing each word by how
        rare it is among the names (log(1 + N/df), twice that for a figure); ``countries``: the keys of the
        countries' names, which weigh alike."""
        distinct = [{k for k, _, _ in words if k not in _SMALL_WORDS} for _, _, words in near]
        df: dict[str, int] = {}
        for keys in distinct:
            for k in keys:
                df[k] = df.get(k, 0) + 1
        # the countries weigh alike: "the Prime Minister" is as near India's as Japan's
        df.update(dict.fromkeys(countries & df.keys(), max((df[c] for c in countries & df.keys()), default=1)))
        for (name, written, words), keys in zip(near, distinct):
            if len(keys) < 2:
                continue
            # a figure ("50,000") weighs twice: the same figure in the same words is strong evidence
            weights = {k: math.log(1 + len(near) / df[k]) * (1 if k.isalpha() else 2) for k in keys}
            required = {k for k in keys if not k.isalpha()}  # a number, "15th"
            # the same figure in a name's words: half of the rest will do ("50,000 skilled workers and talents")
            need = max(2, math.ceil((0.5 if required else _NEAR_SHARE) * len(keys)))
            if len(keys) <= 3:
                required |= keys - countries
            entry = _NearName(name, written, words, weights, need, max(1, len(keys) // 3), frozenset(required))
            for k in sorted(keys, key=lambda k: (df[k], k))[: len(keys) - need + 1]:
                self.anchors.setdefault(k, []).append(entry)

    def spans(self, plain: str) -> list[_Span]:
        """The near matches in the folded text ``plain`` (overlapping, the best first to be chosen)."""
        found: list[_Span] = []
        if self.anchors:
            words = list(_NEAR_WORD.finditer(plain))
            keys = [self.memo.get(w.group()) or self.key(w.group()) for w in words]
            found = _near_spans(self.anchors, _Words(plain, words, keys))
        return found + list(self._titled(plain))

    def _titled(self, plain: str) -> Iterator[_Span]:
        """A person's name of the graph of which the text gives one word after a title: "Prime Minister Modi"."""
        if not self.persons:
            return
        for m in _TITLE.finditer(plain):
            word = m.group("name")
            for person in self.persons.get(word.casefold(), []):
                lacks = " ".join(w for w in _NEAR_WORD.findall(person.label) if w.casefold() != word.casefold())
                said = f"text lacks '{lacks}': '{word}' after a title"
                yield _Span(m.start("name"), m.end("name"), [person], partial(str, said), (0.5, 0))


def _near_key(word: str, demonyms: dict[str, str]) -> str:
    """:meth:`_NearIndex.key` of a case-folded word."""
    if not word.isascii() or not word.isalpha():
        return word.replace(",", "") if word[:1].isdigit() else word
    word = demonyms.get(word, word)
    word = _SPELLINGS.get(singular(word), singular(word))
    for ending in ("ing", "ed", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _demonyms(countries: list[str]) -> dict[str, str]:
    """The words for the people of countries of one word, as English forms most ("India": "indian", "Japan":
    "japanese", "China": "chinese"), each to the country's name (case-folded)."""
    found: dict[str, str] = {}
    for country in (c.casefold() for c in countries if c.isalpha()):
        stem = country[:-1] if country[-1] in "aeiouy" else country
        for form in (country + "n", country + "ese", stem + "ese", country + "ian", stem + "ian", stem + "an"):
            found.setdefault(form, country)
    return found


class _Words:
    """The words of a folded text (``plain``), their keys (:meth:`_NearIndex.key`) and where its clauses end."""

    def __init__(self, plain: str, words: list[re.Match], keys: list[str]) -> None:
        """The words and keys of ``plain``."""
        self.plain = plain
        self.words = words
        self.keys = keys
        self.starts = [w.start() for w in words]
        ends = [(m.start(), m.group()[0] == ",") for m in _NEAR_BREAK.finditer(plain)]
        self.breaks = [at for at, _ in ends]
        self.stops = [at for at, comma in ends if not comma]

    def clause(self, i: int, reach: int, commas: bool = False) -> tuple[int, int]:
        """The first and last words at most ``reach`` words from the word ``i`` in its clause (its sentence,
        for a name with ``commas``)."""
        _, first, last = self.bounds(i, commas)
        return max(first, i - reach), min(last, i + reach)

    def bounds(self, i: int, commas: bool) -> tuple[int, int, int]:
        """Which clause (or sentence, ``commas``) the word ``i`` is in (its number), and its first and last
        words."""
        breaks = self.stops if commas else self.breaks
        at = bisect_left(breaks, self.starts[i])
        first = bisect_left(self.starts, breaks[at - 1]) if at else 0
        last = bisect_left(self.starts, breaks[at]) - 1 if at < len(breaks) else len(self.starts) - 1
        return at, first, last


def _near_spans(anchors: dict[str, list[_NearName]], text: _Words) -> list[_Span]:
    """The near matches of the names ``anchors`` holds, each tried where one of its anchor words stands (once
    for a stretch of words it matched)."""
    found = []
    done: dict[int, int] = {}  # a name (its id) and the last word of its last match
    sentence, present = -1, set()
    for i, key in enumerate(text.keys):
        named = anchors.get(key)
        if not named:
            continue
        at, first, last = text.bounds(i, True)
        if at != sentence:  # a name of too few of the sentence's words is passed over at once
            sentence, present = at, set(text.keys[first : last + 1])
        for near in named:
            if done.get(id(near), -1) >= i or len(present.intersection(near.distinct)) < near.need:
                continue
            best = _near_at(near, i, text)
            if best is None:
                continue
            score, a, b = best
            done[id(near)] = b
            how = partial(_differs, near, text, a, b)
            words = near.distinct | _SMALL_WORDS
            found.append(_Span(text.words[a].start(), text.words[b].end(), [near.name], how, score, words))
    return found


def _near_at(near: _NearName, i: int, text: _Words) -> tuple[tuple[float, int], int, int] | None:
    """The best near match of ``near`` around the word ``i`` (one of its words): its score (the share of the
    name's weight it holds, less the words it adds), first and last words; None if there is none."""
    lo, hi = text.clause(i, len(near.words) + near.allowed, "," in near.written)
    keys = text.keys
    inside = [j for j in range(lo, hi + 1) if keys[j] in near.weights]
    if len({keys[j] for j in inside}) < near.need:
        return None
    best = None
    for a in (j for j in inside if j <= i):
        for b in (j for j in inside if j >= i):
            score = _near_score(near, keys[a : b + 1])
            if score is not None and (best is None or (score, a - b) > (best[0], best[1] - best[2])):
                best = (score, a, b)
    return best


def _near_score(near: _NearName, span: list[str]) -> tuple[float, int] | None:
    """The score of the words ``span`` (keys) as a near match of ``near``: the share of its weight they hold
    and how few words they add; None if they hold too few of its words or add too many, or join two things
    its name does not ("the Ministry of External Affairs and its Japanese counterpart")."""
    if not near.joins and ("and" in span or "or" in span):
        return None
    covered = near.weights.keys() & set(span)
    extras = sum(1 for k in span if k not in near.weights and k not in _SMALL_WORDS)
    if len(covered) < near.need or extras > near.allowed or not near.required <= covered:
        return None
    weight = sum(near.weights[k] for k in covered) / near.total
    return (round(weight, 6), -extras) if weight >= _NEAR_WEIGHT else None


def _differs(near: _NearName, text: _Words, a: int, b: int) -> str:
    """How the words ``a``-``b`` of the text differ from the name ``near``, in a short sentence: "text lacks
    'India – Japan'", "text adds 'next'", "'Ministries' for 'Ministry'", "word order differs"."""
    span = text.keys[a : b + 1]
    label = near.words
    missing = [k for k, (key, _, _) in enumerate(label) if key not in span and key not in _SMALL_WORDS]
    extra = [j - a for j in range(a, b + 1) if text.keys[j] not in near.weights and text.keys[j] not in _SMALL_WORDS]
    parts = []
    if missing:
        parts.append("text lacks " + _runs(near.written, [(s, e) for _, s, e in label], missing))
    if extra:
        parts.append("text adds " + _runs(text.plain, [w.span() for w in text.words[a : b + 1]], extra))
    parts.extend(_forms(near, text, a, b))
    matched = [k for k in dict.fromkeys(span) if k in near.weights]
    if matched != [k for k in dict.fromkeys(key for key, _, _ in label) if k in matched]:
        parts.append("word order differs")
    return "; ".join(parts) or "only small words differ"


def _runs(written: str, spans: list[tuple[int, int]], picked: list[int]) -> str:
    """The words ``picked`` (indexes of ``spans`` in ``written``) as quoted runs: "'India – Japan'"."""
    runs: list[list[int]] = []
    for k in picked:
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return " and ".join(f"'{written[spans[r[0]][0] : spans[r[-1]][1]]}'" for r in runs)


def _forms(near: _NearName, text: _Words, a: int, b: int) -> list[str]:
    """The words of the text that are a word of the name in another form: "'Ministries' for 'Ministry'"."""
    written = {key: near.written[s:e] for key, s, e in reversed(near.words)}
    found = []
    for j in range(a, b + 1):
        word, key = text.words[j].group(), text.keys[j]
        if key in near.weights and word.casefold() != written[key].casefold():
            found.append(f"'{word}' for '{written[key]}'")
    return list(dict.fromkeys(found))[:3]


def _with_near(exact: list[_Span], near: list[_Span], plain: str, key) -> list[_Span]:
    """The exact spans, all of them, and, the best first, the near ones that overlap no other near one, and no
    exact one but one they hold whole that is all of their name's words ("India" in "India's Ministry of
    External Affairs") or none of them ("Japan" in "Ayushman Bharat and Japan's Asia Health and Wellbeing
    Initiative"): one of both is another name ("ties between 10 Indian states" is no match of "sister city and
    state-prefecture ties"). Near spans of the same words and score are both kept (the curator chooses). In
    text order. ``key``: a word's key (:meth:`_NearIndex.key`)."""
    if not near:
        return exact
    starts = [s.start for s in exact]
    taken = bytearray(max(s.end for s in near) + 1)
    chosen: dict[tuple[int, int], tuple[float, int]] = {}
    for span in sorted(near, key=lambda s: (s.score, s.end - s.start, -s.start), reverse=True):
        tie = chosen.get((span.start, span.end)) == span.score
        if not tie and taken.find(1, span.start, span.end) >= 0:
            continue
        if not all(_holds(span, exact[k], plain, key) for k in _overlapping(exact, starts, span)):
            continue
        chosen[(span.start, span.end)] = span.score
        taken[span.start : span.end] = b"\x01" * (span.end - span.start)
    kept = exact + [s for s in near if chosen.get((s.start, s.end)) == s.score]
    return sorted(kept, key=lambda s: (s.start, s.end))


def _holds(span: _Span, inner: _Span, plain: str, key) -> bool:
    """Whether the near span ``span`` holds the exact one ``inner`` whole (inside it, and shorter), its words
    all of the name ``span`` matches or none of them."""
    if inner.start < span.start or inner.end > span.end or inner.end - inner.start == span.end - span.start:
        return False
    return len({key(w) in span.words for w in _NEAR_WORD.findall(plain, inner.start, inner.end)}) == 1


def _overlapping(exact: list[_Span], starts: list[int], span: _Span) -> list[int]:
    """The indexes of the exact spans (in text order, their ends rising) that overlap ``span``."""
    k = bisect_left(starts, span.end) - 1
    found = []
    while k >= 0 and exact[k].end > span.start:
        found.append(k)
        k -= 1
    return found


def _text_abbreviations(tally: _Tally, spans: list[_Span], plain: str, folded, names: dict) -> None:
    """Count the abbreviations the text gives names in parentheses ("National Skill Development Corporation
    (NSDC)") where they stand later, as near mentions of those names' entities, and give their candidates the
    ``abbreviation`` (where the graph does not know it as a name)."""
    defined: dict[str, tuple[int, list[_Name]]] = {}
    for span in spans:
        m = _ABBREVIATION_AFTER.match(plain, span.end)
        abbr = m.group("abbr") if m else ""
        if m and sum(c.isupper() for c in abbr) > 1 and (abbr.casefold(),) not in names and abbr not in defined:
            defined[abbr] = (m.end(), span.hits)
    if not defined:
        return
    named = bytearray(len(plain) + 1)  # the words a name found covers: an abbreviation there is its own
    for span in spans:
        named[span.start : span.end] = b"\x01" * (span.end - span.start)
    for m in re.finditer(rf"\b(?:{'|'.join(map(re.escape, sorted(defined, key=len, reverse=True)))})\b", plain):
        after, hits = defined[m.group()]
        if m.start() >= after and named.find(1, m.start(), m.end()) < 0:
            said = f"'{m.group()}': the text's abbreviation of the name"
            tally.add(hits, folded.start(m.start()), folded.end(m.end()), partial(str, said), (0.5, 0))
    for abbr, (_, hits) in defined.items():
        for hit in hits:
            if hit.entity in tally.first:
                tally.first[hit.entity].fields.setdefault("abbreviation", abbr)
