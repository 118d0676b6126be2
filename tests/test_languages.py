"""Language-tagged literals (docs/source-format.md, "Languages"): every text
a source states (label, alternative label, title, stated_as, quote,
editorial note) carries the source's language, or the one its fact file
names for it, in every download; an entity has at most one label per
language; texts in other languages are never conflicts; the forms a
curator may get wrong are refused with file, line and field.

The fact files and texts here, and the fixture tests/data/languages (a
Japanese and a Hindi retelling of tests/data/two-sources), are invented.
Counts are derived from the data, never written down."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset as RdflibDataset
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from answers import assert_same_answers
from conftest import ARTICLE_ID, FACT_FILE, ROOT, TWO_SOURCES
from factories import make_source
from jointvision.cli import main
from jointvision.rdf.build import build_dataset, text_term
from jointvision.rdf.dataset import Dataset
from jointvision.rdf.namespaces import GRAPHS, JV, JVD, ONTOLOGY_IRI, source_graph_iri
from jointvision.rdf.serializers import serialize
from jointvision.rdf.validate import validate_graph
from jointvision.source.kinds import Text, language_tag
from jointvision.source.loader import load_sources, possible_duplicates
from jointvision.sparql.engine import QueryEngine
from jointvision.sparql.named import named_queries
from jointvision.sparql.results import from_json
from test_portable_queries import (
    NAMES,
    RUNNER,
    jena_answers,
    jena_classpath,  # noqa: F401 (a fixture: Jena ARQ, skipped where absent)
    preference,
    preferred_only,
    union_default_trig,
    with_translations,
)

LANGUAGES = ROOT / "tests" / "data" / "languages"
#: The predicates whose objects are texts in a language.
TEXT_PREDICATES = {str(p) for p in (RDFS.label, SKOS.altLabel, JV.title, JV.statedAs, JV.quote, SKOS.editorialNote)}
#: The keys of fact-file fields that hold texts (the mapping form names their language).
TEXT_FIELDS = {"label", "title", "stated_as", "editorial_note"}
DOWNLOADS = ["trig", "nquads", "turtle", "jsonld", "nt"]
PARSERS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
}


@pytest.fixture(scope="module")
def fixture():
    """The two English sources with their Japanese and Hindi retellings."""
    return build_dataset([TWO_SOURCES, LANGUAGES])


@pytest.fixture(scope="module")
def article_data():
    return build_dataset(FACT_FILE)


@pytest.fixture(scope="module")
def tracking_data():
    """The invented tracking fixture (statuses, progress, assessments)."""
    return build_dataset(ROOT / "tests" / "data" / "tracking")


@pytest.fixture(scope="module")
def translated(article_data):
    """The article with invented labels in other languages, half of its nodes without the English one."""
    return with_translations(article_data, replace_english=True)


@pytest.fixture(scope="module")
def translated_fixture(fixture):
    """The fixture and its retellings with invented labels besides, half of its nodes without English."""
    return with_translations(fixture, replace_english=True)


@pytest.fixture(scope="module")
def translated_tracking(tracking_data):
    """The tracking fixture with invented labels and figures in other languages, half without English."""
    return with_translations(tracking_data, replace_english=True)


def _fact_files(data: str) -> list[Path]:
    return [FACT_FILE] if data == "article" else sorted([*TWO_SOURCES.glob("*.yaml"), *LANGUAGES.glob("*.yaml")])


def _named(obj, key: str | None = None):
    """Every (text, tag) a fact file writes in the mapping form, walking its YAML."""
    if isinstance(obj, dict):
        for name, value in obj.items():
            if name in TEXT_FIELDS and isinstance(value, dict):
                yield from ((str(text), tag.lower()) for tag, text in value.items())
            else:
                yield from _named(value, name)
    elif isinstance(obj, list):
        for item in obj:
            yield from _named(item, key)


def declared(data: str) -> tuple[dict[str, str | None], set[tuple[str, str]]]:
    """From the fact files themselves (not the builder): each source graph's
    declared language, and the texts written in another language by name."""
    languages, named = {}, set()
    for path in _fact_files(data):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        source = doc["source"]
        languages[str(source_graph_iri(source["id"]))] = source.get("language")
        named |= set(_named(doc))
    return languages, named


def _text_literals(quads) -> list:
    return [q for q in quads if q.predicate.value in TEXT_PREDICATES and isinstance(q.object, ox.Literal)]


def _parsed(data: bytes, fmt: str) -> list:
    return list(ox.parse(data, format=PARSERS[fmt]))


# ------------------------------------------------------------ every download
@pytest.mark.parametrize("fmt", DOWNLOADS)
@pytest.mark.parametrize("data", ["article", "fixture"])
def test_every_text_carries_its_language_in_every_download(request, data, fmt):
    dataset = request.getfixturevalue("article_data" if data == "article" else "fixture")
    languages, named = declared(data)
    per_graph = _text_literals(q for q in dataset.quads() if q.graph_name.value in languages)
    assert per_graph, "the data states texts"
    for quad in per_graph:  # the source's language, or the one the fact file names for that text
        text = quad.object
        assert text.language == languages[quad.graph_name.value] or (text.value, text.language) in named, quad
    download = _parsed(serialize(dataset, fmt), fmt)
    found = _text_literals(download)
    assert all(q.object.language for q in found), [q for q in found if not q.object.language][:3]
    if fmt in ("trig", "nquads"):  # the dataset: each graph's texts as built
        source_graphs = [q for q in found if q.graph_name.value in languages]
        assert {(q.graph_name.value, str(q.triple)) for q in source_graphs} == {
            (q.graph_name.value, str(q.triple)) for q in per_graph
        }
    else:  # the merged graph: the union of the sources' texts
        assert {str(q.triple) for q in found} == {str(q.triple) for q in per_graph}
    if data == "article":
        assert {q.object.language for q in found} == {"en"}


@pytest.mark.parametrize("data", ["article", "fixture"])
def test_json_ld_writes_each_text_with_its_language(request, data):
    dataset = request.getfixturevalue("article_data" if data == "article" else "fixture")
    doc = json.loads(serialize(dataset, "jsonld"))
    keys = {"rdfs:label", "skos:altLabel", "jv:title", "jv:statedAs", "jv:quote", "skos:editorialNote"}
    values = [
        value
        for node in doc["@graph"]
        for key in keys & set(node)
        for value in (node[key] if isinstance(node[key], list) else [node[key]])
    ]
    merged = _text_literals(_parsed(serialize(dataset, "nt"), "nt"))
    assert len(values) == len(merged)
    assert all(set(value) == {"@value", "@language"} for value in values), values[:3]


def test_the_ontology_s_own_labels_and_comments_carry_their_language(article_data):
    ontology = [q for q in article_data.quads(str(ONTOLOGY_IRI)) if isinstance(q.object, ox.Literal)]
    described = [q for q in ontology if q.predicate.value in (str(RDFS.label), str(RDFS.comment))]
    assert described and all(q.object.language == "en" for q in described)


# ------------------------------------------------------------ the article: only the tags changed
def test_the_article_without_its_language_is_the_same_graph_untagged(article_data, tmp_path):
    """A source without ``language:`` states plain strings, as before; with
    it, the same statements, each text tagged: nothing else, no IRI, moves."""
    folder = tmp_path / "data"
    folder.mkdir()
    text = FACT_FILE.read_text(encoding="utf-8")
    assert text.count("\n  language: en\n") == 1
    (folder / FACT_FILE.name).write_text(text.replace("\n  language: en\n", "\n"), encoding="utf-8")
    (folder / FACT_FILE.with_suffix(".txt").name).write_bytes(FACT_FILE.with_suffix(".txt").read_bytes())
    plain = build_dataset(folder)
    graph = str(source_graph_iri(ARTICLE_ID))
    tagged_lines = serialize(article_data, "nquads").decode().splitlines()
    plain_lines = set(serialize(plain, "nquads").decode().splitlines())
    tagged = [line for line in tagged_lines if line.endswith(f"<{graph}> .")]
    language = [line for line in tagged if f"<{JV.language}>" in line]
    assert len(language) == 1
    stripped = {re.sub(r'"@en (<[^>]*> \.)$', r'" \1', line) for line in tagged if line not in language}
    assert stripped == {line for line in plain_lines if line.endswith(f"<{graph}> .")}
    assert sum('"@en <' in line for line in tagged) == len(_text_literals(article_data.quads(graph)))
    assert {q.object.language for q in _text_literals(plain.quads(graph))} == {None}


def test_other_sources_graphs_and_iris_do_not_change_when_the_translations_are_added(two_sources, fixture):
    for graph in two_sources.source_graphs():
        assert {str(q) for q in fixture.quads(graph)} == {str(q) for q in two_sources.quads(graph)}, graph
    # the Japanese and Hindi figures share the English sources' quantity nodes: their words are no part of the name
    stated = {
        q.graph_name.value.rsplit("/", 1)[1]: q.subject.value
        for q in fixture.quads()
        if q.predicate.value == str(JV.statedAs) and q.subject.value.startswith(str(JVD["harbour-investment_"]))
    }
    assert (
        stated["northland-communique-ja"] == stated["northland-communique"] == str(JVD["harbour-investment_quantity"])
    )
    assert stated["southland-report-hi"] == stated["southland-gazette-report"] != stated["northland-communique"]


# ------------------------------------------------------------ labels per language
TEXT = "INVENTED TEST TEXT. Japan (日本, जापान) signed the Harbour Accord, 港湾協定, for NLD 2 billion."


def _quote(words: str) -> dict:
    start = TEXT.index(words)
    return {"quote": words, "start": start, "end": start + len(words)}


def _labels(dataset, node: str, predicate=RDFS.label) -> set[tuple[str, str]]:
    return {
        (q.object.value, q.object.language)
        for q in dataset.quads()
        if q.subject.value == str(JVD[node]) and q.predicate.value == str(predicate)
    }


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Japan", {("Japan", "en")}),  # the source's language
        ({"en": "Japan", "ja": "日本", "hi": "जापान"}, {("Japan", "en"), ("日本", "ja"), ("जापान", "hi")}),
        ({"ja": "日本"}, {("日本", "ja")}),  # another language than the source's, by name
        ({"zh-Hant-TW": "日本"}, {("日本", "zh-hant-tw")}),  # written in lower case, as stores keep it
    ],
)
def test_an_entity_takes_a_label_per_language(tmp_path, label, expected):
    entity = {"id": "japan", "type": "Country", "label": label, "evidence": [_quote("Japan")]}
    make_source(tmp_path, TEXT, [entity], metadata={"language": "en"}, version=4)
    dataset = build_dataset(tmp_path)
    assert _labels(dataset, "japan") == expected
    assert validate_graph(dataset.to_rdflib()).conforms


def test_about_labels_are_alternative_labels_in_their_language(tmp_path):
    make_source(
        tmp_path,
        TEXT,
        [{"id": "japan", "type": "Country", "label": {"en": "Japan", "ja": "日本"}, "evidence": [_quote("Japan")]}],
        source_id="first",
        metadata={"language": "en"},
        version=4,
    )
    entry = {"about": "japan", "type": "Country", "label": {"ja": "日本", "hi": "जापान"}, "evidence": [_quote("日本")]}
    make_source(tmp_path, TEXT, [entry], source_id="second", metadata={"language": "ja"}, version=4)
    dataset = build_dataset(tmp_path)
    assert _labels(dataset, "japan") == {("Japan", "en"), ("日本", "ja")}
    # 日本 in Japanese the entity has already; the Hindi name is the second source's alternative label
    assert _labels(dataset, "japan", SKOS.altLabel) == {("जापान", "hi")}


def test_a_quote_or_a_stated_as_may_name_its_own_language(tmp_path):
    target = {
        "id": "accord-investment",
        "type": "Target",
        "label": "投資目標",
        "value": 2000000000,
        "unit": "nld",
        "bound": "exact",
        "stated_as": {"en": "NLD 2 billion"},
        "evidence": [{**_quote("the Harbour Accord, 港湾協定, for NLD 2 billion"), "language": "en"}],
    }
    nld = {
        "id": "nld",
        "type": "Currency",
        "label": "ノースランド・ドル",
        "iso4217": "NLD",
        "evidence": [_quote("NLD")],
    }
    make_source(tmp_path, TEXT, [target, nld], metadata={"language": "ja"}, version=4)
    dataset = build_dataset(tmp_path)
    texts = {
        (q.predicate.value.rsplit("#", 1)[1], q.object.value, q.object.language)
        for q in _text_literals(dataset.quads())
        if q.graph_name.value.endswith("/test-source")
    }
    assert ("statedAs", "NLD 2 billion", "en") in texts and ("label", "投資目標", "ja") in texts
    assert {lang for name, _, lang in texts if name == "quote"} == {"en", "ja"}


@pytest.mark.parametrize(("second", "warned"), [({"en": "Tokyo"}, True), ({"de": "Tokyo"}, False), ("TOKYO", True)])
def test_a_likely_duplicate_is_one_with_a_label_in_the_same_language(tmp_path, second, warned):
    text = "INVENTED TEST TEXT. Tokyo, and Tokyo again."
    first = {"id": "tokyo", "type": "City", "label": "Tokyo", "evidence": ["Tokyo"]}
    make_source(tmp_path, text, [first], source_id="first", metadata={"language": "en"}, version=4)
    other = {"id": "tokyo-again", "type": "City", "label": second, "evidence": ["Tokyo again"]}
    make_source(tmp_path, text, [other], source_id="second", metadata={"language": "en"}, version=4)
    assert bool(possible_duplicates(load_sources(tmp_path))) is warned


# ------------------------------------------------------------ at most one label per language (SHACL)
SHAPE_DATA = """
@prefix jv: <https://w3id.org/jointvision/ontology#> .
@prefix jvd: <https://w3id.org/jointvision/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
jvd:src a jv:Source ; rdfs:label "An invented source"@en ; jv:fileName "a.txt" ;
    jv:sha256 "69b27e0cd5d360e49c46211a9fef9aa73ee1a29fe2ee83594e414c395249a6e0" ;
    jv:characterCount "100"^^xsd:integer .
