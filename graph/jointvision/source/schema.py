"""The source format: which entity types exist and which fields each takes.

This table says what a fact file may hold: the fields of each type, each of
a kind that ``kinds`` defines (how a value is checked, what RDF term it
becomes), and the rules across fields (``RULES``, ``PERIOD_RULES``).
``rdf.mapping`` says which RDF term each type and field becomes.
``docs/source-format.md`` describes both for people, and a test checks that
the three agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import (
    Breach,
    Facts,
    Rule,
    at_least_one,
    both_or_neither,
    exactly_one,
    exclusive,
    has_evidence,
    in_a_quote,
    in_source_of_kind,
    needs,
    ordered,
    within,
)

#: Version tag every fact file starts with. Version 2 adds source metadata
#: and ``about:`` entries (statements about an entity defined in another
#: file); version 3 tracks commitments: dates at year or month precision,
#: periods with ``start`` and ``end``, ``due`` and ``launched_at``, a
#: ``per`` that names a unit, and Progress and Assessment entries. A file of
#: an earlier version reads as it always did. Version 4 gives texts in
#: named languages: a label, title, ``stated_as`` or editorial note written
#: as a mapping of language to text (``label: {en: Japan, ja: 日本}``), and
#: a quote's ``language``. (In every version, a source's texts carry the
#: ``language`` it declares: docs/source-format.md, "Languages".) Version 5
#: says what curators of a whole joint statement need: Statement entries
#: (who said what, where), ``implements`` and a ``builds_on`` that reach
#: documents, and the ``chaired_by`` and ``members`` of groups.
FORMAT = "jointvision-source/5"
FORMATS = ("jointvision-source/1", "jointvision-source/2", "jointvision-source/3", "jointvision-source/4", FORMAT)
#: The format version that brought texts in named languages.
LANGUAGES_SINCE = 4


def format_tag(version: int) -> str:
    """The ``format:`` tag of a format version (1 to 5)."""
    return FORMATS[version - 1]


#: What kind of document a source is (``source.kind``); an Assessment entry
#: stands only in an ``assessment`` (an assessor's report on commitments).
SOURCE_KINDS = (
    "primary-document",
    "joint-statement",
    "press-release",
    "fact-sheet",
    "speech",
    "news-article",
    "assessment",
)

#: How far a commitment is carried out: a progress report's ``completion``
#: (COMPLETIONS), and an assessment's, on the Open Government Partnership's
#: scale (ASSESSED_COMPLETIONS). Their IRIs: ``rdf.mapping.COMPLETION_IRIS``.
COMPLETIONS = ("not-started", "limited", "substantial", "complete")
ASSESSED_COMPLETIONS = ("no-evidence", *COMPLETIONS)

#: The optional metadata of ``source:`` (version 2), with the form of each.
SOURCE_METADATA = {
    "kind": ("source_kind", "what the document is: " + ", ".join(SOURCE_KINDS)),
    "publisher": ("str", "who published it, as the document or its page names them"),
    "published": ("partial_date", "the day it was published (YYYY-MM-DD; from version 3, YYYY-MM or YYYY too)"),
    "language": ("language", "its language, a BCP 47 tag such as en or ja: the language of every text it states"),
    "url": ("url", "where it was published (http or https); recorded, never fetched"),
    "reports_on": ("ref", "the event it reports on (an entity of type Event or a sub type)"),
}

#: Identifiers: lower-case words joined by single hyphens. ``_`` is reserved
#: for derived nodes (see ``namespaces.derived_iri``).
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


@dataclass(frozen=True)
class Field:
    """One field of an entity in a fact file."""

    name: str
    kind: str  # the name of its kind in ``kinds.KINDS``: str, text, ref, decimal, posint, gyear, date, ...
    many: bool = False
    required: bool = False
    refs: tuple[str, ...] = ()  # allowed entity types (or super types) for kind "ref"
    doc: str = ""
    parts: tuple[Field, ...] = ()  # a mapping of these fields, rather than a value of ``kind`` (a period)
    rules: tuple[Rule, ...] = ()  # rules across ``parts``
    since: int = 1  # the format version that brought it
    # Fields a value of another kind is held as: the first of this field and
    # then these whose kind reads the value holds it (a ``per`` that names a
    # unit is held as ``per_unit``), so that the loader checks a reference
    # and the builder writes its predicate as for any field.
    alternatives: tuple[Field, ...] = ()
    # For a text in a language (kind ``text``): True where a source gives one
    # text, in one language (a quantity's ``stated_as``: the source's own
    # words), rather than at most one per language (a label, a title).
    one_text: bool = False


#: The name of the source (``source.label``): a text in a language, as an
#: entity's label (at most one per language).
SOURCE_LABEL = Field("label", "text", required=True, doc="the source's name, shown to people")

#: Kinds a format version widened: a field of such a kind reads, in a file of
#: an earlier version, as the kind it had there (a date is a day before version 3).
EARLIER_KINDS: dict[str, tuple[int, str]] = {"partial_date": (3, "date")}


def kind_in(kind: str, version: int) -> str:
    """The kind a field of ``kind`` reads as in a file of format ``version``.

    >>> kind_in("partial_date", 2), kind_in("partial_date", 3), kind_in("str", 1)
    ('date', 'partial_date', 'str')
    """
    since, earlier = EARLIER_KINDS.get(kind, (1, kind))
    return kind if version >= since else earlier


# Every type (its class in the ontology is ``rdf.mapping.CLASSES``), and its
# super type (checked against the ontology by a test).
TYPES: tuple[str, ...] = (
    "Country",
    "City",
    "Organisation",
    "Government",
    "Ministry",
    "ActorGroup",
    "Person",
    "Office",
    "Event",
    "Summit",
    "Visit",
    "Document",
    "JointStatement",
    "Agreement",
    "MemorandumOfCooperation",
    "Partnership",
    "StrategicDirection",
    "Undertaking",
    "Program",
    "Initiative",
    "Activity",
    "Financing",
    "Loan",
    "ResearchArea",
    "Goal",
    "Target",
    "Unit",
    "Currency",
    "CountUnit",
    "Tenure",
    "Progress",
    "Assessment",
    "Statement",
)

#: The format version that brought a type (the others: version 1).
TYPES_SINCE: dict[str, int] = {"Progress": 3, "Assessment": 3, "Statement": 5}

PARENT: dict[str, str] = {
    "Government": "Organisation",
    "Ministry": "Organisation",
    "Summit": "Event",
    "Visit": "Event",
    "JointStatement": "Document",
    "Agreement": "Document",
    "MemorandumOfCooperation": "Document",
    "Financing": "Undertaking",
    "Loan": "Financing",
    "Program": "Undertaking",
    "Initiative": "Undertaking",
    "Activity": "Undertaking",
    "Currency": "Unit",
    "CountUnit": "Unit",
}

#: Types that only group others and cannot be used for an entity directly.
ABSTRACT = frozenset({"Undertaking", "Unit"})


def is_a(type_name: str, ancestor: str) -> bool:
    """Whether ``type_name`` is ``ancestor`` or one of its sub types."""
    while type_name:
        if type_name == ancestor:
            return True
        type_name = PARENT.get(type_name, "")
    return False


COMMON = (
    Field("label", "text", required=True, doc="the name shown to people; at most one per language"),
    Field("abbreviation", "str", doc="an abbreviation the source gives"),
    Field("editorial_note", "text", doc="a note by the editors of the fact file (not a fact)"),
    Field("wikidata", "qid", doc="Wikidata QID, only where certain"),
)

_DIRECTIONS = Field(
    "directions", "ref", many=True, refs=("StrategicDirection",), doc="the directions the source places it under"
)
_COUNTRY = Field("country", "ref", refs=("Country",), doc="the country it belongs to or concerns")
_PARTICIPANTS = Field(
    "participants", "ref", many=True, refs=("Person", "Country", "Organisation"), doc="who takes part"
)
_EVENT = (
    Field("location", "ref", refs=("City",), doc="the city"),
    _PARTICIPANTS,
    Field("ordinal", "posint", doc="number in its series (15th)"),
    Field("year", "gyear", doc="year, where no dates are given"),
    Field("start_date", "partial_date", doc="first day (YYYY-MM-DD; from version 3, YYYY-MM or YYYY too)"),
    Field("end_date", "partial_date", doc="last day (YYYY-MM-DD; from version 3, YYYY-MM or YYYY too)"),
    Field("followed_by", "ref", many=True, refs=("Event",), doc="the event that comes next"),
    Field("held_by", "ref", refs=("Organisation",), doc="the organisation whose meeting it is"),
)
_DUE = Field("due", "partial_date", since=3, doc="the date it is due by (by 2030: 2030)")
_IMPLEMENTS = Field(
    "implements",
    "ref",
    many=True,
    refs=("Document",),
    since=5,
    doc="the document, agreement or memorandum it puts into effect",
)
#: Who chairs a group or organisation, and who belongs to it (version 5).
_GROUP = (
    Field(
        "chaired_by",
        "ref",
        many=True,
        refs=("Person", "Office", "Organisation", "Country"),
        since=5,
        doc="who chairs it (co-chairs: each of them)",
    ),
    Field(
        "members",
        "ref",
        many=True,
        refs=("Person", "Organisation", "ActorGroup", "Country"),
        since=5,
        doc="who belongs to it",
    ),
)
_UNDERTAKING = (
    _DIRECTIONS,
    _COUNTRY,
    Field("part_of", "ref", many=True, refs=("Undertaking",), doc="the larger undertaking"),
    Field("contributes_to", "ref", many=True, refs=("Undertaking", "Goal"), doc="what it serves"),
    Field(
        "builds_on",
        "ref",
        many=True,
        refs=("Undertaking", "Document"),
        doc="earlier work it extends: an undertaking, or (version 5) a document, agreement or memorandum",
    ),
    _IMPLEMENTS,
    Field(
        "involves",
        "ref",
        many=True,
        refs=("Undertaking", "Organisation", "ActorGroup", "Country"),
        doc="who or what takes part",
    ),
    Field("coordinated_by", "ref", many=True, refs=("Organisation",), doc="coordinator"),
    Field("supported_by", "ref", many=True, refs=("Organisation",), doc="supporter"),
    Field("goals", "ref", many=True, refs=("Goal",), doc="goals it pursues"),
    Field("research_areas", "ref", many=True, refs=("ResearchArea",), doc="fields of research"),
    _DUE,
    Field("launched_at", "ref", refs=("Event",), since=3, doc="the event where it was launched"),
)

_DOCUMENT = (
    Field("title", "text", doc="full title; at most one per language"),
    Field(
        "parties", "ref", many=True, refs=("Country", "Organisation"), doc="the countries or organisations party to it"
    ),
    Field("signed_at", "ref", refs=("Event",), doc="the event where it was signed"),
    Field("adopted_at", "ref", refs=("Event",), doc="event of adoption"),
)
_FINANCING = (
    *_UNDERTAKING,
    Field("lender", "ref", refs=("Country", "Organisation"), doc="who lends or provides the money"),
    Field("borrower", "ref", refs=("Country", "Organisation"), doc="who receives it"),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "Country": (Field("iso3166", "code2", doc="ISO 3166-1 alpha-2 code"),),
    "City": (_COUNTRY,),
    "Organisation": (_COUNTRY, *_GROUP),
    "Government": (_COUNTRY, *_GROUP),
    "Ministry": (
        _COUNTRY,
        Field("part_of_organisation", "ref", refs=("Organisation",), doc="the government it belongs to"),
        *_GROUP,
    ),
    "ActorGroup": (_COUNTRY, _DIRECTIONS, *_GROUP),
    "Office": (
        _COUNTRY,
        Field("office_in", "ref", refs=("Organisation",), doc="the government it belongs to"),
    ),
    "Person": (Field("holds_office", "ref", many=True, refs=("Office",), doc="offices held"),),
    "Event": _EVENT,
    "Summit": _EVENT,
    "Visit": (
        *_EVENT,
        Field("visitor", "ref", refs=("Person",), required=True, doc="who visits"),
        Field("destination", "ref", refs=("Country",), required=True, doc="country visited"),
        Field("invited_by", "ref", refs=("Person",), doc="who invited"),
        Field("for_event", "ref", refs=("Event",), doc="the event the visit is for"),
    ),
    "Document": _DOCUMENT,
    "Agreement": _DOCUMENT,
    "MemorandumOfCooperation": _DOCUMENT,
    "JointStatement": (
        Field("title", "text", required=True, doc="full title; at most one per language"),
        Field("parties", "ref", many=True, required=True, refs=("Country",), doc="countries adopting it"),
        Field("adopted_at", "ref", refs=("Event",), doc="event of adoption"),
        Field("steers", "ref", refs=("Partnership",), doc="the partnership it steers"),
        Field("directions", "ref", many=True, refs=("StrategicDirection",), doc="the directions it sets out"),
        Field("goals", "ref", many=True, refs=("Goal",), doc="its overall goals"),
    ),
    "Partnership": (Field("between", "ref", many=True, required=True, refs=("Country",), doc="the countries"),),
    "StrategicDirection": (Field("position", "posint", required=True, doc="place in the source's list"),),
    "Program": _UNDERTAKING,
    "Initiative": _UNDERTAKING,
    "Activity": _UNDERTAKING,
    # a financing's amount is a quantity, as a target's (QUANTITY_FIELDS, optional as a group)
    "Financing": _FINANCING,
    "Loan": _FINANCING,
    "Tenure": (
        Field("person", "ref", refs=("Person",), required=True, doc="who holds the office"),
        Field("office", "ref", refs=("Office",), required=True, doc="the office held"),
        Field("from", "partial_date", doc="the first day in office, where the source gives it"),
        Field("to", "partial_date", doc="the last day in office, where the source gives it"),
        Field("during", "ref", many=True, refs=("Event",), doc="events at which the source shows the person in office"),
    ),
    "ResearchArea": (_DIRECTIONS,),
    "Goal": (_DIRECTIONS, _COUNTRY),
    "Currency": (Field("iso4217", "code3", required=True, doc="ISO 4217 code"),),
    "CountUnit": (),
    # Target fields that become triples of the target itself; the quantity and
    # period fields are handled in builder.py (they make nodes of their own).
    "Target": (
        Field(
            "directions",
            "ref",
            many=True,
            refs=("StrategicDirection",),
            doc="the directions it serves (at least one where its source defines directions)",
        ),
        Field("undertaking", "ref", refs=("Undertaking",), doc="what it belongs to"),
        Field("flow_from", "ref", refs=("Country",), doc="origin of a one-way flow"),
        Field("flow_to", "ref", refs=("Country",), doc="destination of the flow"),
        Field("flow_between", "ref", many=True, refs=("Country",), doc="both ends of a two-way flow"),
        Field(
            "builds_on",
            "ref",
            many=True,
            refs=("Target", "Document"),
            doc="earlier target it takes further, or (version 5) a document, agreement or memorandum",
        ),
        _IMPLEMENTS,
        Field("included_in", "ref", refs=("Target",), doc="larger target that counts it"),
        _DUE,
    ),
}

#: An amount: the fields of a quantity node (``<entity>_quantity``).
AMOUNT_FIELDS = (
    Field("value", "decimal", required=True, doc="the number, written out in full"),
    Field("unit", "ref", required=True, refs=("Unit",), doc="unit or currency"),
    Field("bound", "bound", required=True, doc="exact | at-least | at-most | about"),
    Field("stated_as", "text", required=True, one_text=True, doc="the source's words for it; must occur in a quote"),
)
#: A rate's unit: what ``per`` holds where it names a unit (version 3).
PER_UNIT = Field(
    "per_unit", "ref", refs=("Unit",), since=3, doc="for a rate, the unit it is counted per (written per: trainee)"
)
#: Target fields that describe its quantity node (``<target>_quantity``): an
#: amount, and for a rate what it is counted per.
QUANTITY_FIELDS = (
    *AMOUNT_FIELDS,
    Field(
        "per",
        "duration",
        doc="for a rate, the interval (P1Y = per year), or (version 3) the unit it is counted per",
        alternatives=(PER_UNIT,),
    ),
    PER_UNIT,
)

#: The bounds of a period at the precision the text gives (version 3).
_START = Field("start", "partial_date", since=3, doc="first year, month or day (2026-04)")
_END = Field("end", "partial_date", since=3, doc="last year, month or day (2031-03: to the end of March 2031)")

#: Fields of a target's ``period:`` mapping (``<target>_period``).
PERIOD_FIELDS = (
    Field("start_year", "gyear", doc="first year of a year range"),
    Field("end_year", "gyear", doc="last year of a year range"),
    Field("duration", "duration", doc="length (P5Y)"),
    Field("anchored_to", "ref", refs=("Event",), doc="event the duration counts from"),
    _START,
    _END,
)

#: A period's start and end: both or neither, the start not after the end
#: (compared by the first day of one and the last day of the other).
_BOUNDS_RULES = (
    both_or_neither("start", "end"),
    ordered("start", "end", message="start is after end"),
)

#: What a period must be, beyond the form of each field (each message names the period).
PERIOD_RULES = (
    both_or_neither("start_year", "end_year"),
    ordered("start_year", "end_year", message="start_year is after end_year"),
    needs("anchored_to", "duration", "anchored_to needs a duration to count from it"),
    *_BOUNDS_RULES,
    exclusive(
        "start",
        ("start_year", "end_year"),
        "give start and end, or start_year and end_year, not both",
    ),
)

#: A target's ``period:`` field: a mapping of PERIOD_FIELDS.
PERIOD = Field(
    "period",
    "period",
    doc="mapping: start_year/end_year, or start/end, or duration (+ anchored_to)",
    parts=PERIOD_FIELDS,
    rules=PERIOD_RULES,
)

#: An assessment's ``covers:``: the period its judgement covers (``<assessment>_covers``).
COVERS = Field(
    "covers",
    "period",
    doc="mapping: start and end, the period the judgement covers",
    parts=(_START, _END),
    rules=_BOUNDS_RULES,
    since=3,
)

_TOWARD = Field(
    "toward",
    "ref",
    required=True,
    refs=("Target", "Undertaking"),
    since=3,
    doc="the commitment: a target, or a program, initiative, activity, financing or loan",
)
FIELDS["Progress"] = (
    _TOWARD,
    Field("as_of", "partial_date", required=True, since=3, doc="the date the report is for, at the text's precision"),
    *AMOUNT_FIELDS,
    Field("share", "decimal", since=3, doc="the share of the target reached, in per cent (24 per cent: 24)"),
    Field("completion", "completion", since=3, doc="not-started | limited | substantial | complete"),
)
FIELDS["Assessment"] = (
    _TOWARD,
    Field(
        "completion",
        "assessed_completion",
        since=3,
        doc="no-evidence | not-started | limited | substantial | complete (the Open Government Partnership's scale)",
    ),
    Field("party", "ref", refs=("Country", "Organisation"), since=3, doc="the party judged, for a score"),
    Field("score", "integer", since=3, doc="-1 no, 0 partial, 1 full compliance (the G20 Research Group's scale)"),
)

#: Who said what, where (version 5): the words are the evidence's quote, or
#: a part of it; the speaker and the event are facts of their own.
FIELDS["Statement"] = (
    Field(
        "speaker",
        "ref",
        required=True,
        refs=("Person", "Office", "Organisation", "Country"),
        since=5,
        doc="who said it",
    ),
    Field("said_at", "ref", refs=("Event",), since=5, doc="the event where it was said"),
    Field("said_on", "partial_date", since=5, doc="the date it was said, at the text's precision"),
    Field(
        "words",
        "text",
        required=True,
        one_text=True,
        since=5,
        doc="the words said, as the source quotes them; must occur in a quote",
    ),
    Field(
        "concerns",
        "ref",
        many=True,
        refs=("Undertaking", "Target", "Goal", "Document", "Partnership", "StrategicDirection", "Event"),
        since=5,
        doc="what it speaks of",
    ),
)

#: The values of a quantity's ``bound:`` (their IRIs: ``rdf.mapping.BOUND_IRIS``).
BOUNDS = ("exact", "at-least", "at-most", "about")


#: Types whose entities carry a quantity (the fields of QUANTITY_FIELDS) and
#: a period: required for a target, optional as a group for a financing.
QUANTIFIED = ("Target", "Financing")

#: Fields that hold one value per source. When two sources give different
#: values, both stay, each in its source's graph, and ``conflicts`` lists
#: them. (A label, a note or a source's own wording is not a conflict.)
NOT_CONFLICTS = frozenset({"label", "editorial_note", "stated_as", "abbreviation", "words"})


#: The mapping field (a period) of types that hold one but are not QUANTIFIED.
MAPPING_FIELDS: dict[str, Field] = {"Assessment": COVERS}


#: fields_of's answers, by type, its ancestors and the identity of the tables they were made from
#: (a table replaced, as a test or an extension replaces FIELDS[type], is a new key): asked per entry.
_FIELDS_OF: dict[tuple, tuple[dict[str, Field], tuple]] = {}


def fields_of(type_name: str) -> dict[str, Field]:
    """All fields an entity of ``type_name`` holds, by name (the
    alternatives a field's value may be held as among them). The same dict
    for the same type while the tables stay the same: not to be changed."""
    line = _ancestry(type_name)
    tables = (FIELDS.get(type_name), COMMON, QUANTIFIED, QUANTITY_FIELDS, PERIOD, MAPPING_FIELDS.get(type_name))
    key = (*line, *map(id, tables))
    made = _FIELDS_OF.get(key)
    if made is None:
        made = _FIELDS_OF[key] = (_fields_of(type_name), tables)  # the tables kept: their ids stay theirs
    return made[0]


def _fields_of(type_name: str) -> dict[str, Field]:
    found = {f.name: f for f in COMMON}
    found.update({f.name: f for f in FIELDS[type_name]})
    if any(is_a(type_name, q) for q in QUANTIFIED):
        found.update({f.name: f for f in QUANTITY_FIELDS})
        found["period"] = PERIOD
    if type_name in MAPPING_FIELDS:
        found[MAPPING_FIELDS[type_name].name] = MAPPING_FIELDS[type_name]
    for spec in list(found.values()):
        found.update({alt.name: alt for alt in spec.alternatives})
    return found


def entry_fields(type_name: str) -> dict[str, Field]:
    """The fields an entry of ``type_name`` may write, by name: those of
    :func:`fields_of` but the alternatives, which are written under the name
    of their field (``per: trainee`` is held as ``per_unit``). The same dict
    for the same type while the tables stay the same: not to be changed.

    >>> "per" in entry_fields("Target"), "per_unit" in entry_fields("Target"), "per_unit" in fields_of("Target")
    (True, False, True)
    """
    found = fields_of(type_name)
    made = _ENTRY_FIELDS.get(id(found))
    if made is None or made[0] is not found:
        held = {alt.name for spec in found.values() for alt in spec.alternatives}
        made = _ENTRY_FIELDS[id(found)] = (found, {name: spec for name, spec in found.items() if name not in held})
    return made[1]


#: entry_fields's answers, by the identity of the fields_of answer they were made from (kept with them).
_ENTRY_FIELDS: dict[int, tuple[dict[str, Field], dict[str, Field]]] = {}


def parts_field(type_name: str) -> Field | None:
    """The field of ``type_name`` that is a mapping of parts (a target's
    ``period``, an assessment's ``covers``), if it has one: an entity holds
    at most one (``reader.Entity.period``)."""
    return next((spec for spec in fields_of(type_name).values() if spec.parts), None)


def quantity_required(type_name: str) -> bool:
    """Whether an entity of this type must state a quantity (a target must;
    a financing may leave the amount out)."""
    return is_a(type_name, "Target")


def _required(facts: Facts) -> Breach | None:
    """Every required field but the quantity's (checked as a group) is given;
    statements about an entity another file defines add what they state."""
    if facts.about:
        return None
    quantity = {f.name for f in QUANTITY_FIELDS}
    for name, spec in fields_of(facts.type).items():
        if spec.required and name not in quantity and name not in facts.values:
            return Breach(f"this field is required for type {facts.type}", name)
    return None


def _quantity(facts: Facts) -> Breach | None:
    """A quantity is stated in full (every required field of QUANTITY_FIELDS)
    where one of its fields is given, or the type requires one."""
    stated = any(f.name in facts.values for f in QUANTITY_FIELDS)
    if not stated and (facts.about or not quantity_required(facts.type)):
        return None
    for spec in QUANTITY_FIELDS:
        if spec.required and spec.name not in facts.values:
            return Breach(
                f"this field is required for type {facts.type}"
                + ("" if quantity_required(facts.type) else " when it states an amount"),
                spec.name,
            )
    return None


#: What an entity must be, beyond the form of each field: checked in this
#: order, after its fields are read, the first broken rule reported.
RULES: tuple[Rule, ...] = (
    Rule("required fields", _required),
    Rule("a quantity in full", _quantity, (*QUANTIFIED, "Progress")),
    in_source_of_kind("assessment", types=("Assessment",)),
    Rule("evidence", has_evidence),
    exclusive(
        "flow_between",
        ("flow_from", "flow_to"),
        "a two-way flow (flow_between) cannot also have flow_from or flow_to",
        types=("Target",),
    ),
    ordered("start_date", "end_date", types=("Event",)),
    ordered("from", "to", types=("Tenure",)),
    in_a_quote("stated_as", types=(*QUANTIFIED, "Progress")),
    in_a_quote("words", types=("Statement",)),
    exactly_one(
        ("value", "share", "completion"),
        "give exactly one of: an amount (value, unit, bound and stated_as), a share or a completion",
        types=("Progress",),
    ),
    at_least_one(
        ("completion", "score"), "give a completion, a score (with its party), or both", types=("Assessment",)
    ),
    needs("score", "party", "a score needs the party it judges (party)", types=("Assessment",), at="score"),
    within("score", -1, 1, "must be -1, 0 or 1 (no, partial or full compliance)", types=("Assessment",)),
)


#: rules_for's answers, by type, its ancestors and the rules table (asked per entry).
_RULES_FOR: dict[tuple, tuple[tuple[Rule, ...], tuple]] = {}


def rules_for(type_name: str) -> tuple[Rule, ...]:
    """The rules an entity of ``type_name`` is checked against, in order."""
    key = (*_ancestry(type_name), id(RULES))
    made = _RULES_FOR.get(key)
    if made is None:
        chosen = tuple(rule for rule in RULES if not rule.types or any(is_a(type_name, t) for t in rule.types))
        made = _RULES_FOR[key] = (chosen, RULES)  # the table kept: its id stays its own
    return made[0]


def _ancestry(type_name: str) -> list[str]:
    """The type and its ancestors, as :func:`is_a` walks them."""
    line = [type_name]
    while PARENT.get(line[-1]) and len(line) < 32:
        line.append(PARENT[line[-1]])
    return line
