"""Pages in the reader's language (issue 23): the map, the commitments page,
the compliance report and the ontology page offer the languages of the data
(English first), show each label in the language chosen, else English, else
an untagged one, else any; mark every text from the data with its language;
and the map's search finds every label, alternative label and abbreviation
in every language. The map's "sources disagree" is what the named query
``conflicts`` lists, nothing else.

The data: the two-source fixture and the article (tests/data/two-sources,
the embedded article), each with sources in Japanese and Hindi added as
named graphs written here (invented translations, as a build of tagged
fact files gives them); and the same with every language tag taken away,
for data from sources that give none. The browser tests reuse
tests/test_browser.py's machinery and follow its rule: skipped without
Chromium locally, failed in CI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from conftest import FACT_FILE, ROOT, TWO_SOURCES
from jointvision.outputs.commitments import commitments_html
from jointvision.outputs.ontology_doc import ontology_html
from jointvision.outputs.pages import Shown, offered, pick
from jointvision.outputs.report import report_html
from jointvision.outputs.viewer import _wrap, columns, disagreements, viewer_html
from jointvision.rdf.build import build_dataset
from jointvision.rdf.dataset import Dataset
from jointvision.rdf.namespaces import GRAPHS, JV, JVD, ONTOLOGY_IRI
from jointvision.sparql.engine import QueryEngine

# importing test_browser applies its rule (in CI a missing browser is a failure); its `browser` fixture is used here
from test_browser import ARGS, ARTIFACTS, CHROMIUM, Session, _axe_source, _missing, browser  # noqa: F401

# ------------------------------------------------------------ the data
#: The literals a source gives in its language: labels, alternative labels, abbreviations, quotes,
#: figures as stated, titles.
WORDED = {str(RDFS.label), str(SKOS.altLabel), str(JV.abbreviation), str(JV.quote), str(JV.statedAs), str(JV.title)}


def source(graph: str, node: str, title: str, lang: str, published: str) -> list[tuple]:
    """The statements of a source about itself, in its own graph."""
    src = JVD[node]
    return [
        (src, RDF.type, JV.Source),
        (src, RDFS.label, Literal(title, lang=lang)),
        (src, JV.namedGraph, URIRef(graph)),
        (src, JV.language, Literal(lang, datatype=XSD.language)),
        (src, JV.published, Literal(published, datatype=XSD.date)),
        (src, JV.fileName, Literal(f"{node}.txt")),
        (src, JV.sourceKind, JV.NewsArticleSource),
    ]


def says(src: str, entity: str, cls, lang: str, label: str | None = None, alt=(), quote: str = "", at: int = 0):
    """What a source in ``lang`` states of an entity: its class, label,
    alternative labels, and a quote (offsets from ``at``)."""
    node = JVD[entity]
    found = [(node, RDF.type, cls)]
    if label:
        found.append((node, RDFS.label, Literal(label, lang=lang)))
    found += [(node, SKOS.altLabel, Literal(a, lang=lang)) for a in alt]
    if quote:
        evidence = JVD[f"{src}_{at}-{at + len(quote)}"]
        found += [
            (node, JV.evidence, evidence),
            (evidence, RDF.type, JV.Evidence),
            (evidence, JV.quote, Literal(quote, lang=lang)),
            (evidence, JV.start, Literal(at)),
            (evidence, JV.end, Literal(at + len(quote))),
            (evidence, JV.inSource, JVD[src]),
        ]
    return found


def figure(entity: str, quantity: str, stated: str, lang: str, value: str, unit: str) -> list[tuple]:
    """A target's quantity as a source states it (the same node where it means the same)."""
    node, q = JVD[entity], JVD[quantity]
    return [
        (node, JV.quantity, q),
        (q, RDF.type, JV.Quantity),
        (q, JV.statedAs, Literal(stated, lang=lang)),
        (q, JV.numericValue, Literal(value, datatype=XSD.decimal)),
        (q, JV.unit, JVD[unit]),
        (q, JV.bound, JV.Exact),
    ]


JA_TWO = GRAPHS + "northland-communique-ja"
HI_TWO = GRAPHS + "southland-report-hi"