jvd:src_0-5 a jv:Evidence ; jv:quote "Japan"@en ; jv:start "0"^^xsd:integer ; jv:end "5"^^xsd:integer ;
    jv:inSource jvd:src .
jvd:japan a jv:Country ; rdfs:label {labels} ; jv:evidence jvd:src_0-5 .
jvd:accord a jv:Agreement ; rdfs:label "Accord"@en ; jv:title {titles} ; jv:evidence jvd:src_0-5 .
"""


@pytest.mark.parametrize(
    ("labels", "titles", "violation", "warning"),
    [
        ('"Japan"@en , "日本"@ja , "जापान"@hi', '"Accord"@en , "協定"@ja', None, None),
        ('"Japan"@en , "Japan"', '"Accord"', None, None),  # one without a language beside one with
        ('"日本"@ja , "日本国"@ja', '"Accord"@en', "two rdfs:labels in one language", None),
        ('"Japan" , "Nippon"', '"Accord"@en', "two rdfs:labels without a language", None),
        ('"Japan"@en', '"Accord"@en , "The Accord"@en', None, "two titles in one language"),
        ('"Japan"@en', '"Accord" , "The Accord"', None, "two titles without a language"),
        ('"5"^^xsd:integer', '"Accord"@en', "needs a non-empty rdfs:label", None),
    ],
)
def test_the_shapes_allow_one_label_per_language(labels, titles, violation, warning):
    report = validate_graph(Graph().parse(data=SHAPE_DATA.format(labels=labels, titles=titles), format="turtle"))
    assert report.conforms == (violation is None)
    for expected, found in ((violation, report.violations), (warning, report.warnings)):
        messages = [result.message for result in found]
        assert (messages == []) if expected is None else (messages and all(expected in m for m in messages)), messages


def test_the_fixture_conforms(fixture):
    report = validate_graph(fixture.to_rdflib())
    assert report.conforms, [str(v) for v in report.violations]


# ------------------------------------------------------------ refused forms
SOURCE = """# Test fixture: invented facts of an invented text.
format: jointvision-source/{version}
source:
  id: lang-test
  label: Invented source for the language tests
  text: lang-test.txt
  sha256: {sha}
  language: en
