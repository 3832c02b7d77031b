"""A client that opens a connection and then sends its request slowly or not at all (security issue, item 14): the
server closes a connection whose headers or body stop arriving, and never a request it is still answering."""

import json
import socket
import time

import pytest

from conftest import Server
from helpers import execution_role, package


@pytest.fixture(scope="module")
def impatient_server():
    server = Server("sqlite", extra_args=["--idle-timeout", "2"])
    yield server
    server.cleanup()


def closed_within(sock, seconds):
    """Whether the peer closes `sock` within `seconds`."""
    sock.settimeout(seconds)
    try:
        return sock.recv(1024) == b""
    except socket.timeout:
        return False
    except ConnectionResetError:
        return True


def test_half_sent_headers_and_a_stalled_body_are_cut_off(impatient_server):
    host, port = "127.0.0.1", impatient_server.port
    with socket.create_connection((host, port)) as headers_only:
        headers_only.sendall(b"GET /_slipway/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        assert closed_within(headers_only, 6)
    with socket.create_connection((host, port)) as stalled:
        stalled.sendall(b"PUT /bucket/key HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n" + b"x" * 10)
        answer = b""
        stalled.settimeout(6)
        try:
            while True:
                chunk = stalled.recv(4096)
                if not chunk:
                    break
                answer += chunk
        except (socket.timeout, ConnectionResetError):
            pytest.fail("the stalled upload was kept open")
    with socket.create_connection((host, port)) as idle:
        assert closed_within(idle, 6)


def test_a_request_being_answered_is_not_cut(impatient_server):
    role = execution_role(impatient_server, "slow")
    lam = impatient_server.client("lambda")
    lam.create_function(FunctionName="slow", Runtime="python3.11", Role=role, Handler="app.handler", Timeout=20,
                        Code={"ZipFile": package({"app.py": "import time\ndef handler(e, c):\n    time.sleep(e['seconds'])\n    return e['seconds']\n"})})
    started = time.time()
    answer = lam.invoke(FunctionName="slow", Payload=json.dumps({"seconds": 4}))
    assert json.loads(answer["Payload"].read()) == 4 and "FunctionError" not in answer
    assert time.time() - started >= 4
    # The warm worker's own connection outlived the timeout between invocations, and it still answers.
    time.sleep(3)
    again = lam.invoke(FunctionName="slow", Payload=json.dumps({"seconds": 0}))
    assert json.loads(again["Payload"].read()) == 0 and "FunctionError" not in again