def two_sources_ja_hi() -> dict[str, list[tuple]]:
    """The two-source fixture retold in Japanese and in Hindi (invented; see tests/data/languages)."""
    ja, hi = "northland-communique-ja", "southland-report-hi"
    return {
        JA_TWO: source(
            JA_TWO, ja, "第1回ノースランド・サウスランド首脳会談に関する共同声明（テスト用）", "ja", "2031-03-03"
        )
        + says(ja, "northland", JV.Country, "ja", "ノースランド", ["ノース・ランド国"], "ノースランド", 40)
        + says(ja, "southland", JV.Country, "ja", "サウスランド")
        + says(ja, "ada-quill", JV.Person, "ja", "エイダ・クイル", ["クイル大統領"], "エイダ・クイル大統領", 60)
        + says(ja, "harbour-compact", JV.Agreement, "ja", "港湾協定", quote="両首脳は港湾協定を採択した。", at=90)
        + says(ja, "nld", JV.Currency, "ja", "ノースランド・ドル")
        + says(ja, "harbour-investment", JV.Target, "ja", "ノースランドからサウスランドへの港湾投資")
        + figure(
            "harbour-investment", "harbour-investment_quantity", "20億ノースランド・ドル", "ja", "2000000000", "nld"
        )
        + [(JVD["harbour-compact"], JV.abbreviation, Literal("港協", lang="ja"))],
        HI_TWO: source(HI_TWO, hi, "पहले शिखर सम्मेलन पर साउथलैंड गज़ट की रिपोर्ट (परीक्षण)", "hi", "2031-03-05")
        + says(hi, "northland", JV.Country, "hi", "नॉर्थलैंड", quote="नॉर्थलैंड और साउथलैंड के नेता", at=30)
        + says(hi, "southland", JV.Country, "hi", "साउथलैंड")
        + says(hi, "ada-quill", JV.Person, "hi", None, ["राष्ट्रपति क्विल"])
        + says(hi, "fisheries-memorandum", JV.MemorandumOfCooperation, "hi", "मत्स्य पालन पर सहयोग ज्ञापन")
        + says(hi, "harbour-investment", JV.Target, "hi", "नॉर्थलैंड से साउथलैंड को बंदरगाह निवेश")
        + figure(
            "harbour-investment",
            "harbour-investment_quantity-70ded492af36",
            "2.5 अरब एनएलडी",
            "hi",
            "2500000000",
            "nld",
        ),
    }


JA_ARTICLE = GRAPHS + "joint-vision-ja"
HI_ARTICLE = GRAPHS + "joint-vision-hi"


#: Japanese names of the article's directions (invented renderings).
DIRECTIONS_JA = {
    "next-generation-economic-partnership": "次世代経済パートナーシップ",
    "next-generation-mobility": "次世代モビリティ",
    "next-generation-economic-security-partnership": "次世代経済安全保障",
    "next-generation-ecological-legacies": "次世代の環境遺産",
    "next-gen-technology-and-innovation-partnership": "次世代技術・イノベーション",
    "investing-in-next-gen-health": "次世代の保健への投資",
    "next-gen-people-to-people-partnership": "次世代の人的交流",
    "next-gen-state-prefecture-partnership": "次世代の州・県パートナーシップ",
}
#: Japanese names of the article's targets, and the figures of two of them as a Japanese source words them.
TARGETS_JA = {
    "delegation-visits-per-year": "年3回の代表団訪問",
    "personnel-exchange-500000": "5年間で50万人以上の人的交流",
    "skilled-personnel-india-to-japan-50000": "インドから日本への高度人材5万人",
    "private-investment-10-trillion": "インドへの民間投資10兆円",
    "public-and-private-investment-2022-2026": "日本からインドへの官民投融資5兆円",
}
FIGURES_JA = {
    "private-investment-10-trillion": ("10兆円", "10000000000000"),
    "public-and-private-investment-2022-2026": ("5兆円", "5000000000000"),
}


def article_ja() -> list[tuple]:
    """The article's frame, parties, leaders, directions and targets named in Japanese (invented renderings)."""
    ja = "joint-vision-ja"
    found = (
        source(JA_ARTICLE, ja, "次の10年に向けた日印共同ビジョン（仮訳）", "ja", "2025-08-30")
        + says(ja, "joint-vision-for-the-next-decade", JV.JointStatement, "ja", "次の10年に向けた日印共同ビジョン")
        + says(ja, "japan", JV.Country, "ja", "日本", ["ジャパン", "日本国"], "日本", 10)
        + says(ja, "india", JV.Country, "ja", "インド", quote="インド", at=20)
        + says(ja, "china", JV.Country, "ja", "中国")
        + says(ja, "ishiba-shigeru", JV.Person, "ja", "石破茂")
        + says(ja, "narendra-modi", JV.Person, "ja", "ナレンドラ・モディ", ["モディ首相"])
    )
    for node, name in DIRECTIONS_JA.items():
        found += says(ja, node, JV.StrategicDirection, "ja", name)
    for node, name in TARGETS_JA.items():
        found += says(ja, node, JV.Target, "ja", name)
    for node, (stated, value) in FIGURES_JA.items():
        found += figure(node, f"{node}_quantity", stated, "ja", value, "jpy")
    return found