entities:
- id: japan
  type: Country
{entry}
  evidence:
  - quote: Japan
    start: {start}
    end: {end}
"""
START = TEXT.index("Japan")


def write(folder: Path, entry: str, version: int = 4) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lang-test.txt").write_text(TEXT, encoding="utf-8")
    sha = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    path = folder / "lang-test.yaml"
    path.write_text(SOURCE.format(version=version, sha=sha, entry=entry, start=START, end=START + 5), encoding="utf-8")
    return path


REFUSED = [
    (
        "text-ending-in-a-tag",
        "  label: 日本@ja",
        4,
        "12",
        "entities[0] (id: japan).label",
        "'日本@ja' ends in '@ja', which would be stored as part of the text: give the language as a mapping "
        "of language to text, {ja: 日本} (format: jointvision-source/4)",
    ),
    (
        "text-ending-in-a-tag-in-version-3",
        "  label: Japan@en-GB",
        3,
        "12",
        "entities[0] (id: japan).label",
        "ends in '@en-GB', which would be stored as part of the text",
    ),
    (
        "turtle-s-form",
        '  label: "日本"@ja',
        4,
        "12",
        "",
        "malformed YAML: found character that cannot start any token (a language tag after a quoted text, "
        '"日本"@ja, is not YAML: give the language as a mapping of language to text, {ja: 日本}',
    ),
    (
        "two-texts-in-one-language",
        "  label: {ja: 日本, JA: 日本国}",
        4,
        "12",
        "entities[0] (id: japan).label.JA",
        "a second text in the language ja (line 12): at most one per language",
    ),
    (
        "a-tag-that-is-not-bcp-47",
        "  label: {en_GB: Japan}",
        4,
        "12",
        "entities[0] (id: japan).label.en_GB",
        "must be a BCP 47 language tag such as en, ja or hi, got 'en_GB'",
    ),
    ("empty-mapping", "  label: {}", 4, "12", "entities[0] (id: japan).label", "the mapping is empty"),
    (
        "a-list-in-a-language",
        "  label: {ja: [日本, 日本国]}",
        4,
        "12",
        "entities[0] (id: japan).label.ja",
        "expected a single value, not a list or mapping",
    ),
    (
        "the-mapping-form-in-version-3",
        "  label: {ja: 日本}",
        3,
        "12",
        "entities[0] (id: japan).label",
        "a text in a named language (a mapping of language to text) needs format: jointvision-source/4 "
        "(this file declares jointvision-source/3)",
    ),
    (
        "an-empty-text",
        "  label: {ja: ''}",
        4,
        "12",
        "entities[0] (id: japan).label.ja",
        "must not be empty",
    ),
]


@pytest.mark.parametrize(
    ("entry", "version", "line", "field", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_a_wrong_text_is_refused_with_file_line_field_and_exit_2(tmp_path, entry, version, line, field, message):
    path = write(tmp_path / "data", entry, version)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(path.parent), "--out", str(out)])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.output
    assert errors[0].startswith(f"error: {path}:{line}: {field + ': ' if field else ''}"), errors[0]
    assert message in errors[0]
    assert not out.exists()


NLD, BILLION = TEXT.index("NLD"), TEXT.index("NLD 2 billion")
STATED = f"""- id: nld
  type: Currency
  label: Northland dollar
  iso4217: NLD
  evidence:
  - quote: NLD
    start: {NLD}
    end: {NLD + 3}
