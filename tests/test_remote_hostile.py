"""The remote client against a hostile endpoint on loopback: answers that
are huge, deep, slow, of the wrong type or full of control characters,
logins with characters outside ASCII, and stores that fail halfway through
a push. Every one ends in one line and exit 3 (or a clean answer), within
its deadline and in bounded memory; nothing from the answer or the login
reaches the terminal raw."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from conftest import TWO_SOURCES, jointvision_command
from jointvision.cli import main
from jointvision.errors import JointVisionError, RemoteError
from jointvision.outputs.push import push_dataset
from jointvision.rdf.build import build_dataset
from jointvision.sparql.remote import AnswerLimits, remote_query

#: Bytes that would act on a terminal if printed raw: ESC, CSI and OSC (C1).
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def cli(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


class Hostile(BaseHTTPRequestHandler):
    """Answers by the test's plan: ``server.plan(handler)`` writes the answer."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_POST(self):
        self.server.requests.append(("POST", self.path, self._body(), dict(self.headers)))
        self.server.plan(self)

    def do_PUT(self):
        self.server.requests.append(("PUT", self.path, self._body(), dict(self.headers)))
        self.server.plan(self)

    def send_body(self, body: bytes, content_type: str = "application/sparql-results+json", status: int = 200):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def hostile():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    server.requests = []
    server.plan = lambda handler: handler.send_body(b'{"head": {}, "boolean": true}')
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def json_answer(doc) -> callable:
    body = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    return lambda handler: handler.send_body(body)


# ------------------------------------------------------------ malformed answers of every kind
SELECT = "SELECT ?a WHERE { ?a ?b ?c }"
MALFORMED = {
    "boolean as a string": (b'{"head": {}, "boolean": "false"}', "ASK {}"),
    "boolean as a number": (b'{"head": {}, "boolean": 0}', "ASK {}"),
    "nested 100,000 deep": (b"[" * 100_000 + b"]" * 100_000, SELECT),
    "binding nested deep": (
        b'{"head":{"vars":["a"]},"results":{"bindings":[' + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"]}}",
        SELECT,
    ),
    "not JSON": (b"<html>oops</html>", SELECT),
    "vars not a list": (b'{"head": {"vars": "a"}, "results": {"bindings": []}}', SELECT),
    "bindings not a list": (b'{"head": {"vars": ["a"]}, "results": {"bindings": {}}}', SELECT),
    "value not a string": (
        b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a": {"type": "literal", "value": 5}}]}}',
        SELECT,
    ),
    "unknown term type": (
        b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a": {"type": "x", "value": "v"}}]}}',
        SELECT,
    ),
    "an IRI with <": (
        b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a": {"type": "uri", '
        b'"value": "http://x/<b>\\u001b[2J"}}]}}',
        SELECT,
    ),
    "undeclared variable": (
        b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"b": {"type": "literal", "value": "v"}}]}}',
        SELECT,
    ),
    "rows to an ASK": (b'{"head": {"vars": ["a"]}, "results": {"bindings": []}}', "ASK {}"),
    "a yes to a SELECT": (b'{"head": {}, "boolean": true}', SELECT),
    "not UTF-8": (
        b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a": {"type": "literal", "value": "\xff\xfe"}}]}}',
        SELECT,
    ),
    "empty": (b"", SELECT),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_answer_is_one_line_and_exit_3(hostile, case):
    body, query = MALFORMED[case]
    hostile.plan = json_answer(body)
    result = cli("query", query, "--endpoint", hostile.url + "/sparql")
    assert result.exit_code == 3, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.output
    assert not RAW_CONTROLS.search(result.output)


def test_a_boolean_false_is_no_and_true_is_yes(hostile):
    hostile.plan = json_answer({"head": {}, "boolean": False})
    assert cli("query", "ASK {}", "--endpoint", hostile.url).output.strip() == "no"
    hostile.plan = json_answer({"head": {}, "boolean": True})
    assert cli("query", "ASK {}", "--endpoint", hostile.url).output.strip() == "yes"


# ------------------------------------------------------------ memory: the work is bounded, not only the bytes
def huge_answer(variables: int, rows: int) -> bytes:
    head = json.dumps({"vars": [f"v{i}" for i in range(variables)]})
    return ('{"head": ' + head + ', "results": {"bindings": [' + ",".join(["{}"] * rows) + "]}}").encode()