def article_ja_hi() -> dict[str, list[tuple]]:
    """The article named in Japanese (:func:`article_ja`) and, in part, in Hindi (invented renderings)."""
    hi = "joint-vision-hi"
    return {
        JA_ARTICLE: article_ja(),
        HI_ARTICLE: source(HI_ARTICLE, hi, "अगले दशक के लिए भारत-जापान संयुक्त दृष्टिकोण (अनुवाद)", "hi", "2025-08-30")
        + says(hi, "japan", JV.Country, "hi", "जापान", quote="जापान", at=5)
        + says(hi, "india", JV.Country, "hi", "भारत", ["हिंदुस्तान"])
        + says(hi, "narendra-modi", JV.Person, "hi", "नरेन्द्र मोदी")
        + says(hi, "personnel-exchange-500000", JV.Target, "hi", "पाँच वर्षों में 5 लाख से अधिक लोगों का आदान-प्रदान"),
    }


def _untagged(triple: ox.Triple) -> ox.Triple:
    """A statement with its literal's language tag taken away (a source that gives none)."""
    o = triple.object
    if isinstance(o, ox.Literal) and o.language:
        return ox.Triple(triple.subject, triple.predicate, ox.Literal(o.value))
    return triple


def with_languages(base: Dataset, added: dict[str, list[tuple]], *, tagged: bool = True) -> Dataset:
    """``base`` with the graphs of ``added``; with ``tagged`` false, the base's own statements lose their
    language tags, as data from sources that give none."""
    graphs: dict[str, list] = {}
    for quad in base.quads():
        if quad.graph_name.value != str(ONTOLOGY_IRI):
            graphs.setdefault(quad.graph_name.value, []).append(quad.triple if tagged else _untagged(quad.triple))
    for name, triples in added.items():
        graphs.setdefault(name, []).extend(triples)
    return Dataset.from_graphs(graphs)


@pytest.fixture(scope="module")
def two_ml():
    """The two-source fixture with its Japanese and Hindi sources."""
    return with_languages(build_dataset(TWO_SOURCES), two_sources_ja_hi())


@pytest.fixture(scope="module")
def two_ml_untagged():
    """The same, the English sources giving no language tag."""
    return with_languages(build_dataset(TWO_SOURCES), two_sources_ja_hi(), tagged=False)


@pytest.fixture(scope="module")
def article_ml():
    """The article with Japanese and Hindi names of its frame and targets."""
    return with_languages(build_dataset(FACT_FILE), article_ja_hi())