- id: accord-investment
  type: Target
  label: Investment under the Harbour Accord
  value: 2000000000
  unit: nld
  bound: exact
{{stated}}
  evidence:
  - quote: NLD 2 billion
    start: {BILLION}
    end: {BILLION + 13}
{{quote_language}}"""


@pytest.mark.parametrize(
    ("stated", "quote_language", "version", "line", "message"),
    [
        (
            "  stated_as: {en: NLD 2 billion, ja: 20億ノースランド・ドル}",
            "",
            4,
            "31: entities[2] (id: accord-investment).stated_as",
            "takes one text, in the one language the source states it in",
        ),
        (
            "  stated_as: NLD 2 billion",
            "    language: en_",
            4,
            "36: entities[2] (id: accord-investment).evidence[0].language",
            "must be a BCP 47 language tag such as en, ja or hi, got 'en_'",
        ),
        (
            "  stated_as: NLD 2 billion",
            "    language: en",
            3,
            "36: entities[2] (id: accord-investment).evidence[0].language",
            "a quote's language needs format: jointvision-source/4 (this file declares jointvision-source/3)",
        ),
    ],
)
def test_a_stated_as_takes_one_text_and_a_quote_a_well_formed_tag(
    tmp_path, stated, quote_language, version, line, message
):
    folder = tmp_path / "data"
    path = write(folder, "  label: Japan", version)
    path.write_text(
        path.read_text(encoding="utf-8") + STATED.format(stated=stated, quote_language=quote_language), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[0] == f"error: {path}:{line}: {message}", result.output


def test_a_passage_quoted_in_two_languages_is_refused(tmp_path):
    quote = _quote("Japan")
    entities = [
        {"id": "japan", "type": "Country", "label": "Japan", "evidence": [quote]},
        {"id": "japan-again", "type": "Country", "label": "Japan again", "evidence": [{**quote, "language": "ja"}]},
    ]
    make_source(tmp_path, TEXT, entities, metadata={"language": "en"}, version=4)
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 2 and "a passage has one language" in result.output, result.output


# ------------------------------------------------------------ versions 1 to 3 still read
@pytest.mark.parametrize(
    ("version", "metadata", "language"),
    [(1, None, None), (2, None, None), (2, {"language": "en"}, "en"), (3, {"language": "hi"}, "hi"), (4, None, None)],
)
def test_every_version_reads_its_texts_in_the_language_it_declares(tmp_path, version, metadata, language):
    entity = {"id": "japan", "type": "Country", "label": "Japan", "editorial_note": "A note.", "evidence": ["Japan"]}
    make_source(tmp_path, TEXT, [entity], metadata=metadata, version=version)
    (src,) = load_sources(tmp_path)
    assert src.version == version and src.entities[0].values["label"][0].value == Text("Japan", language)
    texts = _text_literals(build_dataset(tmp_path).quads(str(source_graph_iri("test-source"))))
    assert len(texts) == 4  # the source's name, the label, the note and the quote
    assert {q.object.language for q in texts} == {language}


# ------------------------------------------------------------ conflicts understand languages
ACCORD = "INVENTED TEST TEXT. The Harbour Accord was adopted."


@pytest.mark.parametrize(
    ("language", "title", "conflict"),
    [
        ("ja", "港湾協定", False),  # a translation
        ("en", "Harbour Accord", False),  # agreement
        ("en", "Harbour Treaty", True),  # the same language, different words
        ("ja", {"en": "Harbour Treaty"}, True),  # English, by name, in a Japanese source
        ("hi", {"hi": "हार्बर समझौता", "en": "Harbour Accord"}, False),  # a translation and agreement
        (None, "Harbour Treaty", False),  # no language against English: not compared
    ],
)
def test_conflicts_compare_titles_in_the_same_language_only(tmp_path, language, title, conflict):
    accord = {
        "id": "accord",
        "type": "Agreement",
        "label": "Harbour Accord",
        "title": "Harbour Accord",
        "evidence": ["The Harbour Accord"],
    }
    make_source(tmp_path, ACCORD, [accord], source_id="first", metadata={"language": "en"}, version=4)
    about = {"about": "accord", "type": "Agreement", "title": title, "evidence": ["Harbour Accord was adopted"]}
    make_source(
        tmp_path, ACCORD, [about], source_id="second", metadata={"language": language} if language else None, version=4
    )
    rows = QueryEngine(build_dataset(tmp_path)).query("conflicts").rows
    assert [str(row[2]) for row in rows] == (["title"] if conflict else [])
    if conflict:
        assert {str(row[4]) for row in rows} | {str(row[7]) for row in rows} == {"Harbour Accord", "Harbour Treaty"}


def test_the_fixture_has_no_conflict_that_is_only_a_difference_of_language(fixture, two_sources):
    found = QueryEngine(fixture).query("conflicts")
    at = {name: i for i, name in enumerate(found.variables)}
    rows = [{name: str(row[i]) for name, i in at.items()} for row in found.rows]
    # the titles of the Harbour Compact, one in Japanese and one in Hindi, are there and not in conflict
    titles = {(q.object.value, q.object.language) for q in fixture.quads() if q.predicate.value == str(JV.title)}
    assert {lang for _, lang in titles} == {"ja", "hi"}
    assert rows and not any(row["field"] == "title" for row in rows)
    assert all(row["value1"] != row["value2"] for row in rows)
    # what differs across languages is still found: the summit's date, Japanese against Hindi
    sources = {(row["source1"], row["source2"]) for row in rows if row["field"] == "start date"}
    assert any("Japanese" in a + b and "Hindi" in a + b for a, b in sources), sources
    # and what the English sources disagree on, as before
    before = {(str(r[0]), str(r[2])) for r in QueryEngine(two_sources).query("conflicts").rows}
    assert before <= {(row["entity"], row["field"]) for row in rows}
    # one row per pair of sources and field: an entity with labels in several languages is shown by one
    assert len({(r["entity"], r["field"], r["source1"], r["source2"]) for r in rows}) == len(rows)


def test_build_and_conflicts_run_on_the_fixture(tmp_path):
    data = ["--data", str(TWO_SOURCES), "--data", str(LANGUAGES)]
    built = CliRunner().invoke(main, ["build", *data, "--out", str(tmp_path / "x")])
    assert built.exit_code == 0, built.output
    assert '"@ja' in (tmp_path / "x" / "jointvision.nt").read_text(encoding="utf-8")
    listed = CliRunner().invoke(main, ["conflicts", *data, "--format", "csv"])
    assert listed.exit_code == 0 and "港湾協定" not in listed.output, listed.output


# ------------------------------------------------------------ every named query: a node once, by its preferred label
QUERIES = sorted(named_queries())
#: Data whose nodes have labels in several languages: the fixture's own, and invented ones beside and in
#: place of the English labels (and figures) of the article, the fixture and the tracking fixture.
MULTILINGUAL = ["fixture", "translated", "translated_fixture", "translated_tracking"]
#: Data derived from the fixtures above, made once per module.
_DERIVED: dict[str, Dataset] = {}


def _rows(result) -> list[tuple[str | None, ...]]:
    return [tuple(None if term is None else str(term) for term in row) for row in result.rows]


def _texts(dataset) -> dict[tuple[str, str], list[ox.Literal]]:
    """Each (node, predicate) of the labels and figures (stated_as), with its texts."""
    found: dict[tuple[str, str], list[ox.Literal]] = {}
    for q in dataset.quads():
        if q.predicate.value in NAMES and isinstance(q.object, ox.Literal):
            found.setdefault((q.subject.value, q.predicate.value), []).append(q.object)
    return found


def _preferred_labels(dataset) -> dict[str, str]:
    """Each node's preferred label, as the named queries are to name it."""
    texts = _texts(dataset)
    return {node: min(found, key=preference).value for (node, p), found in texts.items() if p == str(RDFS.label)}