def test_many_variables_times_many_rows_is_refused_naming_the_option(hostile):
    body = huge_answer(20_000, 100_000)  # 0.5 MB that would be 2,000,000,000 values
    assert len(body) < 600_000
    hostile.plan = json_answer(body)
    with pytest.raises(RemoteError, match=r"more than 10,000,000 values .*--max-cells"):
        remote_query(hostile.url, SELECT)
    # a bound the user raises or lowers is the one applied
    with pytest.raises(RemoteError, match=r"more than 1,000 values"):
        remote_query(hostile.url, SELECT, limits=AnswerLimits(max_cells=1_000))


def test_the_huge_answer_stays_in_bounded_memory_in_a_real_process(hostile):
    """The whole command in a process whose address space is capped at 3 GB
    (the unbounded reader needed over 4 GB): exit 3, not a MemoryError."""
    import resource

    hostile.plan = json_answer(huge_answer(20_000, 100_000))

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    result = subprocess.run(
        jointvision_command() + ["query", SELECT, "--endpoint", hostile.url],
        capture_output=True,
        text=True,
        preexec_fn=cap,
        timeout=120,
        env={**os.environ, "JOINTVISION_CACHE": "off"},
    )
    assert result.returncode == 3, result.stderr
    assert "--max-cells" in result.stderr and "Traceback" not in result.stderr


def test_an_answer_over_the_byte_limit_names_its_option(hostile):
    hostile.plan = json_answer(b'{"head": {"vars": ["a"]}, "results": {"bindings": [' + b"{}," * 500_000 + b"{}]}}")
    result = cli("query", SELECT, "--endpoint", hostile.url, "--max-answer-mb", "1")
    assert result.exit_code == 3 and "--max-answer-mb" in result.output, result.output


def test_a_graph_answer_is_bounded_too(hostile):
    triple = b"<http://x/s> <http://x/p> <http://x/o> .\n"
    hostile.plan = lambda h: h.send_body(triple * 1_000, "application/n-triples")
    result = cli("query", "CONSTRUCT WHERE { ?s ?p ?o }", "--endpoint", hostile.url, "--max-cells", "300")
    assert result.exit_code == 3 and "--max-cells" in result.output, result.output


# ------------------------------------------------------------ time: one deadline for the whole request
def drip(body: bytes, every: float, head_too: bool = False):
    """An answer sent one byte at a time (each byte well within any timeout
    per read, the whole far beyond the deadline)."""

    def plan(handler):
        head = (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
        )
        try:
            if head_too:
                data = head + body
            else:
                handler.wfile.write(head)
                handler.wfile.flush()
                data = body
            for i in range(len(data)):
                handler.wfile.write(data[i : i + 1])
                handler.wfile.flush()
                time.sleep(every)
        except OSError:
            pass
        handler.close_connection = True

    return plan


@pytest.mark.parametrize("head_too", [False, True], ids=["body", "status line and headers"])
def test_a_server_sending_one_byte_at_a_time_is_cut_off_at_the_deadline(hostile, head_too):
    hostile.plan = drip(b'{"head": {}, "boolean": true}', 0.3, head_too)
    started = time.monotonic()
    result = cli("query", "ASK {}", "--endpoint", hostile.url, "--timeout", "1.5")
    took = time.monotonic() - started
    assert result.exit_code == 3, result.output
    assert "within 1.5 s" in result.output and "--timeout" in result.output
    assert took < 6, took  # the drip alone would take 9 s (head and body: over 40 s)


def test_push_gives_up_on_a_slow_store_at_its_timeout(hostile):
    hostile.plan = drip(b"ok" * 100, 0.5, head_too=True)
    started = time.monotonic()
    result = cli("push", hostile.url + "/store", "--data", str(TWO_SOURCES), "--timeout", "2")
    assert result.exit_code == 3 and "--timeout" in result.output, result.output
    assert time.monotonic() - started < 10