def payload_of(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="jv-data">(.*?)</script>', page, flags=re.S)
    assert found
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def map_ml(article_ml) -> str:
    return viewer_html(article_ml)


@pytest.fixture(scope="module")
def two_map(two_ml) -> str:
    return viewer_html(two_ml)


# ------------------------------------------------------------ the rule: chosen, else English, else untagged, else any
@pytest.mark.parametrize(
    ("values", "chosen", "expected"),
    [
        ([("Japan", "en"), ("日本", "ja"), ("जापान", "hi")], "ja", ("日本", "ja")),
        ([("Japan", "en"), ("日本", "ja"), ("जापान", "hi")], "hi", ("जापान", "hi")),
        ([("Japan", "en"), ("日本", "ja"), ("जापान", "hi")], "en", ("Japan", "en")),
        ([("Japan", "en"), ("日本", "ja")], "hi", ("Japan", "en")),  # no Hindi: English
        ([("Nippon", ""), ("日本", "ja")], "en", ("Nippon", "")),  # no English: the untagged one
        ([("Nippon", ""), ("日本", "ja")], "hi", ("Nippon", "")),
        ([("日本", "ja"), ("जापान", "hi")], "en", ("जापान", "hi")),  # none of those: the least tag
        ([("日本", "ja"), ("जापान", "hi")], "fr", ("जापान", "hi")),
        ([("Japan", "en-GB"), ("日本", "ja")], "en", ("Japan", "en-GB")),  # a variant of English
        ([("日本", "ja-jp"), ("Japan", "en")], "ja", ("日本", "ja-jp")),  # a variant of the chosen one
        ([("Japan", "en"), ("Japon", "")], "fr", ("Japan", "en")),  # English before untagged
        ([("B", "ja"), ("A", "ja")], "ja", ("B", "ja")),  # of two as good, the first given
        ([], "ja", None),
    ],
)
def test_the_label_shown_follows_the_fallback_rule(values, chosen, expected):
    assert pick(values, chosen) == expected


def test_the_pages_offer_the_languages_of_the_data_english_first():
    assert offered(["ja", "hi", "en", "ja", ""]) == ["en", "hi", "ja"]
    assert offered(["ja", "hi"]) == ["hi", "ja"]
    assert offered(["en", ""]) == [] and offered([]) == []  # one language: nothing to choose
    assert offered(["en", "ja", 'x"><script>', "-", "toolongsubtag"]) == ["en", "ja"]  # tags name classes and ids


def test_a_text_is_written_once_for_each_language_it_differs_in():
    shown = Shown([("Japan", "en"), ("日本", "ja")], ["en", "hi", "ja"])
    assert (shown.text, shown.lang) == ("Japan", "en")
    assert shown.forms == [(["en", "hi"], "Japan", "en"), (["ja"], "日本", "ja")]
    assert Shown([("Japan", "en")], ["en", "ja"]).forms == []  # the same in every language: once
    assert str(Shown([], ["en"], "fallback")) == "fallback"


@pytest.mark.parametrize(
    ("text", "widest"),
    [
        ("次の10年に向けた日印共同ビジョンに関する共同声明の全文", 20),
        ("नॉर्थलैंड से साउथलैंड को बंदरगाह निवेश और सहयोग", 20),
        ("インドへの民間投資10兆円（日本から）", 26),
    ],
)
def test_labels_in_japanese_and_hindi_wrap_by_the_columns_they_take(text, widest):
    lines = _wrap(text, widest).split("\n")
    assert 1 < len(lines) <= 3
    assert all(columns(line) <= widest for line in lines)
    assert not any(line.startswith(("）", "。", "、", "ー")) for line in lines)
    assert _wrap("JPY 10 trillion in private investment into India") == (
        "JPY 10 trillion in private\ninvestment into India"  # Latin text wraps as it always has
    )


# ------------------------------------------------------------ the map
def test_the_map_offers_exactly_the_languages_of_the_data(map_ml, two_map, article_dataset):
    for page in (map_ml, two_map):
        data = payload_of(page)
        assert [c["tag"] for c in data["languages"]] == ["en", "hi", "ja"]
        assert re.findall(r'name="jv-lang" id="jv-lang-([a-z]+)"', page) == ["en", "hi", "ja"]
    plain = viewer_html(article_dataset)
    assert payload_of(plain)["languages"] == [] and 'id="jv-lang-' not in plain  # English only: no chooser


def test_the_first_view_is_in_english_whichever_source_came_last(map_ml):
    nodes = {n["id"].rsplit("/", 1)[1]: n for n in payload_of(map_ml)["nodes"]}
    assert nodes["private-investment-10-trillion"]["label"] == "JPY 10 trillion"
    assert nodes["public-and-private-investment-2022-2026"]["label"] == "JPY 5 trillion"
    assert nodes["personnel-exchange-500000"]["label"] == "more than 500,000\npersonnel"
    assert nodes["japan"]["label"] == "Japan"
    assert nodes["japan"]["labels"] == {"en": "Japan", "hi": "जापान", "ja": "日本"}
    assert nodes["private-investment-10-trillion"]["labels"]["ja"] == "10兆円"
    assert nodes["private-investment-10-trillion"]["labels"]["hi"] == "JPY 10 trillion"  # no Hindi: English
    assert nodes["personnel-exchange-500000"]["labels"]["hi"].replace("\n", " ").startswith("पाँच वर्षों में")


def test_details_carry_every_name_and_each_texts_language(map_ml):
    details = {k.rsplit("/", 1)[1]: v for k, v in payload_of(map_ml)["details"].items()}
    japan = details["japan"]
    assert japan["label"] == "Japan" and japan["labelLang"] == "en"
    assert japan["labels"] == {"en": ["Japan", "en"], "hi": ["जापान", "hi"], "ja": ["日本", "ja"]}
    assert {"日本", "ジャパン", "日本国", "जापान"} <= set(japan["keys"])
    assert ["ジャパン", "ja"] in japan["alt"]
    assert [q[6] for q in japan["evidence"]] and all(q[6] in ("en", "ja", "hi") for q in japan["evidence"])
    assert "IJICP" in details["india-japan-industrial-competitiveness-partnership"]["keys"]
    target = details["private-investment-10-trillion"]
    assert ["stated as", "10兆円", ["次の10年に向けた日印共同ビジョン（仮訳）"], "ja"] in target["properties"]
    unit = next(p for p in target["properties"] if p[0] == "unit")
    assert unit[4] == str(JVD.jpy)  # shown by the unit's name in the language chosen


def conflicts_rows(dataset) -> set[tuple[str, ...]]:
    result = QueryEngine(dataset).query("conflicts")
    at = {name: i for i, name in enumerate(result.variables)}
    return {
        tuple(str(row[at[v]]) for v in ("entity", "field", "value1", "source1", "value2", "source2"))
        for row in result.rows
    }


@pytest.mark.parametrize("name", ["two_ml", "two_ml_untagged", "two_sources", "article_ml"])
def test_the_maps_disagreements_are_the_conflicts_querys_rows(request, name):
    dataset = request.getfixturevalue(name)
    found = disagreements(dataset)
    mapped = {(e, r[0], r[1], r[2], r[3], r[4]) for e, rows in found.items() for r in rows}
    assert mapped == conflicts_rows(dataset)
    shown = {
        (node, *row) for node, d in payload_of(viewer_html(dataset))["details"].items() for row in d.get("disagree", [])
    }
    assert shown == mapped
    if name.startswith("two"):
        assert {(e.rsplit("/", 1)[1], f) for e, f, *_ in mapped} >= {("harbour-investment", "numeric value")}


def test_names_in_other_languages_are_never_a_disagreement(two_map):
    """Alternative labels and figures as stated, in Japanese and Hindi: several values, no conflict."""
    details = payload_of(two_map)["details"]
    ada = details[str(JVD["ada-quill"])]
    alternative = {p[1]: p[3] for p in ada["properties"] if p[0] in ("alternative label", "skos:altLabel")}
    assert alternative == {"President Quill": "en", "राष्ट्रपति क्विल": "hi", "クイル大統領": "ja"}
    assert "disagree" not in ada
    fields = {row[0] for row in details[str(JVD["harbour-investment"])]["disagree"]}
    assert fields == {"end year", "numeric value"}  # not the figures as stated, in three languages


def test_untagged_data_reads_as_before(two_ml_untagged, two_sources):
    data = payload_of(viewer_html(two_ml_untagged))
    assert [c["tag"] for c in data["languages"]] == ["en", "hi", "ja"]  # English: the untagged labels
    nodes = {n["id"].rsplit("/", 1)[1]: n for n in data["nodes"]}
    assert nodes["northland"]["label"] == "Northland"  # the untagged label, before any other language's
    assert nodes["northland"]["labels"]["ja"] == "ノースランド"
    assert nodes["harbour-investment"]["label"] == "NLD 2 billion"
    plain = payload_of(viewer_html(two_sources))
    assert {n["id"]: n["label"] for n in plain["nodes"]}[str(JVD["first-ns-summit"])] == (
        "First Northland-Southland\nSummit"
    )


# ------------------------------------------------------------ the static pages
PAGES = {"commitments": commitments_html, "report": report_html, "ontology": ontology_html}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_page_offers_exactly_the_languages_of_the_data(two_ml, two_sources, page):
    html = PAGES[page](two_ml)
    assert re.findall(r'name="jv-lang" id="jv-lang-([a-z]+)" value="\1"( checked)?', html) == [
        ("en", " checked"),
        ("hi", ""),
        ("ja", ""),
    ]
    assert "body:has(#jv-lang-ja:checked) .l10n.l10n-ja { display: inline; }" in html
    assert 'id="jv-lang-' not in PAGES[page](two_sources)  # English only: no chooser


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_of_untagged_and_tagged_names_opens_on_the_untagged_ones(two_ml_untagged, page):
    """Sources that give no language beside sources in Japanese and Hindi: English is offered, and
    shows the untagged names (with no lang: their language is not known)."""
    html = PAGES[page](two_ml_untagged)
    assert re.findall(r'name="jv-lang" id="jv-lang-([a-z]+)"', html) == ["en", "hi", "ja"]
    assert re.search(r'<span class="l10n l10n-en( l10n-hi)?">Northland</span>', html)
    assert '<span class="l10n l10n-ja" lang="ja">ノースランド</span>' in html


@pytest.mark.parametrize("page", sorted(PAGES))
def test_names_are_written_in_each_language_with_their_lang(two_ml, page):
    html = PAGES[page](two_ml)
    assert '<span class="l10n l10n-ja" lang="ja">ノースランド</span>' in html
    assert re.search(r'<span class="l10n l10n-en( l10n-hi)?" lang="en">Northland</span>', html)
    if page != "ontology":
        assert '<span class="l10n l10n-hi" lang="hi">नॉर्थलैंड</span>' in html


def test_quotes_carry_their_language(two_ml, article_ml):
    assert '<blockquote lang="en">' in commitments_html(article_ml)
    assert '<blockquote lang="en">' in report_html(two_ml)


def test_the_report_without_script_reads_in_english(two_ml):
    html = report_html(two_ml)
    assert "script-src 'none'" in html and "<script" not in html
    assert ".l10n { display: none; }\n.l10n.l10n-en { display: inline; }" in html


@pytest.mark.parametrize("make", [viewer_html, *PAGES.values()])
def test_the_same_data_give_the_same_bytes(two_ml, make):
    assert make(two_ml) == make(two_ml)


HOSTILE = {
    "en": '<img src=x onerror="window.__xss=1">',
    "ja": "</script><script>window.__xss=2</script>日本",
    "hi": '"><svg onload="window.__xss=3">जापान',
}


def hostile_dataset() -> Dataset:
    """The two-source fixture with labels, alternative labels and quotes that are markup, in each language."""
    north, summit = JVD["northland"], JVD["first-ns-summit"]
    added = {
        JA_TWO: source(JA_TWO, "ja-hostile", HOSTILE["ja"], "ja", "2031-03-03")
        + [(north, RDF.type, JV.Country), (north, RDFS.label, Literal(HOSTILE["ja"], lang="ja"))]
        + [(north, SKOS.altLabel, Literal(HOSTILE["ja"] + "alt", lang="ja"))]
        + says("ja-hostile", "harbour-investment", JV.Target, "ja", HOSTILE["ja"], quote=HOSTILE["ja"], at=3),
        HI_TWO: source(HI_TWO, "hi-hostile", HOSTILE["hi"], "hi", "2031-03-05")
        + [(summit, RDF.type, JV.Summit), (summit, RDFS.label, Literal(HOSTILE["hi"], lang="hi"))]
        + says("hi-hostile", "harbour-investment", JV.Target, "hi", HOSTILE["hi"], quote=HOSTILE["hi"], at=5),
    }
    base = build_dataset(TWO_SOURCES)
    dataset = with_languages(base, added)
    graphs: dict[str, list] = {}
    for quad in dataset.quads():  # and the English label of Northland
        if quad.graph_name.value == str(ONTOLOGY_IRI):
            continue
        triple = quad.triple
        if triple.subject.value == str(north) and triple.predicate.value == str(RDFS.label):
            o = triple.object
            if isinstance(o, ox.Literal) and o.language == "en":
                triple = ox.Triple(triple.subject, triple.predicate, ox.Literal(HOSTILE["en"], language="en"))
        graphs.setdefault(quad.graph_name.value, []).append(triple)
    return Dataset.from_graphs(graphs)


@pytest.fixture(scope="module")
def hostile():
    return hostile_dataset()


@pytest.mark.parametrize("make", [viewer_html, *PAGES.values()])
def test_labels_that_are_markup_stay_text_in_every_language(hostile, make):
    html = make(hostile)
    for text in HOSTILE.values():
        assert text not in html
    assert "<img" not in html and "<svg onload" not in html and "</script><script>window" not in html
    if make is viewer_html:
        data = payload_of(html)
        north = data["details"][str(JVD["northland"])]
        assert north["labels"]["ja"][0] == HOSTILE["ja"] and north["label"] == HOSTILE["en"]


# ------------------------------------------------------------ in a browser
needs_browser = pytest.mark.skipif(bool(_missing), reason=_missing or "")
JAPAN, MODI = str(JVD.japan), str(JVD["narendra-modi"])


class Preferring:
    """A browser whose pages prefer ``locale`` (``navigator.languages``), for :class:`Session`."""

    def __init__(self, chromium, locale: str) -> None:
        self.browser, self.locale = chromium, locale

    def new_context(self, **options):
        return self.browser.new_context(locale=self.locale, **options)


@pytest.fixture(scope="module")
def pages(article_ml, two_ml, tmp_path_factory) -> dict[str, Path]:
    """The map of the article with Japanese and Hindi names; the other pages of the two-source fixture with them."""
    folder = tmp_path_factory.mktemp("languages")
    made = {
        "jointvision.html": viewer_html(article_ml),
        "commitments.html": commitments_html(two_ml),
        "report.html": report_html(two_ml),
        "ontology.html": ontology_html(two_ml),
    }
    for name, html in made.items():
        (folder / name).write_text(html, encoding="utf-8")
    return {name: folder / name for name in made}


@pytest.fixture(scope="module")
def ml_map(browser, pages):  # noqa: F811 (the fixture of test_browser)
    session = Session(browser, pages["jointvision.html"])
    yield session
    session.close()


def choose(session: Session, tag: str) -> None:
    session.page.check(f"#jv-lang-{tag}")


def drawn_labels(session: Session) -> dict[str, str]:
    """The labels vis-network draws now, by node id (read back from its nodes)."""
    return {
        n["id"]: n["label"] for n in session.page.evaluate("jvViewer.nodes.get()") if n["label"] and n["label"].strip()
    }


@needs_browser
def test_the_map_opens_in_english_and_choosing_japanese_relabels_it(ml_map, article_ml):
    page = ml_map.page
    assert page.evaluate("jvViewer.language()") == "en" and page.is_checked("#jv-lang-en")
    labels = [page.inner_text(f"label:has(#jv-lang-{t})") for t in ("en", "hi", "ja")]
    assert [x.strip() for x in labels] == ["English", "हिन्दी (hi)", "日本語 (ja)"]
    before = drawn_labels(ml_map)
    assert before[JAPAN] == "Japan" and before[str(JVD["private-investment-10-trillion"])] == "JPY 10 trillion"
    choose(ml_map, "ja")
    try:
        after = drawn_labels(ml_map)
        assert after[JAPAN] == "日本" and after[str(JVD.india)] == "インド"
        assert after[str(JVD["private-investment-10-trillion"])] == "10兆円"
        assert page.inner_text("#jv-title") == "次の10年に向けた日印共同ビジョン"
        assert page.evaluate("location.hash") == "#lang=ja"
        assert "1. 次世代経済パートナーシップ" in page.inner_text("#jv-directions")
        page.evaluate(f"jvViewer.go({JAPAN!r})")
        heading = page.locator("#jv-detail-label")
        assert heading.inner_text() == "日本" and heading.get_attribute("lang") == "ja"
        also = page.locator("#jv-details .jv-also span[lang]")
        assert {(also.nth(i).inner_text(), also.nth(i).get_attribute("lang")) for i in range(also.count())} >= {
            ("Japan", "en"),
            ("जापान", "hi"),
            ("ジャパン", "ja"),
        }
        quotes = page.locator("#jv-details blockquote")
        assert {quotes.nth(i).get_attribute("lang") for i in range(quotes.count())} == {"en", "ja", "hi"}
        choose(ml_map, "hi")
        assert drawn_labels(ml_map)[JAPAN] == "जापान"
        assert page.locator("#jv-detail-label").get_attribute("lang") == "hi"
    finally:
        choose(ml_map, "en")
    assert drawn_labels(ml_map)[JAPAN] == "Japan"
    assert ml_map.errors == [] and ml_map.blocked == [] and ml_map.failed == []


@needs_browser
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("日本", JAPAN),
        ("ジャパン", JAPAN),  # an alternative label
        ("ｼﾞｬﾊﾟﾝ", JAPAN),  # half-width katakana
        ("日本国", JAPAN),
        ("जापान", JAPAN),
        ("モディ", MODI),
        ("ナレンドラ モディ", MODI),  # a space for the middle dot
        ("ナレンドラモディ", MODI),  # no middle dot at all
        ("नरेन्द्र", MODI),
        ("石破茂", str(JVD["ishiba-shigeru"])),
        ("石破 茂", str(JVD["ishiba-shigeru"])),
        ("10兆円", str(JVD["private-investment-10-trillion"])),
        ("１０兆円", str(JVD["private-investment-10-trillion"])),  # full-width digits
        ("5 लाख", str(JVD["personnel-exchange-500000"])),
        ("IJICP", str(JVD["india-japan-industrial-competitiveness-partnership"])),  # an abbreviation
        ("ijicp", str(JVD["india-japan-industrial-competitiveness-partnership"])),
        ("ＩＪＩＣＰ", str(JVD["india-japan-industrial-competitiveness-partnership"])),  # full-width Latin
        ("ＵＨＣ", str(JVD["universal-health-coverage"])),
        ("JAPAN", JAPAN),
    ],
)
def test_search_finds_every_name_in_every_language(ml_map, query, expected):
    page = ml_map.page
    page.click("#jv-reset")
    page.fill("#jv-search", query)
    page.press("#jv-search", "Enter")
    if page.is_hidden("#jv-details"):  # several matches: the list of them names it
        assert expected in page.evaluate("(q) => jvViewer.matches(q)", query)
    else:
        assert page.get_attribute("#jv-details", "data-node") == expected
    page.click("#jv-reset")