def _subjects(dataset, predicate, obj=None) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for q in dataset.quads():
        if q.predicate.value == str(predicate) and (obj is None or q.object.value == str(obj)):
            found.setdefault(q.subject.value, set()).add(q.object.value)
    return found


@pytest.mark.parametrize("data", MULTILINGUAL)
def test_the_data_names_nodes_in_several_languages(request, data):
    """What the tests below rest on: nodes with labels in more than one
    language, and in the invented data every kind of preferred one."""
    several = [texts for texts in _texts(request.getfixturevalue(data)).values() if len(texts) > 1]
    assert several
    kinds = {min(map(preference, texts))[:2] for texts in several}  # (not English, with a language)
    assert (False, True) in kinds  # English, beside others
    if data != "fixture":
        assert kinds == {(False, True), (True, False), (True, True)}  # English; none; the least tag


@pytest.mark.parametrize("name", QUERIES)
@pytest.mark.parametrize("data", MULTILINGUAL)
def test_a_named_query_names_each_node_once_by_its_preferred_label(request, data, name):
    """Labels in several languages add no row to any named query, and each
    node is named in one language: the answer is the one on the same data
    with each node's preferred label only (English, else one without a
    language, else the one of the least tag), and a figure's preferred words."""
    dataset = request.getfixturevalue(data)
    key = f"{data}, preferred labels only"
    if key not in _DERIVED:
        _DERIVED[key] = preferred_only(dataset)
    query = named_queries()[name].text
    found = _rows(QueryEngine(dataset).query(query))
    alone = _rows(QueryEngine(_DERIVED[key]).query(query))
    assert Counter(found) == Counter(alone)


