"""YAML written for people: what ``cite --yaml`` and ``suggest`` print for a
curator to paste into a fact file.

It is PyYAML's safe output, keys in the order given, Unicode as it is (a
Japanese or Hindi quote stays readable), with one difference: a string that
holds a character which acts on a terminal or turns text around as it is
shown (:data:`jointvision.terminal.UNSAFE`: controls, separators,
bidirectional overrides and marks) is written in double quotes with that
character as a ``\\uXXXX`` escape, which YAML reads back as the same
character. So the text pasted is the text of the source, and the terminal
shows it as it is.

>>> dump([{"quote": "plain", "start": 0}])
'- quote: plain\\n  start: 0\\n'
>>> dump([{"quote": "evil \\u202etxt"}])
'- quote: "evil \\\\u202Etxt"\\n'
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..terminal import BEYOND_C0, C0_BUT_LAYOUT

_UNSAFE = re.compile(f"[{C0_BUT_LAYOUT}{BEYOND_C0}]")


class _Dumper(yaml.SafeDumper):
    """Strings that hold an unsafe character are double-quoted (the only
    style in which YAML has escapes)."""


def _string(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _UNSAFE.search(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _string)


def dump(data: Any) -> str:
    """``data`` as YAML for people (see the module's description)."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    # every unsafe character now stands in a double-quoted string, where the escape means the same character
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", text)
