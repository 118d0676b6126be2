"""`jointvision serve` when clients hold connections open without asking
anything (issue 20): one address gets a bounded share of the connections,
a request head has a deadline, idle connections make room for new ones,
and everyone else keeps being answered.

Every loopback address 127.x.y.z reaches the server on Linux, so each test
plays its clients from addresses of its own (127.0.0.2 and up)."""

from __future__ import annotations

import contextlib
import select
import socket
import subprocess
import time
import urllib.request

import httpx
import pytest

from conftest import SERVER_TIMEOUT_S, jointvision_command

HEADER_TIMEOUT_S = 3.0
MAX_CONNECTIONS = 48
PER_CLIENT = 8
PARTIAL_HEAD = b"GET /health HTTP/1.1\r\nHost: x\r\n"  # never finished: no blank line
ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server():
    """A real `jointvision serve` with small connection limits; (host, port)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        jointvision_command()
        + [
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--timeout",
            str(SERVER_TIMEOUT_S),
            "--header-timeout",
            str(HEADER_TIMEOUT_S),
            "--max-connections",
            str(MAX_CONNECTIONS),
            "--max-connections-per-client",
            str(PER_CLIENT),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError(f"the server exited: {process.stderr.read().decode()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start within 30 s")
        yield "127.0.0.1", port
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def client(source: str) -> httpx.Client:
    """An HTTP client whose connections come from the loopback address ``source``."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=10)


def idle_sockets(server, source: str, count: int, payload: bytes = b"") -> list[socket.socket]:
    """``count`` connections from ``source``, each sent ``payload`` (part of a head, or nothing)."""
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(server, timeout=10, source_address=(source, 0))
        sockets.append(sock)
        if payload:
            with contextlib.suppress(OSError):  # already closed by the server
                sock.sendall(payload)
    return sockets


def closed(sock: socket.socket) -> bool:
    """Whether the server has closed this connection (without waiting)."""
    if not select.select([sock], [], [], 0)[0]:
        return False
    try:
        return sock.recv(65536, socket.MSG_PEEK) == b"" or _drained(sock)
    except OSError:  # reset
        return True


def _drained(sock: socket.socket) -> bool:
    """Read what the server sent (a 408) and say whether the end followed."""
    sock.settimeout(0.2)
    try:
        while sock.recv(65536):
            pass
        return True
    except OSError:
        return False
    finally:
        sock.settimeout(10)


