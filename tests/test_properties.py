"""Property tests: literals and identifiers round-trip through every export.

Each export (Turtle, N-Triples, JSON-LD) of a small random graph is parsed
back by both rdflib and pyoxigraph (the strict parser) and must give the same
graph with exactly the same terms. Every writer must also be deterministic:
the same triples give the same bytes, whatever order they were added in.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from jointvision.rdf.build import decimal_lexical
from jointvision.rdf.namespaces import JV, ONTOLOGY_IRI, derived_iri, entity_iri, evidence_iri
from jointvision.rdf.serializers import FORMATS, serialize, to_jsonld, to_ntriples, to_turtle
from jointvision.rdf.terms import from_ox
from jointvision.source.schema import ID_PATTERN

# --------------------------------------------------------------------------- helpers

# rdflib's XSD namespace warns when pytest looks for fixtures on it, so only
# the terms used are kept here.
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
_RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nquads": "nquads"}
_ONTOLOGY = str(ONTOLOGY_IRI)


def _rdflib_parse(data: bytes, fmt: str) -> Graph:
    if fmt not in {"trig", "nquads"}:
        return Graph().parse(data=data.decode("utf-8"), format=_RDFLIB_FORMATS[fmt])
    from rdflib import Dataset as RdflibDataset

    found = RdflibDataset()
    found.parse(data=data.decode("utf-8"), format=_RDFLIB_FORMATS[fmt])
    back = Graph()
    for s, p, o, g in found.quads((None, None, None, None)):
        if str(g) != _ONTOLOGY:  # the dataset downloads also hold the ontology's graph
            back.add((s, p, o))
    return back


def parse_all(graph: Graph) -> dict[str, Graph]:
    """Every export of ``graph`` parsed back, keyed ``format/parser``."""
    parsed: dict[str, Graph] = {}
    for fmt in FORMATS:
        data = serialize(graph, fmt)
        parsed[f"{fmt}/rdflib"] = _rdflib_parse(data, fmt)
        back = Graph()
        for quad in ox.parse(data, format=_OX_FORMATS[fmt]):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value == _ONTOLOGY:
                continue
            terms = (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
            assert not any(isinstance(t, BNode) for t in terms), terms
            back.add(terms)
        parsed[f"{fmt}/pyoxigraph"] = back
    return parsed


def assert_round_trips(graph: Graph) -> dict[str, Graph]:
    parsed = parse_all(graph)
    assert set(parsed) == {f"{fmt}/{parser}" for fmt in FORMATS for parser in ("rdflib", "pyoxigraph")}
    for name, back in parsed.items():
        assert len(back) == len(graph), name
        assert isomorphic(back, graph), f"{name}: {sorted(back)!r} != {sorted(graph)!r}"
        # no bnodes, so isomorphism is set equality; say so term by term too
        assert set(back) == set(graph), name
    return parsed


# --------------------------------------------------------------------------- strategies

ids = st.from_regex(ID_PATTERN, fullmatch=True)

# Characters and sequences that writers must escape or that parsers have been
# known to mangle, mixed into arbitrary (non-surrogate) text so that they turn
# up often: quotes, backslashes, every line break, C0/C1 controls, NUL, BOM,
# non-characters, astral characters (emoji, a flag), combining marks, and text
# that looks like an escape or like syntax.
_TRICKY = list("\"'\\\n\r\t\x00\x01\x08\x0b\x0c\x1f\x7f\x85\u2028\u2029\ufeff\ufffe\uffff\U0010ffff")
_TRICKY += [
    "\U0001f600",
    "\U0001f1ee\U0001f1f3",
    "e\u0301",
    "\u00e9",
    '"""',
    "'''",
    r"\u0041",
    r"\n",
    "\r\n",
    ":",
    "@",
    "#",
    "<>",
    "{}",
    " ",
]
texts = st.lists(
    st.one_of(st.text(st.characters(exclude_categories=("Cs",)), max_size=8), st.sampled_from(_TRICKY)), max_size=8
).map("".join)

finite_decimals = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=12).flatmap(
        lambda places: st.decimals(allow_nan=False, allow_infinity=False, places=places)
    ),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15, places=2),
    st.integers(min_value=-(10**40), max_value=10**40).map(Decimal),
    # more significant digits than the default decimal context (28) holds, and
    # trailing zeros: Decimal.normalize() would round the former
    st.builds(
        lambda digits, scale, negative: Decimal((int(negative), tuple(int(c) for c in digits), -scale)),
        st.from_regex(r"[1-9][0-9]{26,40}0{0,3}", fullmatch=True),
        st.integers(min_value=-5, max_value=45),
        st.booleans(),
    ),
)