@pytest.mark.parametrize("data", MULTILINGUAL)
def test_statuses_sources_and_targets_are_listed_once_each_by_their_preferred_labels(request, data):
    """One row per commitment's status, per source and per target quantity
    and direction, each named by its preferred label: counted in the graph."""
    dataset = request.getfixturevalue(data)
    engine, labels = QueryEngine(dataset), _preferred_labels(dataset)
    statuses = {c for objs in _subjects(dataset, JV.statusOf).values() for c in objs}
    found = {(str(row[0]), str(row[1])) for row in engine.query("status").rows}
    assert len(engine.query("status").rows) == len(statuses) and found == {(c, labels[c]) for c in statuses}
    sources = _subjects(dataset, RDF.type, JV.Source)
    assert sorted(str(row[0]) for row in engine.query("sources").rows) == sorted(labels[s] for s in sources)
    quantities, numeric = _subjects(dataset, JV.quantity), _subjects(dataset, JV.numericValue)
    directions = _subjects(dataset, JV.underDirection)
    expected = Counter(
        labels[t]
        for t in _subjects(dataset, RDF.type, JV.Target)
        for q in quantities.get(t, ())
        if q in numeric
        for _ in directions.get(t) or [None]
    )
    assert Counter(str(row[0]) for row in engine.query("targets").rows) == expected


@pytest.mark.parametrize("name", QUERIES)
@pytest.mark.parametrize("data", ["article_data", "tracking_data", "fixture"])
def test_labels_in_other_languages_beside_the_english_one_change_no_answer(request, data, name):
    """An English reader sees what they saw: labels and figures in other
    languages (and without one) beside each English one change no named
    query's answer, term for term and row for row."""
    dataset = request.getfixturevalue(data)
    key = f"{data} with translations"
    if key not in _DERIVED:
        _DERIVED[key] = with_translations(dataset, replace_english=False)
    query = named_queries()[name].text
    assert QueryEngine(_DERIVED[key]).query(query).rows == QueryEngine(dataset).query(query).rows


@pytest.mark.parametrize("data", ["translated", "translated_fixture", "translated_tracking"])
def test_jena_names_every_node_as_pyoxigraph_does(request, data, tmp_path):
    """Every named query on Jena ARQ (tests/test_portable_queries.py), on
    data whose preferred labels are English, without a language or in the
    least of several tags."""
    classpath = request.getfixturevalue("jena_classpath")  # skipped locally without Jena, failed in CI
    dataset = request.getfixturevalue(data)
    engine = QueryEngine(dataset)
    for name, answer in jena_answers(classpath, dataset, tmp_path).items():
        assert_same_answers(engine.query(named_queries()[name].text), answer, "jena")


@pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")  # rdflib's engine, its own call
def test_rdflib_names_every_node_as_pyoxigraph_does(translated, tmp_path):
    """Every named query on rdflib's engine, on the article whose preferred
    labels are English, without a language or in the least of several tags;
    but conflicts, which compares two sources (the article is one, so it
    answers nothing here; it is compared across languages on the fixture,
    in tests/test_portable_queries.py and above)."""
    other = RdflibDataset(default_union=True)
    other.parse(union_default_trig(translated, tmp_path / "d.trig"), format="trig")
    engine = QueryEngine(translated)
    assert not engine.query("conflicts").rows
    for name in QUERIES:
        if name != "conflicts":
            text = named_queries()[name].text
            answer = from_json(json.loads(other.query(text).serialize(format="json")))
            assert_same_answers(engine.query(text), answer, "rdflib")