@needs_browser
def test_the_details_say_sources_disagree_only_where_the_conflicts_query_does(browser, two_ml, tmp_path):  # noqa: F811
    path = tmp_path / "jointvision.html"
    path.write_text(viewer_html(two_ml), encoding="utf-8")
    session = Session(browser, path)
    try:
        page = session.page
        expected = disagreements(two_ml)
        for node in (JVD["harbour-investment"], JVD["ada-quill"], JVD["northland"], JVD["first-ns-summit"]):
            page.evaluate(f"jvViewer.show({str(node)!r})")
            flagged = page.evaluate(
                "Array.from(document.querySelectorAll('#jv-details tr.jv-conflict th'))"
                ".map(th => th.textContent.replace(/^period: /, ''))"
            )
            assert set(flagged) == {row[0] for row in expected.get(str(node), [])}, node
            panel = page.inner_text("#jv-details")
            assert ("Where sources disagree" in panel) == (str(node) in expected)
        assert session.errors == [] and session.blocked == []
    finally:
        session.close()


@needs_browser
def test_the_address_and_the_browsers_language_choose_the_first_one(browser, pages):  # noqa: F811
    for opened, locale, expected in (("#lang=hi", "en-US", "hi"), ("", "ja-JP", "ja"), ("", "fr-FR", "en")):
        session = Session(Preferring(browser, locale), pages["jointvision.html"], fragment=opened)
        try:
            assert session.page.evaluate("jvViewer.language()") == expected
            assert session.page.is_checked(f"#jv-lang-{expected}")
            assert session.errors == []
        finally:
            session.close()
    session = Session(Preferring(browser, "ja-JP"), pages["commitments.html"], wait_for_map=False)
    try:
        assert session.page.is_checked("#jv-lang-ja")
        assert session.page.locator("td >> text=ノースランドからサウスランドへの港湾投資").first.is_visible()
    finally:
        session.close()