def read_all(sock: socket.socket) -> tuple[bytes, float]:
    """What the server sends until it closes the connection, and when it closed."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks), time.monotonic()


def close_all(sockets: list[socket.socket]) -> None:
    for sock in sockets:
        sock.close()


@pytest.fixture(autouse=True)
def enough_open_files():
    try:
        import resource
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < 2048:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(2048, hard), hard))


def test_hundreds_of_idle_sockets_from_one_address_leave_others_served(server):
    """More half-sent requests from one address than Uvicorn's old
    limit_concurrency (256): /health and a light query from another address
    still answer 200, and the address keeps only its share open."""
    started = time.monotonic()
    hog = idle_sockets(server, "127.0.0.2", 300, PARTIAL_HEAD)
    try:
        base = f"http://{server[0]}:{server[1]}"
        with client("127.0.0.3") as other:
            before = time.monotonic()
            health = other.get(f"{base}/health")
            query = other.post(f"{base}/sparql", content=ASK, headers={"Content-Type": "application/sparql-query"})
            answered = time.monotonic() - before
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert query.status_code == 200 and query.json()["boolean"] is True
        assert answered < 2
        time.sleep(0.3)  # the server has seen every connection
        still_open = [sock for sock in hog if not closed(sock)]
        assert time.monotonic() - started < HEADER_TIMEOUT_S  # so the share was counted before any deadline
        assert len(still_open) == PER_CLIENT
        assert still_open == hog[:PER_CLIENT]  # the first ones: the later ones were closed
    finally:
        close_all(hog)


def test_an_address_past_its_share_is_refused_at_once_while_another_is_served(server):
    base = f"http://{server[0]}:{server[1]}"
    held = idle_sockets(server, "127.0.0.5", PER_CLIENT)
    try:
        extra = socket.create_connection(server, timeout=10, source_address=("127.0.0.5", 0))
        started = time.monotonic()
        with extra:
            with contextlib.suppress(OSError):  # already closed
                extra.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            answer, ended = read_all(extra)
        assert answer == b""  # closed without an answer
        assert ended - started < HEADER_TIMEOUT_S / 2  # at once, not at the head's deadline
        with client("127.0.0.6") as other:
            assert other.get(f"{base}/health").status_code == 200
        with client("127.0.0.5") as same, pytest.raises(httpx.TransportError):
            same.get(f"{base}/health")
        held.pop().close()  # one place freed: the address is served again
        time.sleep(0.2)
        with client("127.0.0.5") as same:
            assert same.get(f"{base}/health").status_code == 200
        assert not any(closed(sock) for sock in held)  # the ones it holds were left alone
    finally:
        close_all(held)


def test_a_request_head_not_finished_in_time_gets_408_and_the_connection_closes(server):
    with socket.create_connection(server, timeout=HEADER_TIMEOUT_S + 10, source_address=("127.0.0.7", 0)) as sock:
        sock.sendall(PARTIAL_HEAD)
        started = time.monotonic()
        answer, ended = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408 ") and b"connection: close" in answer.lower()
    assert HEADER_TIMEOUT_S - 0.5 <= ended - started <= HEADER_TIMEOUT_S + 3


def test_a_connection_that_sends_nothing_is_closed_at_the_deadline(server):
    with socket.create_connection(server, timeout=HEADER_TIMEOUT_S + 10, source_address=("127.0.0.7", 0)) as sock:
        started = time.monotonic()
        answer, ended = read_all(sock)
    assert answer == b""
    assert HEADER_TIMEOUT_S - 0.5 <= ended - started <= HEADER_TIMEOUT_S + 3


def test_a_kept_alive_connection_must_finish_its_next_head_in_time(server):
    """Uvicorn's keep-alive timeout stops at the next request's first byte;
    the head deadline still holds after it."""
    with socket.create_connection(server, timeout=HEADER_TIMEOUT_S + 10, source_address=("127.0.0.8", 0)) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        first = b""
        while b"\r\n\r\n" not in first or not first.endswith(b"}"):  # the whole answer (a JSON object)
            first += sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200 ")
        started = time.monotonic()
        sock.sendall(b"GET /health HTTP/1.1\r\n")
        answer, ended = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert ended - started <= HEADER_TIMEOUT_S + 3


def test_a_body_that_stops_coming_is_cut_off(server):
    with socket.create_connection(server, timeout=HEADER_TIMEOUT_S + 10, source_address=("127.0.0.8", 0)) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100\r\n\r\nASK {"
        )
        started = time.monotonic()
        answer, ended = read_all(sock)
    assert answer == b""  # the query never ran: the connection was closed while the body was awaited
    assert ended - started <= HEADER_TIMEOUT_S + 3  # 100 bytes add nothing to speak of to the deadline


def test_idle_connections_make_room_for_a_request_when_all_places_are_taken(server):
    """Every place taken by idle connections from six addresses: a new
    client is still answered, and the connection idle the longest is the
    one closed for it."""
    base = f"http://{server[0]}:{server[1]}"
    idle: list[socket.socket] = []
    try:
        for i in range(MAX_CONNECTIONS // PER_CLIENT):
            idle += idle_sockets(server, f"127.0.1.{i + 1}", PER_CLIENT, PARTIAL_HEAD)
        time.sleep(0.2)
        assert not any(closed(sock) for sock in idle)  # all open: none of them was past a limit
        with client("127.0.2.1") as newcomer:
            assert newcomer.get(f"{base}/health").status_code == 200
        time.sleep(0.2)
        assert closed(idle[0])  # the longest idle made room
        assert not any(closed(sock) for sock in idle[-PER_CLIENT:])  # the latest were left alone
    finally:
        close_all(idle)


def test_connections_are_counted_by_address_and_ipv6_by_its_64():
    from jointvision.server.connections import ConnectionLimits, client_key

    assert client_key(("2001:db8:1:2:aaaa::1", 443, 0, 0)) == client_key(("2001:db8:1:2:bbbb::9", 80, 0, 0))
    assert client_key(("2001:db8:1:2::1", 1, 0, 0)) != client_key(("2001:db8:1:3::1", 1, 0, 0))
    assert client_key(("::ffff:192.0.2.7", 1, 0, 0)) == client_key(("192.0.2.7", 2)) == "192.0.2.7"
    assert client_key(("192.0.2.7", 1)) != client_key(("192.0.2.8", 1))
    assert ConnectionLimits().share == 64  # a sixteenth of the 1,024 connections
    assert ConnectionLimits(max_connections=64).share == 8
    assert ConnectionLimits(per_client=0).share == 0  # behind a local proxy: no cap per address