# --------------------------------------------------------------------------- 1. text literals


def _label_graph(local_id: str, text: str) -> Graph:
    graph = Graph()
    node = entity_iri(local_id)
    graph.add((node, RDF.type, JV.Organisation))
    graph.add((node, RDFS.label, Literal(text)))
    return graph


@settings(max_examples=150, deadline=None)
@given(text=texts, local_id=ids)
def test_text_literal_round_trips(text, local_id):
    graph = _label_graph(local_id, text)
    for name, back in assert_round_trips(graph).items():
        labels = list(back.objects(entity_iri(local_id), RDFS.label))
        assert len(labels) == 1, name
        assert str(labels[0]) == text, name
        assert labels[0].datatype is None and labels[0].language is None, name


@settings(max_examples=60, deadline=None)
@given(text=texts)
def test_text_literal_value_exact_in_strict_parser(text):
    """pyoxigraph's own literal value, without going through rdflib."""
    graph = _label_graph("x", text)
    for fmt, ox_format in _OX_FORMATS.items():
        objects = [
            q.object
            for q in ox.parse(serialize(graph, fmt), format=ox_format)
            if q.predicate.value == str(RDFS.label) and getattr(q.graph_name, "value", "") != _ONTOLOGY
        ]
        assert objects == [ox.Literal(text)], fmt
        assert objects[0].value == text


def test_text_literal_examples():
    """Named cases that must always be covered, whatever hypothesis draws."""
    for text in [
        "",
        " ",
        "a\r\nb",
        "\r",
        '"',
        '""',
        '"""',
        "'''",
        "\\",
        "\\n",
        "x\\",
        'ends with "',
        "\x00",
        "\x7f",
        "\t\x0b\x0c",
        "\u2028",
        "\ufeff",
        "😀 🇮🇳",
        "@id",
        "jvd:x",
        "<a>",
    ]:
        graph = _label_graph("x", text)
        for name, back in assert_round_trips(graph).items():
            assert [str(o) for o in back.objects(predicate=RDFS.label)] == [text], (name, text)


# --------------------------------------------------------------------------- 2. identifiers


@settings(max_examples=100, deadline=None)
@given(
    entity=ids,
    owner=ids,
    part=st.one_of(st.sampled_from(["quantity", "period"]), ids),
    source=ids,
    start=st.integers(min_value=0, max_value=10**7),
    length=st.integers(min_value=0, max_value=10**4),
)
def test_identifiers_round_trip(entity, owner, part, source, start, length):
    node = entity_iri(entity)
    derived = derived_iri(owner, part)
    evidence = evidence_iri(source, start, start + length)
    source_node = entity_iri(source)
    assert str(node) == "https://w3id.org/jointvision/id/" + entity
    assert str(derived).endswith(f"/{owner}_{part}")
    assert str(evidence).endswith(f"/{source}_{start}-{start + length}")

    graph = Graph()
    graph.add((node, RDF.type, JV.Target))
    graph.add((node, JV.quantity, derived))  # IRI as object
    graph.add((derived, RDF.type, JV.Quantity))
    graph.add((node, JV.evidence, evidence))
    graph.add((evidence, RDF.type, JV.Evidence))
    graph.add((evidence, JV.inSource, source_node))
    graph.add((source_node, RDF.type, JV.Source))
    graph.add((node, JV.partOf, node))  # a subject that is also its own object
    for name, back in assert_round_trips(graph).items():
        iris = {t for triple in back for t in triple if isinstance(t, URIRef)}
        assert {node, derived, evidence, source_node} <= iris, name
        assert set(back.objects(node, JV.quantity)) == {derived}, name
        assert set(back.objects(evidence, JV.inSource)) == {source_node}, name


# --------------------------------------------------------------------------- 3. decimals

# The canonical xsd:decimal form of XSD 1.1 (what decimal_lexical promises):
# no exponent, no sign on zero, no leading zeros, no trailing zeros after the
# point, and no point at all for a whole number.
_CANONICAL_DECIMAL = re.compile(r"0|-?[1-9][0-9]*(\.[0-9]*[1-9])?|-?0\.[0-9]*[1-9]")


def _check_lexical(value: Decimal) -> str:
    lexical = decimal_lexical(value)
    assert "e" not in lexical.lower(), lexical
    assert _CANONICAL_DECIMAL.fullmatch(lexical), lexical
    assert Decimal(lexical) == value, (value, lexical)  # exact: not rounded to any precision
    return lexical


