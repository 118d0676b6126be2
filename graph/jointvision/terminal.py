"""What may reach a terminal, or a line-based format, from data.

Labels, quotes and remote answers may hold any character. A few of them
act on a terminal instead of being shown (C0 and C1 control characters:
ESC, CSI U+009B, OSC U+009D ...), break a line-based format (line
feeds, U+2028 and U+2029) or turn text around as it is displayed (the
bidirectional overrides and isolates, as in "Trojan Source"). Every piece
of data the command line prints goes through one of these functions:

* :func:`one_line`: a message as one line, every character that is not
  printable as an escape, cut if very long;
* :func:`shown`: for tables and messages, every such character as a
  visible escape (``\\x1b``, ``\\u202e``; tab, line feed and carriage
  return as ``\\t``, ``\\n``, ``\\r``);
* :func:`escaped_in_written`: for JSON, N-Triples or N-Quads already
  written, the same characters as ``\\uXXXX`` escapes, which those formats
  read back as the characters they stand for (nothing is lost).

Tables line their columns up by the columns a text takes on a terminal
(:func:`display_width`, :func:`pad`), not by its characters: a Japanese
character takes two, a combining mark (a Devanagari vowel sign) none.
"""

from __future__ import annotations

import re

#: Characters that act on a terminal or on lines: C0 controls, DEL, C1
#: controls, the line and paragraph separators, and the bidirectional
#: marks, embeddings, overrides and isolates.
#: (As the inside of a regular expression's character class.)
BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
UNSAFE = "\x00-\x1f" + BEYOND_C0
_UNSAFE = re.compile(f"[{UNSAFE}]")
#: The same but tab, line feed and carriage return, which JSON and
#: N-Triples writers escape themselves (outside strings they are layout).
C0_BUT_LAYOUT = "\x00-\x08\x0b\x0c\x0e-\x1f"
_UNSAFE_IN_WRITTEN = re.compile(f"[{C0_BUT_LAYOUT}{BEYOND_C0}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def shown(text: str) -> str:
    """``text`` with every character of :data:`UNSAFE` as a visible escape,
    so that it is shown as it is and cannot act on the terminal or break a
    row."""
    return _UNSAFE.sub(_escape, text)


def _uchar(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def escaped_in_written(text: str) -> str:
    """JSON, N-Triples or N-Quads text, already written, with the characters
    of :data:`UNSAFE` that those writers leave as they are (DEL, C1, the
    separators, the bidirectional controls) as ``\\uXXXX`` escapes. Such a
    character can only stand inside a string, a literal or an IRI, where
    each of these formats reads the escape as the same character: nothing
    is lost."""
    return _UNSAFE_IN_WRITTEN.sub(_uchar, text)


def one_line(text: str, limit: int = 2_000) -> str:
    """A message as one line: line breaks and every other character Python
    does not print (controls, separators, format characters) shown as
    escapes (a file or field name may hold any of them), cut if very long.

    >>> one_line("line one\\nline two\\x1b[2J")
    'line one\\\\nline two\\\\x1b[2J'
    """
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def display_width(text: str) -> int:
    """How many columns ``text`` takes on a terminal, as ``wcwidth`` measures
    it: a wide or full-width character (Japanese, Chinese, Korean) two, a
    combining mark or other zero-width character none, any other one; a
    character a terminal does not print (which :func:`shown` has escaped) none.

    >>> display_width("Japan"), display_width("日本"), display_width("ＮＳＤＣ"), display_width("e\u0301")
    (5, 4, 8, 1)
    """
    if text.isascii() and text.isprintable():  # one column a character: no width tables needed
        return len(text)
    from wcwidth import wcswidth, wcwidth  # imported on first need: for text beyond ASCII

    width = wcswidth(text)
    return width if width >= 0 else sum(max(wcwidth(c), 0) for c in text)


def pad(text: str, width: int) -> str:
    """``text`` with spaces after it up to ``width`` columns (:func:`display_width`).

    >>> pad("日本", 6) + "|", pad("Japan", 6) + "|"
    ('日本  |', 'Japan |')
    """
    return text + " " * max(width - display_width(text), 0)
