"""The local httpbin of lesson 01: echoes, methods, status codes, streaming, delays, bounds."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from course_lib.fakes.httpbin import METHODS, FakeHttpbin, query_args


@pytest.fixture
def server() -> Iterator[FakeHttpbin]:
    """A fresh local httpbin on a free port."""
    with FakeHttpbin() as fake:
        yield fake


def raw_exchange(server: FakeHttpbin, request: bytes) -> bytes:
    """Send raw bytes, read until the server closes the connection."""
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(4096):
            received += chunk
    return received


# --- /anything ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_anything_echoes_method_path_query_and_json_body(server, method):
    resp = requests.request(method, server.base_url + "/anything/notes/7?lang=en&tag=a&tag=b",
                            json={"text": "Привет"}, timeout=5)
    echoed = resp.json()
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
    assert echoed["method"] == method
    assert echoed["path"] == "/anything/notes/7"
    assert echoed["args"] == {"lang": "en", "tag": ["a", "b"]}
    assert echoed["json"] == {"text": "Привет"}
    assert echoed["headers"]["Content-Type"] == "application/json"
    assert echoed["origin"].startswith("127.0.0.1:")


def test_anything_parses_a_form_and_keeps_other_bodies_as_text(server):
    form = requests.post(server.base_url + "/anything", data={"a": "1", "b": "x y"}, timeout=5)
    text = requests.post(server.base_url + "/anything", data=b"plain words", timeout=5)
    assert form.json()["form"] == {"a": "1", "b": "x y"}
    assert form.json()["json"] is None
    assert text.json()["data"] == "plain words"
    assert text.json()["form"] == {} and text.json()["json"] is None


def test_a_body_labelled_json_that_is_not_json_gets_400(server):
    resp = requests.post(server.base_url + "/anything", data=b"{'single': 'quotes'}",
                         headers={"Content-Type": "application/json"}, timeout=5)
    assert resp.status_code == 400
    assert "not valid JSON" in resp.json()["error"]


def test_secrets_in_echoed_headers_are_masked(server):
    key = "sk-or-v1-" + "0a" * 32  # built here: no key shape is stored in the repository
    resp = requests.get(server.base_url + "/anything", timeout=5,
                        headers={"Authorization": f"Bearer {key}", "Cookie": "session=abcdef1234"})
    assert key not in resp.text and "abcdef1234" not in resp.text
    assert resp.json()["headers"]["Authorization"] == "Bearer sk-or-v1-…0a0a"


def test_headers_route_shows_the_request_headers(server):
    resp = requests.get(server.base_url + "/headers", headers={"X-Lesson": "01"}, timeout=5)
    assert resp.json()["headers"]["X-Lesson"] == "01"
    assert set(resp.json()) == {"headers"}


# --- HEAD and OPTIONS ---------------------------------------------------------------------


def test_head_gets_the_headers_of_get_and_no_body_on_a_kept_alive_connection(server):
    conn = http.client.HTTPConnection(server.host, server.port, timeout=5)
    conn.request("HEAD", "/status/404")
    head = conn.getresponse()
    head.read()
    conn.request("GET", "/status/404")  # would read a leaked HEAD body as its status line
    get = conn.getresponse()
    body = get.read()
    conn.close()
    assert head.status == get.status == 404
    assert head.getheader("Content-Length") == get.getheader("Content-Length") == str(len(body))


def test_head_sends_no_body_bytes_at_all(server):
    request = b"HEAD /anything HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    received = raw_exchange(server, request)
    assert received.endswith(b"\r\n\r\n")
    assert b"Content-Length: " in received


def test_options_lists_the_allowed_methods(server):
    resp = requests.options(server.base_url + "/anything", timeout=5)
    assert resp.status_code == 200 and resp.content == b""
    assert resp.headers["Allow"].split(", ") == list(METHODS)


# --- status codes -------------------------------------------------------------------------


@pytest.mark.parametrize("status", [200, 201, 400, 401, 404, 418, 429, 500, 502, 503, 504])
def test_status_route_answers_that_status_with_its_reason(server, status):
    resp = requests.get(f"{server.base_url}/status/{status}", timeout=5)
    assert resp.status_code == status
    assert resp.json() == {"status": status, "reason": resp.reason}


def test_status_extras_retry_after_and_www_authenticate(server):
    def get(status: int) -> requests.Response:
        return requests.get(f"{server.base_url}/status/{status}", timeout=5)

    assert get(429).headers["Retry-After"] == "1" and get(503).headers["Retry-After"] == "1"
    assert get(401).headers["WWW-Authenticate"] == "Bearer"
    assert "Retry-After" not in get(500).headers


@pytest.mark.parametrize("status", [204, 304])
def test_no_content_statuses_have_no_body(server, status):
    resp = requests.get(f"{server.base_url}/status/{status}", timeout=5)
    assert resp.status_code == status and resp.content == b""


@pytest.mark.parametrize("bad", ["abc", "99", "100", "600", "²", "", "-1", "4O4"])
def test_status_route_refuses_what_is_not_a_final_status(server, bad):
    resp = requests.get(f"{server.base_url}/status/{bad}", timeout=5)
    assert resp.status_code == 400
    assert "whole number" in resp.json()["error"]


def test_unknown_path_is_404(server):
    resp = requests.get(server.base_url + "/nope", timeout=5)
    assert resp.status_code == 404 and resp.json() == {"error": "no route /nope"}


# --- Authorization ------------------------------------------------------------------------


def test_bearer_needs_a_bearer_token(server):
    url = server.base_url + "/bearer"
    missing = requests.get(url, timeout=5)
    wrong_scheme = requests.get(url, headers={"Authorization": "Basic dTpw"}, timeout=5)
    ok = requests.get(url, headers={"Authorization": "Bearer demo-token"}, timeout=5)
    assert missing.status_code == wrong_scheme.status_code == 401
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    assert ok.status_code == 200 and ok.json() == {"authenticated": True}


# --- streaming ----------------------------------------------------------------------------


def test_stream_sends_n_json_lines_in_chunked_encoding(server):
    resp = requests.get(server.base_url + "/stream/3", stream=True, timeout=5)
    assert resp.headers["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in resp.headers
    lines = [json.loads(line) for line in resp.iter_lines()]
    assert lines == [{"line": 1, "of": 3}, {"line": 2, "of": 3}, {"line": 3, "of": 3}]


def test_stream_frames_one_chunk_per_line(server):
    request = b"GET /stream/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    body = raw_exchange(server, request).partition(b"\r\n\r\n")[2]
    line = b'{"line": 1, "of": 2}\n'
    assert body == (b"%X\r\n" % len(line) + line + b"\r\n"
                    + b"%X\r\n" % len(line) + line.replace(b"1", b"2", 1) + b"\r\n0\r\n\r\n")


@pytest.mark.parametrize("bad", ["0", "101", "x"])
def test_stream_bounds(server, bad):
    assert requests.get(f"{server.base_url}/stream/{bad}", timeout=5).status_code == 400


def test_stream_is_get_only(server):
    resp = requests.post(server.base_url + "/stream/3", timeout=5)
    assert resp.status_code == 405 and resp.headers["Allow"] == "GET"


# --- delays, keep-alive, stopping ---------------------------------------------------------


def test_delay_times_out_a_client_with_a_shorter_timeout(server):
    with pytest.raises(requests.ReadTimeout):
        requests.get(server.base_url + "/delay/2", timeout=0.2)


def test_delay_then_echoes(server):
    resp = requests.get(server.base_url + "/delay/0.05?x=1", timeout=5)
    assert resp.status_code == 200 and resp.json()["args"] == {"x": "1"}


def test_delay_needs_a_number(server):
    assert requests.get(server.base_url + "/delay/soon", timeout=5).status_code == 400


def test_stopping_ends_a_long_delay(server):
    outcome: list[object] = []

    def wait_for_delay() -> None:
        try:
            outcome.append(requests.get(server.base_url + "/delay/1000", timeout=30))
        except requests.ConnectionError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=wait_for_delay)
    thread.start()
    while not server.httpd._connections:  # stop only once the request is in
        thread.join(timeout=0.01)
    server.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert isinstance(outcome[0], requests.ConnectionError)


def test_one_session_reuses_one_connection(server):
    with requests.Session() as session:
        origins = {session.get(server.base_url + "/anything", timeout=5).json()["origin"]
                   for _ in range(3)}
    assert len(origins) == 1


def test_connection_close_is_honoured(server):
    received = raw_exchange(server, b"GET /status/200 HTTP/1.1\r\nHost: x\r\n"
                                    b"Connection: close\r\n\r\n")
    assert received.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\nConnection: close\r\n" in received


TEXT = st.characters(blacklist_categories=("Cs",))  # lone surrogates cannot be URL-encoded


@given(st.dictionaries(st.text(TEXT, min_size=1), st.text(TEXT), max_size=5))
def test_query_args_round_trip(params):
    assert query_args(urlencode(params)) == params