@settings(max_examples=300, deadline=None)
@given(value=finite_decimals)
def test_decimal_lexical(value):
    lexical = _check_lexical(value)
    assert decimal_lexical(Decimal(lexical)) == lexical  # canonical: a fixed point
    # the sign is all that changes (copy_negate: unary minus would round to 28 digits)
    assert decimal_lexical(value.copy_negate()).lstrip("-") == lexical.lstrip("-")


def test_decimal_lexical_examples():
    cases = {
        "0": "0",
        "-0.000": "0",
        "0E+5": "0",
        "100": "100",
        "1E+2": "100",
        "1.50": "1.5",
        "-2.5": "-2.5",
        "0.1": "0.1",
        "1E-30": "0." + "0" * 29 + "1",
        "5000000000000": "5000000000000",
        "12345678901234567890.123456789": "12345678901234567890.123456789",
    }
    for value, lexical in cases.items():
        assert decimal_lexical(Decimal(value)) == lexical, value


@settings(max_examples=80, deadline=None)
@given(value=finite_decimals, local_id=ids)
def test_decimal_literal_round_trips(value, local_id):
    lexical = _check_lexical(value)
    quantity = derived_iri(local_id, "quantity")
    graph = Graph()
    graph.add((quantity, RDF.type, JV.Quantity))
    graph.add((quantity, JV.numericValue, Literal(lexical, datatype=XSD_DECIMAL)))
    for name, back in assert_round_trips(graph).items():
        (literal,) = back.objects(quantity, JV.numericValue)
        assert literal.datatype == XSD_DECIMAL, name
        assert str(literal) == lexical, name
        assert Decimal(str(literal)) == value, name
        assert literal.value == value, name


# --------------------------------------------------------------------------- 4. determinism


@st.composite
def graphs(draw):
    """A few entities with types, labels, numbers and links between them."""
    nodes = [entity_iri(i) for i in draw(st.lists(ids, min_size=1, max_size=4, unique=True))]
    triples = set()
    for node in nodes:
        triples.add((node, RDF.type, draw(st.sampled_from([JV.Country, JV.Organisation, JV.Target]))))
        for text in draw(st.lists(texts, max_size=2)):
            triples.add((node, RDFS.label, Literal(text)))
        for value in draw(st.lists(finite_decimals, max_size=2)):
            triples.add((node, JV.numericValue, Literal(decimal_lexical(value), datatype=XSD_DECIMAL)))
        for year in draw(st.lists(st.integers(min_value=1000, max_value=9999), max_size=1)):
            triples.add((node, JV.year, Literal(str(year), datatype=XSD_GYEAR)))
        for other in draw(st.lists(st.sampled_from(nodes), max_size=2)):
            triples.add((node, JV.partOf, other))
    return sorted(triples)


def _graph_of(triples, **kwargs) -> Graph:
    graph = Graph(**kwargs)
    for triple in triples:
        graph.add(triple)
    return graph


@settings(max_examples=60, deadline=None)
@given(triples=graphs(), data=st.data())
def test_serialization_is_deterministic(triples, data):
    graph = _graph_of(triples)
    shuffled = data.draw(st.permutations(triples), label="shuffled")
    # a graph with other prefix bindings and another insertion order
    other = _graph_of(shuffled, bind_namespaces="none")
    for writer in (to_turtle, to_ntriples, to_jsonld):
        first = writer(graph)
        assert writer(graph) == first, writer.__name__
        assert writer(other) == first, writer.__name__
    assert_round_trips(graph)


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(graphs(), min_size=1, max_size=3), shared=st.data())
def test_every_download_made_at_once_is_the_one_made_alone(parts, shared):
    """``serialize_many`` merges the source graphs' sorted lines into the
    merged graph's instead of dumping them again: the merged downloads it
    makes beside the dataset ones are those each writer makes alone, with
    statements shared by several sources written once."""
    import pyoxigraph as ox

    from jointvision.rdf.dataset import Dataset
    from jointvision.rdf.iris import GRAPHS
    from jointvision.rdf.serializers import serialize_many
    from jointvision.rdf.terms import to_ox

    store = ox.Store()
    for i, triples in enumerate(parts):
        again = shared.draw(st.lists(st.sampled_from(parts[0]), max_size=3), label="shared with the first")
        name = ox.NamedNode(f"{GRAPHS}source-{i}")
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in [*triples, *again])
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    dataset = Dataset(store, iris_only=True)
    together = serialize_many(dataset, list(FORMATS))
    assert together == {fmt: serialize(dataset, fmt) for fmt in FORMATS}
    merged = {(s, p, o) for triples in parts for s, p, o in triples}
    assert together["nt"].count(b"\n") == len(merged)