# ------------------------------------------------------------ nothing raw reaches the terminal
NASTY = "ESC\x1b[2J CSI\x9b31m OSC\x9d0;title\x07 tab\tnew\nline\rback \u202eevil\u2028sep"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_control_characters_in_an_answer_never_reach_the_terminal_raw(hostile, fmt):
    hostile.plan = json_answer(
        {
            "head": {"vars": ["a", "b"]},
            "results": {
                "bindings": [
                    {"a": {"type": "literal", "value": NASTY}, "b": {"type": "uri", "value": "http://x/\u202e"}},
                    {"a": {"type": "literal", "value": "plain"}},
                ]
            },
        }
    )
    result = cli("query", SELECT.replace("?a", "?a ?b"), "--endpoint", hostile.url, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert not RAW_CONTROLS.search(result.stdout.replace("\r\n", "").replace("\n", "").replace("\t", ""))
    assert "\u202e" not in result.stdout and "\u2028" not in result.stdout
    if fmt == "tsv":  # the header and two rows, each of two cells
        rows = result.stdout.rstrip("\n").split("\n")
        assert len(rows) == 3 and all(row.count("\t") == 1 for row in rows)
    if fmt == "json":  # lossless: the escapes read back as the characters
        value = json.loads(result.stdout)["results"]["bindings"][0]["a"]["value"]
        assert value == NASTY
    if fmt == "csv":
        import csv
        import io

        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert len(rows) == 3 and all(len(row) == 2 for row in rows)


def test_tsv_escapes_read_back_as_the_same_terms(hostile):
    import pyoxigraph as ox

    hostile.plan = json_answer(
        {"head": {"vars": ["a"]}, "results": {"bindings": [{"a": {"type": "literal", "value": NASTY}}]}}
    )
    result = cli("query", SELECT, "--endpoint", hostile.url, "--format", "tsv")
    (solution,) = list(ox.parse_query_results(result.stdout, format=ox.QueryResultsFormat.TSV))
    assert solution["a"].value == NASTY


def test_control_characters_in_local_labels_are_escaped_in_tables(tmp_path):
    from factories import make_source

    text = "Invented fixture text. Land \x9b31mRed\x9d0;t and more."  # C1 controls: CSI and OSC
    facts = make_source(
        tmp_path / "d",
        text,
        [{"id": "land-red", "type": "Country", "label": "Land \x9b31mRed", "evidence": ["Land \x9b31mRed\x9d0;t"]}],
    )
    result = cli("query", "SELECT ?q WHERE { ?e jv:quote ?q }", "--data", str(facts), env={"JOINTVISION_CACHE": "off"})
    assert result.exit_code == 0, result.output
    assert "Land \\x9b31mRed\\x9d0;t" in result.stdout and not RAW_CONTROLS.search(result.stdout)
    labels = cli(
        "query",
        "SELECT ?l WHERE { jvd:land-red rdfs:label ?l }",
        "--data",
        str(facts),
        env={"JOINTVISION_CACHE": "off"},
    )
    assert "Land \\x9b31mRed" in labels.stdout and not RAW_CONTROLS.search(labels.stdout)
    stats = cli("stats", "--data", str(facts), env={"JOINTVISION_CACHE": "off"})
    assert stats.exit_code == 0 and not RAW_CONTROLS.search(stats.stdout)


def test_cite_shows_the_text_around_a_match_escaped(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("Invented fixture \x1b]0;pwned\x07 before the quote here and \x9b after", encoding="utf-8")
    result = cli("cite", str(text), "the quote")
    assert result.exit_code == 0 and "start: " in result.output
    assert not RAW_CONTROLS.search(result.output), repr(result.output)


# ------------------------------------------------------------ logins: nothing derived from a password is shown
class DigestPlan:
    """A store that asks for a Digest login (MD5, RFC 7616 with UTF-8) and
    accepts one user and password."""

    realm, nonce = "test", "abc123"

    def __init__(self, user: str, password: str):
        self.user, self.password = user, password

    def expected(self, fields: dict, method: str) -> str:
        def h(text: str) -> str:
            return hashlib.md5(text.encode("utf-8")).hexdigest()

        ha1 = h(f"{self.user}:{self.realm}:{self.password}")
        ha2 = h(f"{method}:{fields['uri']}")
        return h(f"{ha1}:{self.nonce}:{fields['nc']}:{fields['cnonce']}:{fields['qop']}:{ha2}")

    def __call__(self, handler):
        auth = handler.headers.get("Authorization", "")
        if auth.startswith("Digest "):
            fields = dict(re.findall(r'(\w+)="?([^",]*)"?', auth[7:]))
            if fields.get("response") == self.expected(fields, handler.command):
                return handler.send_body(b'{"head": {}, "boolean": true}')
        handler.send_response(401)
        handler.send_header(
            "WWW-Authenticate",
            f'Digest realm="{self.realm}", nonce="{self.nonce}", qop="auth", algorithm=MD5, charset=UTF-8',
        )
        handler.send_header("Content-Length", "0")
        handler.end_headers()


@pytest.mark.parametrize("password", ["pässwörd", "пароль-секрет", "密码のテスト"])
def test_a_login_outside_ascii_is_sent_and_a_wrong_one_reveals_nothing(hostile, password):
    hostile.plan = DigestPlan("curator", password)
    right = cli(
        "query",
        "ASK {}",
        "--endpoint",
        hostile.url,
        env={"JOINTVISION_REMOTE_USER": "curator", "JOINTVISION_REMOTE_PASSWORD": password},
    )
    assert right.exit_code == 0 and right.output.strip() == "yes", right.output
    hostile.plan = DigestPlan("curator", "something-else")
    wrong = cli(
        "query",
        "ASK {}",
        "--endpoint",
        hostile.url,
        env={"JOINTVISION_REMOTE_USER": "curator", "JOINTVISION_REMOTE_PASSWORD": password},
    )
    assert wrong.exit_code == 3 and "401" in wrong.output
    for char in {c for c in password if not c.isascii()}:  # nor any sign of where one stands
        shown = (char, f"\\u{ord(char):04x}", f"\\x{ord(char):02x}", repr(char)[1:-1])
        assert not any(form in wrong.output.lower() for form in shown)
    assert "position" not in wrong.output and "encode" not in wrong.output


def test_a_basic_login_outside_ascii_is_sent_as_utf8(hostile):
    seen = []

    def plan(handler):
        auth = handler.headers.get("Authorization", "")
        if not auth:
            handler.send_response(401)
            handler.send_header("WWW-Authenticate", 'Basic realm="test"')
            handler.send_header("Content-Length", "0")
            return handler.end_headers()
        seen.append(base64.b64decode(auth.split()[1]).decode("utf-8"))
        handler.send_body(b'{"head": {}, "boolean": true}')

    hostile.plan = plan
    result = cli(
        "query",
        "ASK {}",
        "--endpoint",
        hostile.url,
        env={"JOINTVISION_REMOTE_USER": "curator", "JOINTVISION_REMOTE_PASSWORD": "pässwörd"},
    )
    assert result.exit_code == 0 and seen == ["curator:pässwörd"]


# ------------------------------------------------------------ a push that fails halfway says where it stands
def fail_at(count: int):
    """A Graph Store that takes the first ``count`` PUTs and fails the next."""

    def plan(handler):
        puts = [r for r in handler.server.requests if r[0] == "PUT"]
        if len(puts) <= count:
            handler.send_body(b"", "text/plain", 204)
        else:
            handler.send_body(b"disk full", "text/plain", 500)

    return plan


def test_a_push_failing_at_the_third_graph_names_those_replaced_and_how_to_finish(hostile):
    dataset = build_dataset(TWO_SOURCES)
    hostile.plan = fail_at(2)
    result = cli("push", hostile.url + "/store", "--data", str(TWO_SOURCES))
    assert result.exit_code == 3, result.output
    names = dataset.graph_names()
    hints = [line for line in result.output.splitlines() if line.startswith("hint: ")]
    assert f"the graph <{names[1]}>" in result.output  # the third request: default graph, then two named
    assert any(
        f"replaced before the failure: the default graph, <{names[0]}> (2 of {len(names) + 1} graphs)" in h
        for h in hints
    ), hints
    assert any("run the same push again" in h and "--atomic" in h for h in hints)


def test_a_push_failing_at_the_first_graph_says_nothing_was_replaced(hostile):
    hostile.plan = fail_at(0)
    result = cli("push", hostile.url + "/store", "--data", str(TWO_SOURCES))
    assert result.exit_code == 3 and "hint: nothing was replaced" in result.output, result.output


def test_an_atomic_push_failing_halfway_touches_no_real_graph_and_removes_its_staging(hostile):
    dataset = build_dataset(TWO_SOURCES)

    def plan(handler):
        if handler.command == "POST":  # the update endpoint: the clean-up
            return handler.send_body(b"", "text/plain", 204)
        fail_at(2)(handler)

    hostile.plan = plan
    with pytest.raises(RemoteError) as failure:
        push_dataset(dataset, hostile.url + "/store", atomic=hostile.url + "/update")
    puts = [parse_qs(urlsplit(path).query) for method, path, _, _ in hostile.requests if method == "PUT"]
    assert all(q["graph"][0].startswith("urn:jointvision:staging:") for q in puts)  # never a real graph
    (update,) = [parse_qs(body.decode())["update"][0] for method, _, body, _ in hostile.requests if method == "POST"]
    staged = [q["graph"][0] for q in puts]
    assert sorted(re.findall(r"DROP SILENT GRAPH <([^>]+)>", update)) == sorted(staged)
    assert "nothing was replaced" in failure.value.hints[0] and "removed" in failure.value.hints[1]


# ------------------------------------------------------------ second review: what a hostile server echoes back
def echo_login_after(challenge: str):
    """A store that asks for a login, then answers 500 with the request's
    Authorization header in its reason and body."""

    def plan(handler):
        auth = handler.headers.get("Authorization", "")
        if not auth:
            handler.send_response(401)
            handler.send_header("WWW-Authenticate", challenge)
            handler.send_header("Content-Length", "0")
            return handler.end_headers()
        body = f"Oops: Authorization was: {auth}".encode()
        handler.send_response(500, f"echo {auth}"[:200])
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return plan


@pytest.mark.parametrize("challenge", ['Basic realm="x"', 'Digest realm="x", nonce="n0nce-value-1234", qop="auth"'])
def test_a_login_echoed_back_by_the_store_is_not_shown(hostile, challenge):
    import base64

    hostile.plan = echo_login_after(challenge)
    result = cli(
        "query",
        "ASK {}",
        "--endpoint",
        hostile.url,
        env={"JOINTVISION_REMOTE_USER": "alice", "JOINTVISION_REMOTE_PASSWORD": "s3cr3t-PW"},
    )
    assert result.exit_code == 3 and "answered 500" in result.output, result.output
    sent = [r[3].get("Authorization", "") for r in hostile.requests if r[3].get("Authorization")]
    assert sent
    secrets = {"s3cr3t-PW", base64.b64encode(b"alice:s3cr3t-PW").decode()}
    secrets |= set(re.findall(r'response="([0-9a-f]+)"', sent[-1]))
    assert not any(secret in result.output for secret in secrets), result.output
    assert "[login removed]" in result.output


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e300"])
def test_a_timeout_that_is_no_number_of_seconds_is_bad_input(value):
    for args in (["query", "ASK {}", "--endpoint", "http://127.0.0.1:9/"], ["push", "http://127.0.0.1:9/x"]):
        result = cli(*args, "--timeout", value)
        assert result.exit_code == 2 and "--timeout" in result.output and "Traceback" not in result.output
    with pytest.raises(JointVisionError, match="seconds"):
        AnswerLimits(timeout=float(value))


def close_after(count: int):
    """A store that takes ``count`` PUTs, then closes the connection without answering."""

    def plan(handler):
        puts = [r for r in handler.server.requests if r[0] == "PUT"]
        if len(puts) <= count:
            return handler.send_body(b"", "text/plain", 204)
        handler.close_connection = True
        handler.connection.shutdown(2)

    return plan


def test_a_graph_in_flight_without_an_answer_is_said_to_be_unknown(hostile):
    hostile.plan = close_after(1)
    result = cli("push", hostile.url + "/store", "--data", str(TWO_SOURCES))
    assert result.exit_code == 3, result.output
    hints = " ".join(line for line in result.output.splitlines() if line.startswith("hint: "))
    assert "whether it was replaced is unknown" in hints and "not replaced:" not in hints


def test_bidirectional_controls_never_reach_the_terminal_from_yaml(tmp_path):
    import yaml

    text = tmp_path / "t.txt"
    quote = "\u202eevil\u2066txt\u2069 \u202dz"
    text.write_text(
        f"Invented fixture: A {quote} here; 500 engineers from \u202eLand\u2066 A each year.", encoding="utf-8"
    )
    cited = cli("cite", "--yaml", str(text), quote)
    suggested = cli("suggest", "--no-mentions", str(text))
    for result in (cited, suggested):
        assert result.exit_code == 0, result.output
        assert not re.search("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]", result.output)
    assert yaml.safe_load(cited.output)[0]["quote"] == quote  # the escapes read back as the characters


def test_bidirectional_marks_are_escaped_in_tables(hostile):
    hostile.plan = json_answer(
        {
            "head": {"vars": ["a"]},
            "results": {"bindings": [{"a": {"type": "literal", "value": "left\u200eright\u200farabic\u061cmark"}}]},
        }
    )
    for fmt in ("table", "csv", "tsv", "json"):
        result = cli("query", SELECT, "--endpoint", hostile.url, "--format", fmt)
        assert result.exit_code == 0 and not re.search("[\u200e\u200f\u061c]", result.output), fmt
