"""Hostile and extreme input: one message with file, line and field, exit 2,
never a traceback; downloads that are valid files; no input that stalls or
swamps the machine; builds that are never half-replaced."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, jointvision_command, need_tool, run_cli
from jointvision.cli import main
from jointvision.errors import SourceError
from jointvision.source.loader import load_sources
from jointvision.source.reader import compose_checked

TEXT = "Testland and Examplia agree on 12 joint projects."  # invented for the tests


def fact_file(
    folder: Path, entities: str, text: str = TEXT, text_name: str = "source.txt", write_text: bool = True
) -> Path:
    """A one-source fact file (invented facts) with the right digest."""
    folder.mkdir(parents=True, exist_ok=True)
    if write_text:
        (folder / text_name).write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    path = folder / "facts.yaml"
    path.write_text(
        "format: jointvision-source/1\n"
        "source:\n  id: test-source\n  label: A test text (invented)\n"
        f"  text: {text_name}\n  sha256: {digest}\n"
        f"entities:\n{entities}",
        encoding="utf-8",
    )
    return path


COUNTRY = (
    "  - id: testland\n    type: Country\n    label: Testland\n"
    "    evidence:\n      - quote: Testland\n        start: 0\n        end: 8\n"
)


UNIT = (
    "  - id: project\n    type: CountUnit\n    label: project\n"
    "    evidence:\n      - quote: projects\n        start: 40\n        end: 48\n"
)


def entity(extra: str, type_name: str = "Summit") -> str:
    return (
        f"  - id: thing\n    type: {type_name}\n    label: A thing\n{extra}"
        "    evidence:\n      - quote: Testland\n        start: 0\n        end: 8\n"
    )


def assert_bad_input(path: Path, field: str, message: str, line: int | None = None) -> None:
    """The library names file, line and field; the command exits 2 with one line."""
    with pytest.raises(SourceError) as caught:
        load_sources(path)
    error = caught.value
    assert error.path == str(path) and message in str(error), str(error)
    assert field in (error.field or "") or field in str(error)
    assert error.line is not None and (line is None or error.line == line), str(error)
    result = CliRunner().invoke(main, ["build", "--data", str(path), "--out", str(path.parent / "out")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1, result.output
    assert not (path.parent / "out").exists()


HUGE = "9" * 5_000  # over Python's 4,300-digit limit for int()


@pytest.mark.parametrize(
    "extra, type_name, field, message",
    [
        (f"    ordinal: {HUGE}\n", "Summit", ".ordinal", "too many digits"),
        (f"    position: {HUGE}\n", "StrategicDirection", ".position", "too many digits"),
        (
            f"    value: {HUGE}\n    unit: testland\n    bound: exact\n    stated_as: Testland\n",
            "Target",
            ".value",
            "too many digits",
        ),
        (
            "    value: 0.1234567890123456789\n    unit: testland\n    bound: exact\n    stated_as: Testland\n",
            "Target",
            ".value",
            "18 after",
        ),
        (
            f"    value: 1\n    unit: testland\n    bound: exact\n    stated_as: Testland\n    per: P{HUGE}Y\n",
            "Target",
            ".per",
            "too many digits",
        ),
        (
            f"    value: 1\n    unit: testland\n    bound: exact\n    stated_as: Testland\n"
            f"    period: {{duration: P{HUGE}M}}\n",
            "Target",
            ".period.duration",
            "too many digits",
        ),
    ],
)
def test_numbers_too_long_for_any_store_are_bad_input(tmp_path, extra, type_name, field, message):
    # a target's unit is a unit (the build reports every error: a country there would be a second one)
    path = fact_file(tmp_path, COUNTRY + UNIT + entity(extra.replace("unit: testland", "unit: project"), type_name))
    assert_bad_input(path, field, message)


@pytest.mark.parametrize("field", ["start", "end"])
def test_offsets_too_long_are_bad_input(tmp_path, field):
    text = COUNTRY.replace(f"        {field}: {0 if field == 'start' else 8}\n", f"        {field}: {HUGE}\n")
    path = fact_file(tmp_path, text)
    assert_bad_input(path, f"evidence[0].{field}", "far beyond the end of the source text")


def test_a_nul_byte_in_the_text_name_is_bad_input(tmp_path):
    path = fact_file(tmp_path, COUNTRY, text_name='"source\\0.txt"', write_text=False)
    (tmp_path / "source.txt").write_text(TEXT, encoding="utf-8")
    assert_bad_input(path, "source.text", "U+0000")


def test_a_raw_control_byte_in_the_yaml_has_its_line_and_column(tmp_path):
    path = fact_file(tmp_path, COUNTRY)
    lines = path.read_text().splitlines(keepends=True)
    lines[9] = lines[9].replace("Testland", "Test\x01land")
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_sources(path)
    assert caught.value.line == 10 and "column 16" in str(caught.value) and "U+0001" in str(caught.value)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and result.output.count("\n") == 1


@pytest.mark.parametrize(
    "label, code",
    [
        ('"Test\\x01land"', "U+0001"),
        ('"Test\\x1bland"', "U+001B"),
        ('"Test\\uffffland"', "U+FFFF"),
        ('"Test\\0land"', "U+0000"),
    ],
)
def test_characters_no_xml_can_hold_are_refused_where_they_are_read(tmp_path, label, code):
    """A YAML escape can put a control character in a value whose file bytes
    are clean: it is refused with the value's line."""
    path = fact_file(tmp_path, COUNTRY.replace("    label: Testland\n", f"    label: {label}\n"))
    assert_bad_input(path, "entities[0] (id: testland).label", code, line=10)


