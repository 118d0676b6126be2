"""Rules across the fields of one entity, or of one mapping such as a
target's period: a field that needs another, two that go together or
exclude each other, two in order, a field that must be given.

``schema`` declares which rules hold, beside the types they concern
(``schema.RULES``, ``schema.PERIOD_RULES``); the reader applies them in the
order declared and reports the first broken one, naming the field and
pointing at its line (the line of the entry, or of the mapping, where the
field is missing or the rule concerns the whole).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeGuard


@dataclass(frozen=True)
class Facts:
    """What a rule sees of one entity (or of one of its mappings)."""

    type: str
    about: bool  # statements about an entity another file defines
    values: Mapping[str, Any]  # the first value of each field given, by name
    quotes: tuple[str, ...] = ()  # the entity's evidence quotes
    source_kind: str | None = None  # the kind of the source it stands in (``source.kind``), if given


class Span(Protocol):
    """A value that stands for a span of days (a date at year or month
    precision): compared by its first and last day."""

    def first_day(self) -> Any: ...

    def last_day(self) -> Any: ...


def _is_span(value: Any) -> TypeGuard[Span]:
    """Whether ``value`` is a :class:`Span`, asked of its type (a runtime
    protocol's ``isinstance`` walks the members each time: a cost paid on
    every entry of a fact file)."""
    kind = type(value)
    return callable(getattr(kind, "first_day", None)) and callable(getattr(kind, "last_day", None))


def _after(first: Any, last: Any) -> bool:
    """Whether ``first`` is after ``last``: spans compare the first day of one
    with the last day of the other (2031-04 is not after 2031)."""
    if _is_span(first) and _is_span(last):
        return first.first_day() > last.last_day()
    return first > last


@dataclass(frozen=True)
class Breach:
    """A broken rule: its message, and the field it names (None: the
    mapping as a whole)."""

    message: str
    field: str | None = None


@dataclass(frozen=True)
class Rule:
    """A check across fields: ``check`` returns the breach, or None. It
    concerns entities of ``types`` and their sub types (``()``: every type)."""

    name: str
    check: Callable[[Facts], Breach | None]
    types: tuple[str, ...] = ()


def both_or_neither(first: str, second: str, *, types: tuple[str, ...] = ()) -> Rule:
    """``first`` and ``second`` are given together or not at all."""

    def check(facts: Facts) -> Breach | None:
        if (first in facts.values) == (second in facts.values):
            return None
        return Breach(f"give both {first} and {second}, or neither")

    return Rule(f"{first} and {second} both or neither", check, types)


def ordered(first: str, last: str, *, types: tuple[str, ...] = (), message: str | None = None) -> Rule:
    """Where both are given, ``first`` is not after ``last`` (a span, such as
    a date at year or month precision, from its first day to its last). The
    message names ``last`` ("is before first"); a given ``message`` names
    the mapping as a whole."""
    breach = Breach(f"is before {first}", last) if message is None else Breach(message)

    def check(facts: Facts) -> Breach | None:
        values = facts.values
        if first in values and last in values and _after(values[first], values[last]):
            return breach
        return None

    return Rule(f"{first} not after {last}", check, types)


def needs(field: str, other: str, message: str, *, types: tuple[str, ...] = (), at: str | None = None) -> Rule:
    """``field`` is given only with ``other``; the message names the field
    ``at``, or the mapping as a whole."""

    def check(facts: Facts) -> Breach | None:
        return Breach(message, at) if field in facts.values and other not in facts.values else None

    return Rule(f"{field} needs {other}", check, types)


def exclusive(field: str, others: tuple[str, ...], message: str, *, types: tuple[str, ...] = ()) -> Rule:
    """``field`` is not given with any of ``others``; the message names ``field``."""

    def check(facts: Facts) -> Breach | None:
        if field in facts.values and any(other in facts.values for other in others):
            return Breach(message, field)
        return None

    return Rule(f"{field} excludes {', '.join(others)}", check, types)


def exactly_one(fields: tuple[str, ...], message: str, *, types: tuple[str, ...] = ()) -> Rule:
    """One of ``fields`` is given, and no other. The message names the
    second one given, or the mapping as a whole where none is (statements
    about an entity another file defines may give none)."""

    def check(facts: Facts) -> Breach | None:
        given = [name for name in fields if name in facts.values]
        if len(given) == 1 or (facts.about and not given):
            return None
        return Breach(message, given[1] if given else None)

    return Rule(f"exactly one of {', '.join(fields)}", check, types)


def at_least_one(fields: tuple[str, ...], message: str, *, types: tuple[str, ...] = ()) -> Rule:
    """At least one of ``fields`` is given (statements about an entity another
    file defines may give none); the message names the mapping as a whole."""

    def check(facts: Facts) -> Breach | None:
        return None if facts.about or any(name in facts.values for name in fields) else Breach(message)

    return Rule(f"at least one of {', '.join(fields)}", check, types)


def within(field: str, low: int, high: int, message: str, *, types: tuple[str, ...] = ()) -> Rule:
    """Where given, ``field`` lies from ``low`` to ``high``; the message names the field."""

    def check(facts: Facts) -> Breach | None:
        value = facts.values.get(field)
        return None if value is None or low <= value <= high else Breach(f"{message}, got {value}", field)

    return Rule(f"{field} from {low} to {high}", check, types)


def in_source_of_kind(kind: str, *, types: tuple[str, ...]) -> Rule:
    """Entities of ``types`` stand only in a source whose ``kind`` is
    ``kind``; the message names the entry's type and the source's kind."""

    def check(facts: Facts) -> Breach | None:
        if facts.source_kind == kind:
            return None
        stated = f"is of kind {facts.source_kind}" if facts.source_kind else "gives no kind (source.kind)"
        return Breach(
            f"an entry of type {facts.type} stands only in a source of kind {kind}; this source {stated}", "type"
        )

    return Rule(f"only in a source of kind {kind}", check, types)


def in_a_quote(field: str, *, types: tuple[str, ...] = ()) -> Rule:
    """The text of ``field`` occurs in one of the entity's evidence quotes."""

    def check(facts: Facts) -> Breach | None:
        if field not in facts.values:
            return None
        stated = str(facts.values[field])
        if any(stated in quote for quote in facts.quotes):
            return None
        return Breach(f"{stated!r} does not occur in any of the entity's evidence quotes", field)

    return Rule(f"{field} occurs in a quote", check, types)


def has_evidence(facts: Facts) -> Breach | None:
    """Every entity has at least one quote of its source."""
    return (
        None if facts.quotes else Breach("every entity needs at least one quote of the source as evidence", "evidence")
    )