# ------------------------------------------------------------ tags and the page
@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("en", "en"),
        ("ja-Latn-JP-hepburn", "ja-latn-jp-hepburn"),
        ("sgn-BE-FR", "sgn-be-fr"),
        ("x-private", "x-private"),
        ("en-US-u-ca-gregory", "en-us-u-ca-gregory"),
        ("en_GB", None),
        ("e", None),
        ("en-", None),
        ("abcdefghi", None),
        ("tlh-a-b-foo", None),
    ],
)
def test_language_tags_are_well_formed_bcp_47_in_lower_case(raw, tag):
    assert language_tag(raw) == tag
    if tag is not None:  # as the engine reads it
        (quad,) = ox.parse(f'<urn:x:a> <urn:x:b> "x"@{raw} .'.encode(), format=ox.RdfFormat.N_TRIPLES)
        assert quad.object.language == tag


def test_the_page_states_the_refusal_and_the_worked_example_as_they_are():
    page = (ROOT / "docs" / "source-format.md").read_text(encoding="utf-8")
    section = page[page.index("## Languages") : page.index("## From text to graph")]
    flat = " ".join(section.split())
    assert REFUSED[0][5] in flat
    example = re.search(r"```yaml\nformat: jointvision-source/4\n(.*?)```", section, re.S)
    assert example is not None
    text = (LANGUAGES / "northland-communique-ja.txt").read_text(encoding="utf-8")
    quotes = re.findall(r"- quote: (\S+).*?\n\s+start: (\d+)\n\s+end: (\d+)", example.group(1))
    assert len(quotes) == 2 and all(text[int(a) : int(b)] == q for q, a, b in quotes)