def test_a_lone_surrogate_escape_is_refused_with_its_line(tmp_path):
    """libyaml refuses it itself; PyYAML's pure-Python reader lets it through
    to the value check. Either way: one message with the line."""
    path = fact_file(tmp_path, COUNTRY.replace("    label: Testland\n", '    label: "Test\\ud800land"\n'))
    with pytest.raises(SourceError) as caught:
        load_sources(path)
    assert caught.value.line == 10
    assert "U+D800" in str(caught.value) or "invalid Unicode character escape" in str(caught.value)


# ------------------------------------------------------------------ downloads that are valid files


def test_gexf_validates_against_the_gexf_schema(tmp_path):
    need_tool("xmllint", "libxml2-utils")
    schema = ROOT / "tests" / "data" / "gexf-1.2draft" / "gexf.xsd"
    gexf = ROOT / "exports" / "jointvision.gexf"
    result = subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema", str(schema), str(gexf)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_graphml_and_gexf_stay_well_formed_whatever_the_labels(tmp_path):
    """A graph from elsewhere (not a fact file) may carry any character: the
    XML downloads replace what XML cannot hold."""
    need_tool("xmllint", "libxml2-utils")
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, RDFS

    from jointvision.outputs.network import fact_network, to_gexf, to_graphml
    from jointvision.rdf.namespaces import JV, JVD

    graph = Graph()
    for i, label in enumerate(["ctrl \x01 \x1b[31m red", "nul \x00", "non-character \ufffe\uffff", "fine é 𝄞"]):
        graph.add((JVD[f"n{i}"], RDF.type, JV.Organisation))
        graph.add((JVD[f"n{i}"], RDFS.label, Literal(label)))
    net = fact_network(graph)
    for name, data in (("x.graphml", to_graphml(net)), ("x.gexf", to_gexf(net))):
        (tmp_path / name).write_bytes(data)
        result = subprocess.run(
            ["xmllint", "--noout", "--nonet", str(tmp_path / name)], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        import xml.etree.ElementTree as ElementTree

        values = {element.text for element in ElementTree.fromstring(data).iter()}
        values |= {element.get("label") for element in ElementTree.fromstring(data).iter()}
        assert "fine é 𝄞" in values and "ctrl \ufffd \ufffd[31m red" in values


# ------------------------------------------------------------------ inputs that stall or swamp


def test_a_huge_label_is_cut_before_it_is_wrapped():
    from jointvision.outputs.viewer import _wrap

    huge = "word " * 1_000_000  # 5 MB
    wrapped = _wrap(huge)
    assert wrapped == _wrap(huge[:200]) and wrapped.count("\n") == 2 and wrapped.endswith("…")


def test_a_megabyte_label_builds_and_keeps_its_whole_text(tmp_path):
    label = "A very long name " * 60_000  # about 1 MB
    path = fact_file(tmp_path, COUNTRY.replace("    label: Testland\n", f"    label: {label.strip()}\n"))
    out = tmp_path / "out"
    result = run_cli("build", "--data", str(path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert label.strip() in (out / "jointvision.nt").read_text(encoding="utf-8")


def _billion_laughs(levels: int = 9) -> str:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(levels)
    )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{entities}]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">'
        f'<rdf:Description rdf:about="http://s"><ex:p>&{chr(97 + levels)};</ex:p></rdf:Description></rdf:RDF>'
    )


