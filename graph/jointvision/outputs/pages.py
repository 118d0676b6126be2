"""What every page the project writes shares: the templates folder, one
Jinja environment (autoescaping on, block tags trimmed), inline scripts and
styles that cannot end their element early, data as JSON that cannot start
markup, and the CSP hashes that let only the page's own scripts run.

The map, the commitments page, the ontology page and the server's query
page are all made with these.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from pathlib import Path

from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["emphasis"] = emphasis
    return environment


#: A span a source marks as emphasis (Markdown's ``**strong**``): no space just inside the stars.
_STRONG = re.compile(r"\*\*(?=\S)(.*?\S)\*\*", re.DOTALL)


def emphasis(text) -> Markup:
    """A quote as HTML: every character escaped, and each span the source
    marks ``**so**`` in ``<strong>`` (the data keep the quote verbatim; only
    the page shows the emphasis). Jinja's ``emphasis`` filter.

    >>> str(emphasis("in **India** & <b>not</b> ** this **"))
    'in <strong>India</strong> &amp; &lt;b&gt;not&lt;/b&gt; ** this **'
    """
    return Markup(_STRONG.sub(r"<strong>\1</strong>", str(escape(str(text)))))


def render(template: str, **values) -> str:
    """A page from ``templates/<template>``, every value autoescaped unless marked safe."""
    return _environment().get_template(template).render(**values)


def inline(name: str, element: str = "script") -> str:
    """A file of the templates folder, to put inside a ``<script>`` or ``<style>`` element."""
    return safe_in_element((TEMPLATES / name).read_text(encoding="utf-8"), element)


def safe_in_element(text: str, element: str) -> str:
    """Text that cannot close its ``<script>``/``<style>`` element early."""
    return text.replace(f"</{element}", f"<\\/{element}").replace(f"</{element.upper()}", f"<\\/{element.upper()}")


def json_for_html(value) -> str:
    """JSON safe inside a ``<script type="application/json">`` element: no
    ``<``, ``>`` or ``&`` appear raw, so no data can end the element or start
    markup, and the page reads it back with ``JSON.parse``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def csp_hash(text: str) -> str:
    """The CSP hash of an inline element's text (base64 of its SHA-256)."""
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# ------------------------------------------------------------------ languages
# Every page shows each label in the reader's language. A value is a text and
# its language tag ("" where the data give none); a page offers the
# languages of its data (:func:`offered`), English first, and shows, for the
# language chosen, the value :func:`pick` gives: one in that language, else
# English, else an untagged one, else any (the least tag), the same every time.

#: Each language's name in that language, for the chooser (any other is shown by its tag).
AUTONYMS = {
    "ar": "العربية",
    "bn": "বাংলা",
    "de": "Deutsch",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "gu": "ગુજરાતી",
    "hi": "हिन्दी",
    "it": "Italiano",
    "ja": "日本語",
    "kn": "ಕನ್ನಡ",
    "ko": "한국어",
    "ml": "മലയാളം",
    "mr": "मराठी",
    "pa": "ਪੰਜਾਬੀ",
    "pt": "Português",
    "ru": "Русский",
    "ta": "தமிழ்",
    "te": "తెలుగు",
    "ur": "اردو",
    "zh": "中文",
}
#: A language tag as BCP 47 spells one (the only ones a page offers: they name classes and ids).
_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
#: The language every page opens in, whatever the data.
DEFAULT_LANGUAGE = "en"


def primary(tag: str) -> str:
    """The primary subtag of a language tag, lower-cased (``ja-JP``: ``ja``)."""
    return tag.split("-", 1)[0].lower()


def _rank(lang: str, chosen: str) -> tuple[int, str]:
    """How well a value in ``lang`` suits a reader who chose ``chosen`` (lowest first)."""
    if lang == chosen:
        return (0, "")
    if lang and primary(lang) == primary(chosen):
        return (1, lang)
    if lang == DEFAULT_LANGUAGE:
        return (2, "")
    if lang and primary(lang) == DEFAULT_LANGUAGE:
        return (3, lang)
    return (4, "") if not lang else (5, lang)


def pick(values: list[tuple[str, str]], chosen: str = DEFAULT_LANGUAGE) -> tuple[str, str] | None:
    """The value to show a reader who chose the language ``chosen``, of
    ``values`` ((text, language tag) pairs, the tag "" where there is none):
    one in that language (or a variant of it), else English, else an untagged
    one, else the one of the least tag; of several as good, the first given.

    >>> names = [("Japan", "en"), ("日本", "ja"), ("जापान", "hi")]
    >>> pick(names, "ja"), pick(names, "fr"), pick([("Nippon", ""), ("日本", "ja")], "en")
    (('日本', 'ja'), ('Japan', 'en'), ('Nippon', ''))
    >>> pick([("जापान", "hi"), ("日本", "ja")], "fr"), pick([], "en")
    (('जापान', 'hi'), None)
    """
    best: tuple[tuple[int, str], int] | None = None
    found = None
    for order, (text, lang) in enumerate(values):
        key = (_rank(lang, chosen), order)
        if best is None or key < best:
            best, found = key, (text, lang)
    return found