def visible_names(session: Session) -> set[tuple[str, str]]:
    """The texts of the page's language spans that show now, with their lang."""
    return {
        (e[0], e[1])
        for e in session.page.evaluate(
            "Array.from(document.querySelectorAll('.l10n')).filter(e => e.getClientRects().length)"
            ".map(e => [e.textContent, e.lang])"
        )
    }


@needs_browser
@pytest.mark.parametrize("name", ["commitments.html", "report.html", "ontology.html"])
def test_a_static_page_shows_the_language_chosen(browser, pages, name):  # noqa: F811
    session = Session(browser, pages[name], wait_for_map=False)
    try:
        first = visible_names(session)
        assert ("Northland", "en") in first and not any(lang in ("ja", "hi") for _, lang in first)
        choose(session, "ja")
        chosen = visible_names(session)
        assert ("ノースランド", "ja") in chosen and ("Northland", "en") not in chosen
        if name != "ontology.html":
            choose(session, "hi")
            assert ("नॉर्थलैंड", "hi") in visible_names(session)
        assert session.errors == [] and session.blocked == [] and session.failed == []
    finally:
        session.close()


@needs_browser
def test_the_report_reads_in_english_with_no_script_and_prints_the_choice(browser, pages):  # noqa: F811
    from playwright.sync_api import sync_playwright  # noqa: F401 (the report runs no script at all)

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(pages["report.html"].resolve().as_uri())
        assert page.locator(".l10n-en >> text=Northland").first.is_visible()
        assert not page.locator(".l10n-ja >> text=ノースランド").first.is_visible()
        page.check("#jv-lang-ja")
        assert page.locator(".l10n-ja >> text=ノースランド").first.is_visible()
    finally:
        context.close()