@pytest.mark.parametrize(
    "document, message",
    [
        (_billion_laughs(), "refers to another entity"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://s">'
            '<ex:p xmlns:ex="http://e/">&x;</ex:p></rdf:Description></rdf:RDF>',
            "external entity",
        ),
        (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
            '<rdf:Description rdf:about="http://s">'
            + '<e:p rdf:parseType="Resource">' * 5_000
            + "</e:p>" * 5_000
            + "</rdf:Description></rdf:RDF>",
            "nest more than",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY big "' + "x" * 10_000 + '">]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://s">'
            '<ex:p xmlns:ex="http://e/">' + "&big;" * 2_000 + "</ex:p></rdf:Description></rdf:RDF>",
            "would expand to",
        ),
    ],
)
def test_rdfxml_that_would_expand_or_nest_without_bound_is_refused(tmp_path, document, message):
    path = tmp_path / "hostile.rdf"
    path.write_text(document, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and message in result.output and result.output.count("\n") == 1, result.output
    served = CliRunner().invoke(main, ["serve", "--port", "0", "--graph", f"http://example.org/g={path}"])
    assert served.exit_code == 2 and message in served.output


def test_rdfxml_with_plain_entities_still_reads(tmp_path):
    path = tmp_path / "fine.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY rdf '
        '"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><!ENTITY ex "http://example.org/">]>\n'
        '<rdf:RDF xmlns:rdf="&rdf;"><rdf:Description rdf:about="&ex;s">'
        '<rdf:type rdf:resource="&ex;Thing"/></rdf:Description></rdf:RDF>',
        encoding="utf-8",
    )
    from jointvision.rdf.validate import load_rdf

    assert len(load_rdf(path)) == 1


def test_a_source_text_that_is_a_fifo_is_refused_at_once(tmp_path):
    path = fact_file(tmp_path, COUNTRY, write_text=False)
    os.mkfifo(tmp_path / "source.txt")
    result = run_cli("build", "--data", str(path), "--out", str(tmp_path / "out"))  # run_cli times out at 120 s
    assert result.returncode == 2 and "named pipe" in result.stderr and "source.text" in result.stderr