def suits(lang: str, chosen: str) -> bool:
    """Whether a value in ``lang`` is in the language ``chosen`` (or a variant of it)."""
    return _rank(lang, chosen)[0] <= 1


def offered(tags) -> list[str]:
    """The languages a page offers its reader: the tags of its data (lower-cased),
    English first, then by tag; none when there are fewer than two, for then
    there is nothing to choose. A "" among ``tags`` stands for labels with
    no tag: beside tagged ones, English is offered for them (its fallback
    shows them), so that the page still opens in English.

    >>> offered(["ja", "en", "hi", "ja", ""]), offered(["en"]), offered(["", "ja"])
    (['en', 'hi', 'ja'], [], ['en', 'ja'])
    """
    given = list(tags)
    found = {t.lower() for t in given if _TAG.fullmatch(t or "")}
    if found and "" in given:
        found.add(DEFAULT_LANGUAGE)
    ordered = sorted(found, key=lambda t: (t != DEFAULT_LANGUAGE, t))
    return ordered if len(ordered) > 1 else []


def language_name(tag: str) -> str:
    """A language's name in that language (``ja``: "日本語"); a language the
    table does not name, by its tag."""
    return AUTONYMS.get(primary(tag), tag)


def choices(languages: list[str]) -> list[dict[str, str]]:
    """The chooser's options: each offered language's tag, its name in
    itself, and the tag to show beside the name ("" for English and for a
    language shown by its tag)."""
    return [
        {"tag": tag, "name": language_name(tag), "note": "" if language_name(tag) in (tag, "English") else tag}
        for tag in languages
    ]


def forms(values: list[tuple[str, str]], languages: list[str]) -> dict[str, tuple[str, str]]:
    """The value :func:`pick` gives for each of ``languages`` (none where there is no value)."""
    found = {}
    for tag in languages:
        chosen = pick(values, tag)
        if chosen is not None:
            found[tag] = chosen
    return found


class Shown:
    """A text as a static page shows it: its value in the default language
    and its language (``text``, ``lang``), and, where the page offers
    languages, the value for each, those that are the same shown once
    (``forms``: (tags, text, lang), in the order of the languages). Jinja's
    ``t`` macro (``templates/languages.html``) writes it."""

    __slots__ = ("forms", "lang", "text")

    def __init__(self, values: list[tuple[str, str]], languages: list[str], default: str = "") -> None:
        first = pick(values) or (default, "")
        self.text, self.lang = first
        grouped: dict[tuple[str, str], list[str]] = {}
        for tag, value in forms(values, languages).items():
            grouped.setdefault(value, []).append(tag)
        self.forms = [(tags, text, lang) for (text, lang), tags in grouped.items()] if len(grouped) > 1 else []

    def __str__(self) -> str:
        return self.text

    def __lt__(self, other: Shown) -> bool:
        return (self.text, self.lang) < (other.text, other.lang)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Shown) and (self.text, self.lang, self.forms) == (other.text, other.lang, other.forms)

    def __hash__(self) -> int:
        return hash((self.text, self.lang))


def literal_language(term) -> str:
    """The language tag of an rdflib or pyoxigraph literal, lower-cased ("" for none or for another term)."""
    lang = getattr(term, "language", None)
    return lang.lower() if isinstance(lang, str) else ""


def dataset_values(dataset, predicates: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """Every value of ``predicates`` (IRIs) of every node of a dataset (the union
    of its graphs, the ontology's included), by node: (text, tag) pairs,
    sorted by tag, then text."""
    from ..rdf.typed import select

    values = " ".join(f"<{p}>" for p in predicates)
    found: dict[str, set[tuple[str, str]]] = {}
    for row in select(
        dataset.store, f"SELECT ?s ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o FILTER isLiteral(?o) }}"
    ):
        found.setdefault(row["s"].value, set()).add((row["o"].value, literal_language(row["o"])))
    return {node: sorted(pairs, key=lambda v: (v[1], v[0])) for node, pairs in found.items()}


def dataset_languages(dataset) -> list[str]:
    """The languages a dataset's pages offer (:func:`offered` of :func:`dataset_tags`)."""
    return offered(dataset_tags(dataset))


def dataset_tags(dataset) -> set[str]:
    """The language tags of the literals of a dataset's sources' graphs (of
    its data, for a dataset of one unnamed graph), lower-cased, and "" where
    a label has none (``rdf.dataset.Dataset.language_tags``)."""
    return set(dataset.language_tags())
