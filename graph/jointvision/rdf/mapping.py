"""Which RDF term each part of a fact file becomes: the class of each entity
type, the predicate of each field, the individual of each bound, the IRI of
each value of a kind whose values are IRIs (``VOCABULARIES``).

``source.schema`` says what a fact file may hold; this module is the other
half of the format table, the one that knows the ontology. A test checks
that every type and field has its term here and that every term is defined
in ``ontology/jointvision.ttl``.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from ..source.schema import (
    ASSESSED_COMPLETIONS,
    BOUNDS,
    PERIOD_FIELDS,
    SOURCE_KINDS,
    SOURCE_METADATA,
    TYPES,
    Field,
)
from .namespaces import JV, WIKIDATA, entity_iri

#: The class of each entity type.
CLASSES: dict[str, URIRef] = {name: JV[name] for name in TYPES}

#: The predicate of each field, by field name ...
PREDICATES: dict[str, URIRef] = {
    "label": RDFS.label,
    "abbreviation": JV.abbreviation,
    "editorial_note": SKOS.editorialNote,
    "wikidata": JV.wikidata,
    "iso3166": JV.iso3166Code,
    "iso4217": JV.iso4217Code,
    "country": JV.country,
    "directions": JV.underDirection,
    "participants": JV.participant,
    "location": JV.location,
    "ordinal": JV.ordinal,
    "year": JV.year,
    "start_date": JV.startDate,
    "end_date": JV.endDate,
    "followed_by": JV.followedBy,
    "held_by": JV.heldBy,
    "visitor": JV.visitor,
    "destination": JV.destination,
    "invited_by": JV.invitedBy,
    "for_event": JV.forEvent,
    "part_of": JV.partOf,
    "part_of_organisation": JV.partOfOrganisation,
    "office_in": JV.officeIn,
    "holds_office": JV.holdsOffice,
    "contributes_to": JV.contributesTo,
    "builds_on": JV.buildsOn,
    "involves": JV.involves,
    "coordinated_by": JV.coordinatedBy,
    "supported_by": JV.supportedBy,
    "goals": JV.hasGoal,
    "research_areas": JV.researchArea,
    "title": JV.title,
    "parties": JV.party,
    "adopted_at": JV.adoptedAt,
    "steers": JV.steers,
    "between": JV.between,
    "position": JV.position,
    "undertaking": JV.forUndertaking,
    "flow_from": JV.flowFrom,
    "flow_to": JV.flowTo,
    "flow_between": JV.flowBetween,
    "included_in": JV.includedIn,
    # a quantity's fields (the node <target>_quantity)
    "value": JV.numericValue,
    "unit": JV.unit,
    "bound": JV.bound,
    "stated_as": JV.statedAs,
    "per": JV.per,
    "period": JV.period,
    # documents, financing, tenures (format version 2)
    "signed_at": JV.signedAt,
    "lender": JV.lender,
    "borrower": JV.borrower,
    "person": JV.holder,
    "office": JV.office,
    "from": JV.fromDate,
    "to": JV.toDate,
    "during": JV.during,
    # tracking commitments (format version 3); a ``per`` that names a unit is held as ``per_unit``
    "due": JV.due,
    "launched_at": JV.launchedAt,
    "per_unit": JV.perUnit,
    "toward": JV.toward,
    "as_of": JV.asOf,
    "share": JV.share,
    "completion": JV.completion,
    "covers": JV.covers,
    "party": JV.assessedParty,
    "score": JV.complianceScore,
    # what curators of a whole joint statement need (format version 5)
    "implements": JV.implements,
    "chaired_by": JV.chairedBy,
    "members": JV.hasMember,
    "speaker": JV.speaker,
    "said_at": JV.saidAt,
    "said_on": JV.saidOn,
    "words": JV.words,
    "concerns": JV.concerns,
}

#: The predicates of a source's metadata (``source:`` in a fact file).
SOURCE_PREDICATES: dict[str, URIRef] = {
    "kind": JV.sourceKind,
    "publisher": JV.publisher,
    "published": JV.published,
    "language": JV.language,
    "url": JV.url,
    "reports_on": JV.reportsOn,
}

#: The individual of each kind of source.
SOURCE_KIND_IRIS: dict[str, URIRef] = {
    "primary-document": JV.PrimaryDocumentSource,
    "joint-statement": JV.JointStatementSource,
    "press-release": JV.PressReleaseSource,
    "fact-sheet": JV.FactSheetSource,
    "speech": JV.SpeechSource,
    "news-article": JV.NewsArticleSource,
    "assessment": JV.AssessmentSource,
}

#: A name a source gives an entity defined in another file (``label:`` of an
#: ``about:`` entry): an alternative label, so that the entity keeps one.
ALTERNATIVE_LABEL = SKOS.altLabel

#: ... except where one type gives a field name another meaning.
PREDICATES_BY_TYPE: dict[tuple[str, str], URIRef] = {
    ("JointStatement", "directions"): JV.hasDirection,
}

#: The predicates of a period's fields (the node <target>_period).
PERIOD_PREDICATES: dict[str, URIRef] = {
    "start_year": JV.startYear,
    "end_year": JV.endYear,
    "duration": JV.duration,
    "anchored_to": JV.anchoredTo,
    "start": JV.startsOn,
    "end": JV.endsOn,
}

#: The individual of each bound.
BOUND_IRIS: dict[str, URIRef] = {
    "exact": JV.Exact,
    "at-least": JV.AtLeast,
    "at-most": JV.AtMost,
    "about": JV.Approximately,
}

#: The individual of each completion level (a progress report's or an assessment's).
COMPLETION_IRIS: dict[str, URIRef] = {
    "no-evidence": JV.NoEvidence,
    "not-started": JV.NotStarted,
    "limited": JV.Limited,
    "substantial": JV.Substantial,
    "complete": JV.Complete,
}

#: The derived status of a commitment (docs/source-format.md, "The status of
#: a commitment, derived"): each row of the rule table, in the order the
#: rules are tried, as (the status, the rule that gives it).
STATUS_RULES: dict[str, tuple[URIRef, URIRef]] = {
    "disputed": (JV.Disputed, JV.DisputedRule),
    "achieved": (JV.Achieved, JV.AchievedRule),
    "missed": (JV.Missed, JV.MissedRule),
    "on track": (JV.OnTrack, JV.OnTrackRule),
    "behind": (JV.Behind, JV.BehindRule),
    "not yet due": (JV.NotYetDue, JV.NotYetDueRule),
    "no information": (JV.NoInformation, JV.NoInformationRule),
}

#: The IRI of each value of a kind whose values are IRIs, by the kind's
#: vocabulary (``kinds.Kind.vocabulary``), from the value's lexical form.
VOCABULARIES: dict[str, Callable[[str], URIRef]] = {
    "entity": entity_iri,
    "wikidata": lambda qid: WIKIDATA[qid],
    "bound": BOUND_IRIS.__getitem__,
    "source_kind": SOURCE_KIND_IRIS.__getitem__,
    "completion": COMPLETION_IRIS.__getitem__,
}

assert set(BOUND_IRIS) == set(BOUNDS) and set(PERIOD_PREDICATES) == {f.name for f in PERIOD_FIELDS}
assert set(SOURCE_PREDICATES) == set(SOURCE_METADATA) and set(SOURCE_KIND_IRIS) == set(SOURCE_KINDS)
assert set(COMPLETION_IRIS) == set(ASSESSED_COMPLETIONS)


def predicate(type_name: str, spec: Field) -> URIRef:
    """The predicate a field of an entity of ``type_name`` becomes."""
    return PREDICATES_BY_TYPE.get((type_name, spec.name)) or PREDICATES[spec.name]
