"""Small factories for test data: fact files written from a text and a list
of entities, with offsets and digests computed, so that a test states only
what matters to it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml


def evidence(text: str, quote: str, occurrence: int = 0) -> dict:
    """An evidence entry for ``quote``: its ``occurrence``-th place in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return {"quote": quote, "start": start, "end": start + len(quote)}


def make_source(
    folder: Path,
    text: str,
    entities: list[dict],
    *,
    source_id: str = "test-source",
    label: str = "Test source (invented text)",
    name: str | None = None,
    metadata: dict | None = None,
    version: int = 2,
) -> Path:
    """Write ``<name>.txt`` and ``<name>.yaml`` into ``folder`` and return the
    fact file. Each entity's ``evidence`` may list plain quotes (strings):
    they are turned into entries with the offsets of their first occurrence.
    ``metadata`` adds to ``source:`` (kind, publisher, published, ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = name or source_id
    text_path = folder / f"{name}.txt"
    text_path.write_text(text, encoding="utf-8")
    written = []
    for entity in entities:
        entity = dict(entity)
        entity["evidence"] = [evidence(text, q) if isinstance(q, str) else q for q in entity.get("evidence", [])]
        written.append(entity)
    doc = {
        "format": f"jointvision-source/{version}",
        "source": {
            "id": source_id,
            "label": label,
            "text": text_path.name,
            "sha256": hashlib.sha256(text_path.read_bytes()).hexdigest(),
            **(metadata or {}),
        },
        "entities": written,
    }
    path = folder / f"{name}.yaml"
    path.write_text(
        "# Test fixture: invented facts of an invented text.\n"
        + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120),
        encoding="utf-8",
    )
    return path