@needs_browser
@pytest.mark.parametrize("name", ["jointvision.html", "commitments.html", "report.html", "ontology.html"])
def test_each_page_with_japanese_chosen_is_axe_clean(browser, pages, name):  # noqa: F811
    axe = _axe_source()
    session = Session(browser, pages[name], wait_for_map=name == "jointvision.html", bypass_csp=True)
    try:
        choose(session, "ja")
        if name == "jointvision.html":
            session.page.evaluate(f"jvViewer.go({JAPAN!r})")
        session.page.add_script_tag(content=axe)
        found = session.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
        )
        assert session.errors == [] and session.blocked == []
    finally:
        session.close()
    assert [v for v in found if v["impact"] in ("serious", "critical")] == []


@needs_browser
@pytest.mark.parametrize("language", ["en", "ja", "hi"])
def test_hostile_labels_stay_inert_in_every_language(browser, hostile, tmp_path, language):  # noqa: F811
    for name, make in (("jointvision.html", viewer_html), *((f"{n}.html", m) for n, m in PAGES.items())):
        path = tmp_path / name
        path.write_text(make(hostile), encoding="utf-8")
        session = Session(browser, path, wait_for_map=name == "jointvision.html")
        try:
            page = session.page
            choose(session, language)
            if name == "jointvision.html":
                page.evaluate(f"jvViewer.go({str(JVD['northland'])!r})")
                page.evaluate(f"jvViewer.go({str(JVD['harbour-investment'])!r})")
                page.fill("#jv-search", HOSTILE[language])
                page.press("#jv-search", "Enter")
            assert page.evaluate("window.__xss") is None
            assert page.evaluate("document.querySelectorAll('img, svg[onload], iframe').length") == 0
            assert session.dialogs == [] and session.errors == [] and session.blocked == []
        finally:
            session.close()


@needs_browser
def test_screenshots_of_the_map_in_english_and_in_japanese(ml_map):
    """docs/map-en.png and docs/map-ja.png (copied from the artifacts): the article with Japanese names."""
    page = ml_map.page
    page.click("#jv-reset")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-en.png"))
    choose(ml_map, "ja")
    try:
        page.screenshot(path=str(ARTIFACTS / "map-ja.png"))
    finally:
        choose(ml_map, "en")
    assert (ARTIFACTS / "map-ja.png").stat().st_size > 20_000
    assert (ROOT / "docs").is_dir()
