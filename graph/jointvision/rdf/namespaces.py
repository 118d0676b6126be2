"""Every IRI the project uses, in one place.

``JV`` mirrors the terms of ``ontology/jointvision.ttl``; the test suite checks
that the two list exactly the same terms, so a term cannot be used here without
being defined (with label and comment) in the ontology, nor the reverse.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from . import iris
from .iris import (  # noqa: F401 - re-exported: every IRI stays importable from here
    DATA,
    DATASET_IRI,
    DERIVED,
    GRAPHS,
    ONTOLOGY,
    PREFIXES,
    PUBLIC_BASE,
    STATUS_GRAPH,
    VOCAB,
)

#: The ontology IRI itself (also the name of the graph that holds it).
ONTOLOGY_IRI = URIRef(ONTOLOGY)


class JV(DefinedNamespace):
    """Terms of the jointvision ontology (``jv:``)."""

    _NS = Namespace(VOCAB)
    _fail = True

    # classes
    Country: URIRef
    City: URIRef
    Organisation: URIRef
    Government: URIRef
    Ministry: URIRef
    ActorGroup: URIRef
    Person: URIRef
    Office: URIRef
    Event: URIRef
    Summit: URIRef
    Visit: URIRef
    Document: URIRef
    JointStatement: URIRef
    Agreement: URIRef
    MemorandumOfCooperation: URIRef
    Tenure: URIRef
    Financing: URIRef
    Loan: URIRef
    SourceKind: URIRef
    Partnership: URIRef
    StrategicDirection: URIRef
    Undertaking: URIRef
    Program: URIRef
    Initiative: URIRef
    Activity: URIRef
    ResearchArea: URIRef
    Goal: URIRef
    Target: URIRef
    Quantity: URIRef
    Unit: URIRef
    Currency: URIRef
    CountUnit: URIRef
    BoundKind: URIRef
    Period: URIRef
    Source: URIRef
    Evidence: URIRef
    Progress: URIRef
    Assessment: URIRef
    Statement: URIRef
    CompletionLevel: URIRef
    DerivedStatus: URIRef
    Status: URIRef
    StatusRule: URIRef
    # individuals
    Exact: URIRef
    AtLeast: URIRef
    AtMost: URIRef
    Approximately: URIRef
    PrimaryDocumentSource: URIRef
    JointStatementSource: URIRef
    PressReleaseSource: URIRef
    FactSheetSource: URIRef
    SpeechSource: URIRef
    NewsArticleSource: URIRef
    AssessmentSource: URIRef
    NoEvidence: URIRef
    NotStarted: URIRef
    Limited: URIRef
    Substantial: URIRef
    Complete: URIRef
    Achieved: URIRef
    OnTrack: URIRef
    Behind: URIRef
    Missed: URIRef
    NotYetDue: URIRef
    NoInformation: URIRef
    Disputed: URIRef
    AchievedRule: URIRef
    OnTrackRule: URIRef
    BehindRule: URIRef
    MissedRule: URIRef
    NotYetDueRule: URIRef
    NoInformationRule: URIRef
    DisputedRule: URIRef
    # object properties
    country: URIRef
    holdsOffice: URIRef
    officeIn: URIRef
    partOfOrganisation: URIRef
    location: URIRef
    participant: URIRef
    visitor: URIRef
    destination: URIRef
    invitedBy: URIRef
    forEvent: URIRef
    heldBy: URIRef
    followedBy: URIRef
    party: URIRef
    adoptedAt: URIRef
    steers: URIRef
    hasDirection: URIRef
    underDirection: URIRef
    partOf: URIRef
    contributesTo: URIRef
    buildsOn: URIRef
    involves: URIRef
    coordinatedBy: URIRef
    supportedBy: URIRef
    hasGoal: URIRef
    researchArea: URIRef
    between: URIRef
    quantity: URIRef
    unit: URIRef
    bound: URIRef
    period: URIRef
    anchoredTo: URIRef
    flowFrom: URIRef
    flowTo: URIRef
    flowBetween: URIRef
    includedIn: URIRef
    forUndertaking: URIRef
    wikidata: URIRef
    evidence: URIRef
    inSource: URIRef
    namedGraph: URIRef
    signedAt: URIRef
    lender: URIRef
    borrower: URIRef
    holder: URIRef
    office: URIRef
    during: URIRef
    sourceKind: URIRef
    reportsOn: URIRef
    launchedAt: URIRef
    perUnit: URIRef
    toward: URIRef
    completion: URIRef
    covers: URIRef
    assessedParty: URIRef
    implements: URIRef
    chairedBy: URIRef
    hasMember: URIRef
    speaker: URIRef
    saidAt: URIRef
    concerns: URIRef
    statusOf: URIRef
    status: URIRef
    statusRule: URIRef
    # datatype properties
    title: URIRef
    abbreviation: URIRef
    startDate: URIRef
    endDate: URIRef
    year: URIRef
    ordinal: URIRef
    position: URIRef
    numericValue: URIRef
    statedAs: URIRef
    saidOn: URIRef
    words: URIRef
    per: URIRef
    startYear: URIRef
    endYear: URIRef
    duration: URIRef
    iso3166Code: URIRef
    iso4217Code: URIRef
    quote: URIRef
    start: URIRef
    end: URIRef
    fileName: URIRef
    sha256: URIRef
    characterCount: URIRef
    fromDate: URIRef
    toDate: URIRef
    publisher: URIRef
    published: URIRef
    language: URIRef
    url: URIRef
    due: URIRef
    startsOn: URIRef
    endsOn: URIRef
    asOf: URIRef
    share: URIRef
    complianceScore: URIRef
    shareReached: URIRef
    shareElapsed: URIRef
    statusAsOf: URIRef


JVD = Namespace(DATA)
SH = Namespace("http://www.w3.org/ns/shacl#")
WIKIDATA = Namespace(iris.WIKIDATA)


def entity_iri(local_id: str) -> URIRef:
    """The IRI of an entity whose identifier in a source file is ``local_id``."""
    return JVD[local_id]


def derived_iri(owner_id: str, part: str) -> URIRef:
    """The IRI of a node that exists only as part of another (``x_quantity``).

    Identifiers in source files never contain ``_``, so these cannot collide.
    """
    return JVD[f"{owner_id}_{part}"]


def source_graph_iri(source_id: str) -> URIRef:
    """The named graph holding every statement a source makes."""
    return URIRef(GRAPHS + source_id)


def evidence_iri(source_id: str, start: int, end: int) -> URIRef:
    """The IRI of a quote: one per source span, shared by every fact citing it."""
    return JVD[f"{source_id}_{start}-{end}"]
