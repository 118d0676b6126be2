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
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


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
