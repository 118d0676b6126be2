"""Bad input: one clear message naming file, line and field; exit status 2;
no output file created or changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_cli
from jointvision.errors import SourceError
from jointvision.source.loader import load_sources

# (case id, text to replace, replacement, expected message part, expected field part,
#  a substring of the replacement whose line the message must name, or None to check the line loosely)
CASES = [
    ("malformed-yaml", "  - id: japan\n", "  - id: japan\n    label: [unclosed\n", "malformed YAML", None, None),
    (
        "unknown-direction",
        "    directions: [next-generation-economic-security-partnership]\n    involves",
        "    directions: [next-generation-economic-securty-partnership]\n    involves",
        "unknown entity 'next-generation-economic-securty-partnership'; did you mean "
        "'next-generation-economic-security-partnership'",
        ".directions",
        "securty",
    ),
    (
        "duplicate-id",
        "  - id: japan\n",
        "  - id: india\n",
        "duplicate identifier 'india'",
        ".id",
        "  - id: india\n    type: Country\n    label: Japan",
    ),
    (
        "value-not-a-number",
        "    value: 10000000000000\n",
        "    value: 10 trillion\n",
        "must be a number written in digits",
        ".value",
        "value: 10 trillion",
    ),
    (
        "value-quoted",
        "    value: 5000000000000\n",
        '    value: "5000000000000"\n',
        "not a quoted string",
        ".value",
        'value: "5000000000000"',
    ),
    (
        "quote-missing",
        '      - quote: "JPY 5 trillion"\n        start: 1457',
        "      - start: 1457",
        "the quote is missing",
        "evidence[0].quote",
        "      - start: 1457",
    ),
    (
        "quote-not-in-text",
        '      - quote: "JPY 5 trillion"\n',
        '      - quote: "JPY 6 trillion"\n',
        "does not occur in the source text",
        "evidence[0].quote",
        "JPY 6 trillion",
    ),
    (
        "offsets-wrong",
        '      - quote: "JPY 5 trillion"\n        start: 1457\n        end: 1471\n',
        '      - quote: "JPY 5 trillion"\n        start: 1458\n        end: 1472\n',
        "the quote occurs at start: 1457, end: 1471",
        "evidence[0].quote",
        'quote: "JPY 5 trillion"',
    ),
    (
        "offsets-absent",
        '      - quote: "JPY 5 trillion"\n        start: 1457\n        end: 1471\n',
        '      - quote: "JPY 5 trillion"\n',
        "start and end offsets are missing",
        "evidence[0].quote",
        'quote: "JPY 5 trillion"',
    ),
    (
        "wrong-reference-type",
        "    flow_from: japan\n",
        "    flow_from: tokyo\n",
        "'tokyo' is a City; expected Country",
        ".flow_from",
        "flow_from: tokyo",
    ),
    (
        "unknown-field",
        "    iso4217: JPY\n",
        "    iso4217: JPY\n    colour: red\n",
        "unknown field for type Currency",
        ".colour",
        "colour: red",
    ),
    ("unknown-type", "    type: Currency\n", "    type: Money\n", "unknown type 'Money'", ".type", "type: Money"),
    (
        "not-a-date",
        "    start_date: 2025-08-29\n",
        "    start_date: 2025-02-30\n",
        "is not a calendar date",
        ".start_date",
        "2025-02-30",
    ),
    (
        "bad-bound",
        "    bound: at-least\n",
        "    bound: more-than\n",
        "must be one of exact, at-least",
        ".bound",
        "more-than",
    ),
    (
        "stated-as-not-quoted",
        "    stated_as: JPY 10 trillion\n",
        "    stated_as: JPY 12 trillion\n",
        "does not occur in any of the entity's evidence quotes",
        ".stated_as",
        "stated_as: JPY 12 trillion",
    ),
    (
        "period-years-reversed",
        "    period: {start_year: 2022, end_year: 2026}\n",
        "    period: {start_year: 2027, end_year: 2026}\n",
        "start_year is after end_year",
        ".period",
        "period: {start_year: 2027",
    ),
    (
        "missing-required-field",
        "    unit: jpy\n    bound: exact\n    stated_as: JPY 10 trillion\n",
        "    bound: exact\n    stated_as: JPY 10 trillion\n",
        "this field is required for type Target",
        ".unit",
        None,
    ),
    (
        "id-with-trailing-newline",
        "  - id: japan\n",
        '  - id: "japan\\n"\n',
        "must be an identifier: lower-case words",
        ".id",
        '"japan\\n"',
    ),
    (
        "year-in-other-digits",
        "    period: {start_year: 2022, end_year: 2026}\n",
        "    period: {start_year: \u0662\u0660\u0662\u0662, end_year: 2026}\n",
        "must be a year such as 2026",
        ".period.start_year",
        "period: {start_year: \u0662",
    ),
    (
        "duration-not-canonical",
        "    period: {duration: P5Y}\n",
        "    period: {duration: P60M}\n",
        "write 'P60M' as 'P5Y'",
        ".period.duration",
        "P60M",
    ),
    ("duration-in-weeks", "    per: P1Y\n", "    per: P52W\n", "a duration in years, months and days", ".per", "P52W"),
    (
        "wrong-format-tag",
        "format: jointvision-source/2\n",
        "format: jointvision-source/9\n",
        "must be 'jointvision-source/1' or 'jointvision-source/2'",
        "format",
        "jointvision-source/9",
    ),
    (
        "value-negative",
        "    value: 10000000000000\n",
        "    value: -10000000000000\n",
        "must be a number written in digits, not negative",
        ".value",
        "value: -10000000000000",
    ),
    (
        "refers-to-itself",
        "    builds_on: [public-and-private-investment-2022-2026]\n",
        "    builds_on: [private-investment-10-trillion]\n",
        "'private-investment-10-trillion' refers to itself",
        ".builds_on",
        "builds_on: [private-investment-10-trillion]",
    ),
    (
        "direction-position-taken",
        "    label: Next Gen People-to-People Partnership\n    position: 7\n",
        "    label: Next Gen People-to-People Partnership\n    position: 8\n",
        "position 8 is already taken by",
        ".position",
        None,
    ),
]


def _mutate(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"fixture text not found: {old!r}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def _line_of(text: str, needle: str) -> int:
    """The 1-based line where ``needle`` (which must occur once) starts."""
    assert text.count(needle) == 1, f"anchor {needle!r} is not unique"
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_library_error_names_file_line_and_field(data_copy, case):
    _, old, new, message, field, anchor = case
    text = _mutate(data_copy, old, new)
    with pytest.raises(SourceError) as caught:
        load_sources(data_copy)
    error = caught.value
    assert error.path == str(data_copy)
    assert message in str(error)
    if field is not None:
        assert field in (error.field or "")
    assert error.line is not None
    if anchor is not None:
        assert error.line == _line_of(text, anchor)
    assert str(error).startswith(f"{data_copy}:{error.line}: ")


@pytest.mark.parametrize("case", CASES[:6], ids=[c[0] for c in CASES[:6]])
def test_cli_build_exits_2_and_writes_nothing(tmp_path, data_copy, case):
    _, old, new, message, _, _ = case
    _mutate(data_copy, old, new)
    out = tmp_path / "out"
    result = run_cli("build", "--data", str(data_copy), "--out", str(out))
    assert result.returncode == 2
    assert message in result.stderr and str(data_copy) in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not out.exists()


def test_cli_build_leaves_earlier_outputs_unchanged(tmp_path, data_copy):
    out = tmp_path / "out"
    assert run_cli("build", "--data", str(data_copy), "--out", str(out)).returncode == 0
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    _mutate(data_copy, "    value: 10000000000000\n", "    value: ten trillion\n")
    result = run_cli("build", "--data", str(data_copy), "--out", str(out))
    assert result.returncode == 2
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    assert after == before


def test_changed_source_text_is_caught_by_its_digest(data_copy):
    text_file = data_copy.with_suffix(".txt")
    text_file.write_text(text_file.read_text(encoding="utf-8").replace("Tokyo", "Kyoto"), encoding="utf-8")
    with pytest.raises(SourceError, match=r"source\.sha256: the source text has SHA-256 [0-9a-f]{64}"):
        load_sources(data_copy)


def test_reference_across_files_resolves_and_duplicates_across_files_are_caught(data_copy):
    second = data_copy.parent / "zz-second.yaml"
    second.write_text(
        "format: jointvision-source/1\n"
        "source:\n  id: second-source\n  label: Second\n  text: second.txt\n"
        f"  sha256: {__import__('hashlib').sha256(b'Japan and India meet again.').hexdigest()}\n"
        "entities:\n"
        "  - id: second-meeting\n    type: Event\n    label: Another meeting\n    participants: [india, japan]\n"
        "    evidence:\n      - quote: Japan and India meet again.\n        start: 0\n        end: 27\n",
        encoding="utf-8",
    )
    (data_copy.parent / "second.txt").write_bytes(b"Japan and India meet again.")
    sources = load_sources(data_copy.parent)
    assert [s.source_id for s in sources][-1] == "second-source"
    second.write_text(second.read_text().replace("id: second-meeting", "id: tokyo"), encoding="utf-8")
    with pytest.raises(SourceError, match=re.escape(f"duplicate identifier 'tokyo': already used at {data_copy}:")):
        load_sources(data_copy.parent)
    # the same source id in two files: both places named with their lines
    first_id = next(s for s in sources if s.path == data_copy).source_id
    second.write_text(
        second.read_text().replace("id: tokyo", "id: second-meeting").replace("id: second-source", f"id: {first_id}"),
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        load_sources(data_copy.parent)
    assert caught.value.line == 3 and caught.value.field == "source.id"
    first_line = data_copy.read_text(encoding="utf-8").splitlines().index(f"  id: {first_id}") + 1
    assert f"is already used in {data_copy}:{first_line}" in str(caught.value)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty"),
        (b"\xff\xfe not utf-8", "not valid UTF-8"),
        (b"- just\n- a list\n", "expected a mapping"),
    ],
)
def test_unreadable_fact_files(tmp_path, content, message):
    path = tmp_path / "facts.yaml"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        load_sources(path)


def test_missing_data_path_is_bad_input(tmp_path):
    result = run_cli("build", "--data", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "no such file or folder" in result.stderr


def test_a_file_named_twice_is_read_once(data_copy):
    sources = load_sources([data_copy.parent, data_copy])
    assert len(sources) == 1