def test_a_source_text_may_not_lead_outside_its_folder(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text(TEXT, encoding="utf-8")
    folder = tmp_path / "facts"
    path = fact_file(folder, COUNTRY, write_text=False)
    (folder / "source.txt").symlink_to(outside / "secret.txt")
    assert_bad_input(path, "source.text", "leads outside its folder")
    # a link to a file inside the folder is fine
    (folder / "source.txt").unlink()
    (folder / "real.txt").write_text(TEXT, encoding="utf-8")
    (folder / "source.txt").symlink_to("real.txt")
    assert len(load_sources(path)) == 1


@pytest.mark.parametrize("make", ["fifo", "folder", "device"])
def test_query_files_and_fact_files_must_be_regular_files(tmp_path, make):
    target = tmp_path / "input.rq"
    if make == "fifo":
        os.mkfifo(target)
    elif make == "folder":
        target.mkdir()
    else:
        target = Path("/dev/zero")
    result = CliRunner().invoke(main, ["query", "-f", str(target)])
    assert result.exit_code == 2 and "cannot read" in result.output
    if make != "device":
        yaml_path = tmp_path / "facts" / "x.yaml"
        yaml_path.parent.mkdir()
        if make == "fifo":
            os.mkfifo(yaml_path)
        else:
            yaml_path.mkdir()
        result = CliRunner().invoke(main, ["build", "--data", str(yaml_path.parent), "--out", str(tmp_path / "o")])
        assert result.exit_code == 2 and "only regular files" in result.output


# ------------------------------------------------------------------ builds that are never half-replaced


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


def _strays(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


def _replace_and_die_at(step: int, calls: list[str], folder: Path, new: dict) -> None:  # pragma: no cover
    """In a forked child: replace the folder, and die at the ``step``-th
    file system call (or end well if there are fewer)."""
    from jointvision import files

    count = [0]

    def dying(real):
        def call(*args, **kwargs):
            count[0] += 1
            if count[0] == step:
                os._exit(9)
            return real(*args, **kwargs)

        return call

    for name in calls:
        setattr(os, name, dying(getattr(os, name)))
    files._exchange = dying(files._exchange)
    try:
        files.replace_folder(folder, new, ours=set(new))
    finally:
        os._exit(0)


def test_a_build_killed_at_every_step_leaves_the_old_folder_or_the_new(tmp_path):
    """Fault injection: a child replaces the folder and dies (os._exit) at
    the n-th file system call, for every n; each time the folder is wholly
    the old build or wholly the new one, and the next build cleans up."""
    from jointvision import files

    folder = tmp_path / "exports"
    readme = f"# test {files.MARKER}\n".encode()
    old = {"a.txt": b"old a", "b.txt": b"old b", "same.txt": b"unchanged", "README.md": readme}
    new = {"a.txt": b"new a", "b.txt": b"new b", "same.txt": b"unchanged", "c.txt": b"new c", "README.md": readme}
    files.replace_folder(folder, old, ours=set(new))
    calls = ["link", "rename", "mkdir", "open", "write", "close", "unlink", "rmdir"]
    step, outcomes = 0, set()
    while True:
        step += 1
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            _replace_and_die_at(step, calls, folder, new)
        _, status = os.waitpid(pid, 0)
        state = _snapshot(folder)
        assert state in (old, new), f"step {step}: a mixed folder {sorted(state)}"
        outcomes.add("new" if state == new else "old")
        if os.WEXITSTATUS(status) == 0:  # the child got to the end: every step has been tried
            break
        files.replace_folder(folder, old, ours=set(new))  # the next build cleans up, and resets
        assert _strays(folder) == [] and _snapshot(folder) == old
    assert outcomes == {"old", "new"} and step > 5


def test_a_build_killed_at_random_moments_never_mixes_two_builds(tmp_path, data_copy):
    """Real processes: `jointvision build` over a good folder, killed with
    SIGKILL at random moments."""
    out = tmp_path / "out"
    assert run_cli("build", "--data", str(data_copy), "--out", str(out)).returncode == 0
    before = _snapshot(out)
    text = data_copy.read_text(encoding="utf-8")
    data_copy.write_text(text.replace("label: Japan\n", "label: Japan (changed)\n", 1), encoding="utf-8")
    reference = tmp_path / "reference"
    started = time.monotonic()
    assert run_cli("build", "--data", str(data_copy), "--out", str(reference)).returncode == 0
    duration = time.monotonic() - started
    after = _snapshot(reference)
    assert before != after
    rng = random.Random(8)
    seen = set()
    for _ in range(10):
        process = subprocess.Popen(
            jointvision_command() + ["build", "--data", str(data_copy), "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.5, 1.1) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = _snapshot(out)
        assert state in (before, after), "a folder mixing two builds"
        seen.add(state == after)
        if state == after:  # back to the old build for the next trial
            shutil.rmtree(out)
            data_copy.write_text(text, encoding="utf-8")
            assert run_cli("build", "--data", str(data_copy), "--out", str(out)).returncode == 0
            data_copy.write_text(text.replace("label: Japan\n", "label: Japan (changed)\n", 1), encoding="utf-8")
    assert run_cli("build", "--data", str(data_copy), "--out", str(out)).returncode == 0
    assert _strays(out) == [] and _snapshot(out) == after


def test_unchanged_downloads_keep_their_modification_time(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--out", str(out)).returncode == 0
    times = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    time.sleep(0.05)
    assert run_cli("build", "--out", str(out)).returncode == 0
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == times


def test_an_output_folder_holding_other_files_is_not_replaced(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    result = run_cli("build", "--out", str(out))
    assert result.returncode == 2 and "thesis.docx" in result.stderr and "nothing was written" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]
    not_a_folder = tmp_path / "file"
    not_a_folder.write_bytes(b"x")
    result = run_cli("build", "--out", str(not_a_folder))
    assert result.returncode == 2 and not_a_folder.read_bytes() == b"x"


# ------------------------------------------------------------------ review findings, one test each


def _one_line_exit_2(result) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr


def test_deeply_nested_json_ld_is_refused_before_parsing(tmp_path):
    depth = 5_000
    path = tmp_path / "deep.jsonld"
    path.write_text('{"@id":"http://a","http://b":' + '{"http://b":' * depth + "1" + "}" * depth + "}")
    _one_line_exit_2(run_cli("validate", str(path)))
    assert "nest more than" in run_cli("validate", str(path)).stderr


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "e.rdf",
            '<?xml version="1.0" encoding="x"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
            "encoding",
        ),
        ("big.nt", '<http://a> <http://b> "' + "x" * 20_000_000 + '" .\n', "not valid n-triples"),
    ],
)
def test_rdf_files_the_parser_cannot_take_are_bad_input(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run_cli("validate", str(path))
    _one_line_exit_2(result)
    assert message in result.stderr


@pytest.mark.parametrize(
    "entities, message",
    [
        (COUNTRY.replace("id: testland", "id: &t testland") + entity("    participants: [*t, *t, *t]\n"), "YAML alias"),
        # an alias wherever YAML lets one stand: right after a flow indicator, as a block item, in a merge
        (COUNTRY.replace("id: testland", "id: &t testland") + entity("    participants: [*t,*t]\n"), "YAML alias"),
        (COUNTRY.replace("id: testland", "id: &t testland") + entity('    participants: {"a":*t}\n'), "YAML alias"),
        (
            COUNTRY.replace("id: testland", "id: &t testland") + entity("    participants:\n      - *t\n      - *t\n"),
            "YAML alias",
        ),
        (
            COUNTRY.replace("      - quote: Testland", "      - &q\n        quote: Testland")
            + COUNTRY.replace("testland", "otherland").replace("      - quote: Testland\n", "      - <<: *q\n"),
            "YAML alias",
        ),
        (COUNTRY.replace("label: Testland", "label: !!binary VGVzdGxhbmQ="), "YAML tag"),
        (COUNTRY.replace("        start: 0", "        start: !!str 0"), "YAML tag"),
        # a tag wherever YAML lets one stand: on its own line, after a tab, in flow collections
        (COUNTRY.replace("        start: 0", "        start:\n          !!str 0"), "YAML tag"),
        (COUNTRY.replace("        start: 0", "        start:\t!!str 0"), "YAML tag"),
        (
            COUNTRY.replace(
                "      - quote: Testland\n        start: 0\n        end: 8",
                "      - {quote: Testland, start: !!str 0, end: 8}",
            ),
            "YAML tag",
        ),
        (
            COUNTRY.replace(
                "      - quote: Testland\n        start: 0\n        end: 8",
                "      - {quote: Testland,start: 0,end: !!str 8}",
            ),
            "YAML tag",
        ),
        (
            COUNTRY.replace(
                "      - quote: Testland\n        start: 0\n        end: 8",
                "      - {quote: Testland, start: 0, end:\n !<tag:yaml.org,2002:str> 8}",
            ),
            "YAML tag",
        ),
        (COUNTRY.replace("    evidence:\n", "    evidence: !!omap\n"), "YAML tag"),
        # right after a flow mapping's value indicator, which YAML reads with nothing after it
        (
            COUNTRY.replace(
                "      - quote: Testland\n        start: 0\n        end: 8",
                '      - {"quote": Testland, "start":!!str 0, "end": 8}',
            ),
            "YAML tag",
        ),
        (
            COUNTRY.replace(
                "      - quote: Testland\n        start: 0\n        end: 8",
                "      - {quote: Testland, ? start: 0, end: 8, ?!!binary eA==: x}",
            ),
            "YAML tag",
        ),
    ],
)
def test_yaml_aliases_and_tags_are_refused(tmp_path, entities, message):
    path = fact_file(tmp_path, entities)
    with pytest.raises(SourceError, match=message) as caught:
        load_sources(path)
    assert caught.value.line is not None


@pytest.mark.parametrize(
    "scalar",
    [
        "",
        "1",
        "-1",
        "+5",
        ".5",
        "0x1F",
        "0o17",
        "1_000",
        "190:20:30",
        "1e3",
        "6.8e+3",
        ".inf",
        "-.Inf",
        ".NaN",
        "yes",
        "No",
        "ON",
        "off",
        "y",
        "n",
        "true",
        "False",
        "~",
        "null",
        "Null",
        "NULL",
        "nULL",
        "2025-08-29",
        "2025-8-9",
        "2025-08-29T10:00:00Z",
        "2025-08-29 10:00:00.5 +5:30",
        "<<",
        "=",
        "a1",
        "Testland",
        "fifty",
        "ten thousand",
        "Tokyo",
        "日本",
        "भारत",
        ".hidden",
        "-x",
        "+",
    ],
)
@pytest.mark.parametrize("style", ["plain", "single", "double"])
def test_a_scalar_reads_with_the_type_yamls_own_resolver_gives(tmp_path, scalar, style):
    """A scalar's implicit type (number, date, true, null, text) is what the
    YAML reader's own resolver gives, whichever first character it has."""
    written = {"plain": scalar, "single": f"'{scalar}'", "double": f'"{scalar}"'}[style]
    document = f"key: {written}\n"
    root = compose_checked(tmp_path / "f.yaml", document.encode())
    expected = yaml.compose(document, Loader=yaml.SafeLoader)  # the pure-Python reader, its resolver untouched
    assert [value.tag for _, value in root.value] == [value.tag for _, value in expected.value]


def test_a_misplaced_short_quote_in_a_huge_text_names_a_few_places(tmp_path):
    text = "a" * 20_000_000
    path = fact_file(
        tmp_path,
        COUNTRY.replace(
            "quote: Testland\n        start: 0\n        end: 8", "quote: a\n        start: 5\n        end: 7"
        ),
        text=text,
    )
    with pytest.raises(SourceError) as caught:
        load_sources(path)
    assert str(caught.value).count("start:") == 5


def test_a_name_too_long_or_a_loop_of_links_is_bad_input(tmp_path):
    _one_line_exit_2(run_cli("validate", "a" * 5_000))
    _one_line_exit_2(run_cli("build", "--data", str(tmp_path / ("b" * 5_000)), "--out", str(tmp_path / "o")))
    folder = tmp_path / "loop"
    folder.mkdir()
    (folder / "l1.yaml").symlink_to("l2.yaml")
    (folder / "l2.yaml").symlink_to("l1.yaml")
    # two files, two errors: each gets its one line (every error of a run is reported)
    looped = run_cli("build", "--data", str(folder), "--out", str(tmp_path / "o"))
    assert looped.returncode == 2 and "Traceback" not in looped.stderr
    lines = looped.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("error: ") and "symbolic links" in line for line in lines)
    assert not (tmp_path / "o").exists()


def test_a_graph_iri_that_is_not_absolute_is_bad_input(tmp_path):
    path = tmp_path / "g.nt"
    path.write_text("<http://a> <http://b> <http://c> .\n")
    for iri in ("relative", "http://a b", "<http://x>"):
        result = CliRunner().invoke(main, ["serve", "--port", "0", "--graph", f"{iri}={path}"])
        assert result.exit_code == 2 and "not an absolute IRI" in result.output, result.output


def test_field_names_with_line_breaks_stay_on_one_line(tmp_path):
    path = fact_file(tmp_path, COUNTRY.replace("    label: Testland\n", '    label: Testland\n    "x\\ny": 1\n'))
    with pytest.raises(SourceError) as caught:
        load_sources(path)
    assert "\n" not in str(caught.value) and "x\\ny" in str(caught.value)


def test_raw_yaml_line_separators_are_refused_with_the_right_line(tmp_path):
    path = fact_file(tmp_path, COUNTRY.replace("    label: Testland\n", "    label: Test\u2028land\n"))
    with pytest.raises(SourceError, match=r"U\+2028 is a line break to YAML") as caught:
        load_sources(path)
    assert caught.value.line == 10
    crlf = fact_file(tmp_path / "cr", COUNTRY.replace("    label: Testland\n", "    label: Test\x01land\n"))
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r"))
    with pytest.raises(SourceError) as caught:
        load_sources(crlf)
    assert caught.value.line == 10


def test_graphml_keeps_carriage_returns(tmp_path):
    import xml.etree.ElementTree as ElementTree

    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, RDFS

    from jointvision.outputs.network import fact_network, to_graphml
    from jointvision.rdf.namespaces import JV, JVD

    graph = Graph()
    graph.add((JVD.n, RDF.type, JV.Organisation))
    graph.add((JVD.n, RDFS.label, Literal("tab\tand\rcr")))
    values = {element.text for element in ElementTree.fromstring(to_graphml(fact_network(graph))).iter()}
    assert "tab\tand\rcr" in values


def test_hidden_files_in_a_fact_folder_are_left_out(tmp_path):
    folder = tmp_path / "facts"
    fact_file(folder, COUNTRY)
    (folder / ".#facts.yaml").symlink_to("nowhere@host.1234")  # an editor's lock file
    (folder / "._facts.yaml").write_bytes(b"\x00\x05\x16\x07")  # a macOS resource fork
    assert len(load_sources(folder)) == 1


def test_a_fifo_named_on_the_command_line_is_called_a_fifo(tmp_path):
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    result = run_cli("build", "--data", str(fifo), "--out", str(tmp_path / "o"))
    _one_line_exit_2(result)
    assert "named pipe" in result.stderr


def test_a_refused_output_folder_is_left_exactly_as_it_was(tmp_path):
    out = tmp_path / "u"
    out.mkdir()
    (out / ".notes.tmp").write_text("x")
    (out / "mine.txt").write_text("y")
    _one_line_exit_2(run_cli("build", "--out", str(out)))
    assert sorted(p.name for p in out.iterdir()) == [".notes.tmp", "mine.txt"]


def test_output_names_alone_do_not_make_a_folder_ours(tmp_path):
    readme_folder = tmp_path / "v"
    (readme_folder / "README.md").mkdir(parents=True)
    (readme_folder / "README.md" / "keep.txt").write_text("keep")
    _one_line_exit_2(run_cli("build", "--out", str(readme_folder)))
    assert (readme_folder / "README.md" / "keep.txt").read_text() == "keep"
    user_readme = tmp_path / "w"
    user_readme.mkdir()
    (user_readme / "README.md").write_text("# my notes\n")
    _one_line_exit_2(run_cli("build", "--out", str(user_readme)))
    assert (user_readme / "README.md").read_text() == "# my notes\n"


def test_a_failed_build_removes_the_folders_it_created_and_long_names_work(tmp_path):
    result = run_cli("build", "--out", str(tmp_path / "new-parent" / "x" / ("y" * 300)))  # a name too long
    _one_line_exit_2(result)
    assert not (tmp_path / "new-parent").exists()
    long_name = tmp_path / ("x" * 240)
    assert run_cli("build", "--out", str(long_name)).returncode == 0
    assert (long_name / "jointvision.ttl").is_file()


def test_the_current_folder_is_never_replaced(tmp_path):
    out = tmp_path / "here"
    assert run_cli("build", "--out", str(out)).returncode == 0
    result = run_cli("build", "--out", ".", cwd=out)
    _one_line_exit_2(result)
    assert "current folder" in result.stderr and (out / "jointvision.ttl").is_file()
