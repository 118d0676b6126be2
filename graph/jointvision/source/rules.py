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
from typing import Any


@dataclass(frozen=True)
class Facts:
    """What a rule sees of one entity (or of one of its mappings)."""

    type: str
    about: bool  # statements about an entity another file defines
    values: Mapping[str, Any]  # the first value of each field given, by name
    quotes: tuple[str, ...] = ()  # the entity's evidence quotes


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
    """Where both are given, ``first`` is not after ``last``. The message
    names ``last`` ("is before first"); a given ``message`` names the
    mapping as a whole."""
    breach = Breach(f"is before {first}", last) if message is None else Breach(message)

    def check(facts: Facts) -> Breach | None:
        values = facts.values
        if first in values and last in values and values[first] > values[last]:
            return breach
        return None

    return Rule(f"{first} not after {last}", check, types)


def needs(field: str, other: str, message: str, *, types: tuple[str, ...] = ()) -> Rule:
    """``field`` is given only with ``other``; the message names the mapping as a whole."""

    def check(facts: Facts) -> Breach | None:
        return Breach(message) if field in facts.values and other not in facts.values else None

    return Rule(f"{field} needs {other}", check, types)


def exclusive(field: str, others: tuple[str, ...], message: str, *, types: tuple[str, ...] = ()) -> Rule:
    """``field`` is not given with any of ``others``; the message names ``field``."""

    def check(facts: Facts) -> Breach | None:
        if field in facts.values and any(other in facts.values for other in others):
            return Breach(message, field)
        return None

    return Rule(f"{field} excludes {', '.join(others)}", check, types)


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