# ------------------------------------------------------------ the conflicts query travels
@pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")  # rdflib's engine, its own call
def test_rdflib_and_jena_find_the_conflicts_pyoxigraph_finds_across_languages(request, fixture, tmp_path):
    """The language rule and the choice of one label of several, on the
    engines of tests/test_portable_queries.py (Virtuoso: tests/test_push.py)."""
    classpath = request.getfixturevalue("jena_classpath")  # skipped locally without Jena, failed in CI
    query = named_queries()["conflicts"].text
    mine = QueryEngine(fixture).query(query)
    assert mine.rows
    data = union_default_trig(fixture, tmp_path / "d.trig")
    other = RdflibDataset(default_union=True)
    other.parse(data, format="trig")
    assert_same_answers(mine, from_json(json.loads(other.query(query).serialize(format="json"))), "rdflib")
    path = tmp_path / "conflicts.rq"
    path.write_text(query, encoding="utf-8")
    done = subprocess.run(
        ["java", "-cp", classpath, str(RUNNER), str(data), str(path)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answer = from_json(json.loads(Path(f"{path}.json").read_text(encoding="utf-8")))
    assert_same_answers(mine, answer, "jena")


def _push(store, dataset) -> None:
    import stores
    from jointvision.outputs.push import check_push, push_dataset

    with pytest.MonkeyPatch.context() as env:
        for key, value in stores.login_env(store).items():
            env.setenv(key, value)
        push_dataset(dataset, store.gsp, default_graph=store.default_graph)
        assert check_push(dataset, store.query).ok


@pytest.mark.slow
def test_a_store_holds_the_languages_and_answers_every_named_query_as_here(triple_store, fixture):
    """Pushed to Oxigraph server and Virtuoso (tests/stores.py): each text
    keeps its language, and every named query (conflicts among them) answers
    there as it does here."""
    import stores
    from jointvision.sparql.remote import remote_query

    _push(triple_store, fixture)
    graph = str(source_graph_iri("northland-communique-ja"))
    held = ox.parse(stores.graph_triples(triple_store, graph), format=ox.RdfFormat.N_TRIPLES)
    assert {q.object.language for q in _text_literals(held)} == {"ja", "en"}
    for name in QUERIES:
        query = named_queries()[name].text
        assert_same_answers(
            QueryEngine(fixture).query(query), remote_query(triple_store.query, query), triple_store.name
        )


@pytest.mark.slow
@pytest.mark.parametrize("data", ["translated", "translated_tracking"])
def test_a_store_names_every_node_as_here(request, triple_store, data):
    """Every named query on Oxigraph server and Virtuoso, on data whose
    preferred labels are English, without a language or in the least of
    several tags."""
    from jointvision.sparql.remote import remote_query

    dataset = request.getfixturevalue(data)
    _push(triple_store, dataset)
    for name in QUERIES:
        query = named_queries()[name].text
        assert_same_answers(
            QueryEngine(dataset).query(query), remote_query(triple_store.query, query), triple_store.name
        )


@pytest.mark.slow
def test_every_download_is_the_same_bytes_whatever_the_hash_seed(tmp_path):
    """Labels, alternative labels and figures in several languages reach the
    downloads in a fixed order: two builds whose processes hash strings
    differently (PYTHONHASHSEED) write the same bytes, the map included."""
    from conftest import run_cli

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed-{seed}"
        done = run_cli(
            "build", "--data", str(TWO_SOURCES), "--data", str(LANGUAGES), "--out", str(out),
            env={"PYTHONHASHSEED": seed},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()})
    assert outs[0].keys() == outs[1].keys() and "jointvision.html" in outs[0]
    assert [name for name in outs[0] if outs[0][name] != outs[1][name]] == []


@pytest.mark.parametrize("data", ["article_data", "tracking_data"])
def test_translations_beside_english_change_no_status_report_or_void_text(request, data):
    """Texts in other languages beside every English label and figure leave
    what a status, the report's as-of sentence and the VoID say unchanged:
    each names a source and a figure by its English text, whatever order
    the engine gives the languages in."""
    from jointvision.outputs.report import as_of
    from jointvision.outputs.void import statistics
    from jointvision.rdf.status import statuses

    dataset = request.getfixturevalue(data)
    beside = with_translations(dataset, replace_english=False)

    def said(ds):
        return [
            (
                s.commitment.node,
                s.status,
                s.commitment.stated_as,
                sorted(s.commitment.groups.get("source", {}).values()),
                [(r.node, r.stated_as, r.source_label) for r in s.commitment.reports],
            )
            for s in statuses(ds)
        ]

    assert said(beside) == said(dataset)
    assert as_of(beside) == as_of(dataset)
    labels = {g: str(label.value) for g, (_, label) in statistics(beside).sources.items()}
    assert labels == {g: str(label.value) for g, (_, label) in statistics(dataset).sources.items()}


# ------------------------------------------------------------ the languages a dataset's pages offer
#: The rule of Dataset.language_tags as one query over the whole store: the
#: tags of the literals in the sources' graphs, and "" for a label without one.
TAGS_ASKED = (
    "SELECT DISTINCT (LCASE(LANG(?o)) AS ?l) WHERE { GRAPH ?g { ?s ?p ?o } "
    f'FILTER (STRSTARTS(STR(?g), "{GRAPHS}") && isLiteral(?o) && (LANG(?o) != "" || ?p = <{RDFS.label}>)) }}'
)


def tags_asked(store: ox.Store) -> frozenset[str]:
    return frozenset(row["l"].value for row in store.query(TAGS_ASKED))


@pytest.mark.parametrize("data", ["article_data", "fixture", "tracking_data", "two_sources_untagged"])
def test_the_languages_read_from_a_builds_lines_are_the_stores(request, data, tmp_path):
    """A build reads the tags from the N-Quads lines it loads; a store opened
    later (the kept one) asks the engine: both give what the rule's query gives."""
    if data == "two_sources_untagged":  # sources that declare no language
        found = tmp_path / "untagged"
        found.mkdir()
        for path in TWO_SOURCES.iterdir():
            text = path.read_text(encoding="utf-8")
            (found / path.name).write_text(re.sub(r"(?m)^(  )?language: \w+\n", "", text), encoding="utf-8")
        built = build_dataset(found)
    else:
        built = request.getfixturevalue(data)
    expected = tags_asked(built.store)
    assert built.language_tags() == expected
    assert Dataset(built.store).language_tags() == expected  # asked of the engine
    if data == "fixture":
        assert expected >= {"en", "ja", "hi"}


_SOURCE_GRAPH, _OTHER_GRAPH = f"<{GRAPHS}made-up>", "<https://example.org/another-graph>"
#: Texts that a line-by-line reading could take for the end of a tagged literal or of a label.
_TRICKY = st.sampled_from(
    [
        f'x"@en {_SOURCE_GRAPH} .',
        f'"@ja {_SOURCE_GRAPH} .\n<a> <{RDFS.label}> "y" {_SOURCE_GRAPH} .',
        f'" {_SOURCE_GRAPH} .',
        f' <{RDFS.label}> "',
        "\\",
        '\\"',
        "日本",
        "",
    ]
)


@st.composite
def _line(draw) -> tuple[str, ox.Quad]:
    """One N-Quads line of invented data, as the build writes it, and its quad."""
    subject = ox.NamedNode(f"https://example.org/{draw(st.integers(0, 3))}")
    predicate = ox.NamedNode(draw(st.sampled_from([str(RDFS.label), str(SKOS.altLabel), str(JV.quote)])))
    text = "".join(draw(st.lists(st.one_of(_TRICKY, st.text(max_size=6)), max_size=4)))
    kind = draw(st.sampled_from(["tagged", "plain", "typed", "iri"]))
    tag = draw(st.sampled_from(["en", "JA", "hi", "en-GB", "x-made-up"]))
    if kind == "tagged":
        term, literal = text_term(Text(text, tag)), ox.Literal(text, language=tag)
    elif kind == "plain":
        term, literal = text_term(Text(text)), ox.Literal(text)
    elif kind == "typed":
        literal = ox.Literal(text, datatype=ox.NamedNode("https://example.org/type"))
        term = str(literal)
    else:
        literal = ox.NamedNode("https://example.org/thing")
        term = str(literal)
    graph = draw(st.sampled_from([_SOURCE_GRAPH, _OTHER_GRAPH]))
    return f"{subject} {predicate} {term} {graph} .\n", ox.Quad(subject, predicate, literal, ox.NamedNode(graph[1:-1]))


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_line(), max_size=12), chunk=st.integers(1, 5))
def test_the_languages_read_from_lines_are_the_engines_whatever_the_texts(lines, chunk):
    """Texts that hold quotes, backslashes, escaped line ends and the very words
    a tagged literal or a label ends with; other graphs' tags: the tags read
    from the lines, in chunks of whole lines, are what the engine finds."""
    text = [line for line, _ in lines]
    parts = ["".join(text[i : i + chunk]).encode("utf-8") for i in range(0, len(text), chunk)]
    made = Dataset.from_nquads(iter(parts), ontology=False)
    assert sorted(map(str, made.store.quads_for_pattern(None, None, None, None))) == sorted(
        str(q) for q in {q for _, q in lines} | {ox.Quad(q.subject, q.predicate, q.object) for _, q in lines}
    )  # the lines say what they are meant to
    assert made.language_tags() == Dataset(made.store).language_tags()
    if made.source_graphs():  # else the data's own literals count (a dataset of one graph)
        assert made.language_tags() == tags_asked(made.store)
    whole = Dataset.from_nquads("".join(text).encode("utf-8"), ontology=False)
    assert whole.language_tags() == made.language_tags()
