"""The fakes' limits and control switch: what a hostile client (a graded submission) meets.

Each test talks to a real fake over 127.0.0.1 with a real client (requests, telebot, raw
sockets), runs in a few seconds, and bounds every loop in count and time.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests
import telebot

from course_lib.fakes import GRADING, ServerLimits
from course_lib.fakes.http_server import BackgroundServer
from course_lib.fakes.openrouter import FakeOpenRouter
from course_lib.fakes.telegram import FakeTelegram

TOKEN = "123456:FAKE-local-token"
KEY = "sk-or-v1-fake-limits-key"
MB = 1000 * 1000
BLOCK = b"x" * 65536
CHAT = {"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "echo: hi"}]}


@pytest.fixture(autouse=True)
def no_proxy_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy configured on the machine must not see our loopback requests."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def grading_or() -> Iterator[FakeOpenRouter]:
    """The OpenRouter fake as the grader makes it."""
    with FakeOpenRouter(control=False, limits=GRADING) as fake:
        yield fake


@pytest.fixture
def grading_tg() -> Iterator[FakeTelegram]:
    """The Telegram fake as the grader makes it."""
    with FakeTelegram(token=TOKEN, control=False, limits=GRADING) as fake:
        yield fake


needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(),
                                reason="reads the resident memory from /proc (Linux)")


def rss_mb() -> float:
    """This process's resident memory (Linux), in MB."""
    status = Path("/proc/self/status").read_text()
    kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(kb) / 1000


def blocks(total: int) -> Iterator[bytes]:
    """`total` bytes in 64 KiB blocks, made as they are sent (the same block every time)."""
    for _ in range(total // len(BLOCK)):
        yield BLOCK


class Sized:
    """A body of `total` bytes with a known length (so requests sends Content-Length)."""

    def __init__(self, total: int) -> None:
        """Nothing is built up front."""
        self.left = total

    def __len__(self) -> int:
        """What requests puts in Content-Length."""
        return self.left

    def read(self, size: int = -1) -> bytes:
        """The next block (at most 64 KiB)."""
        size = len(BLOCK) if size < 0 else min(size, len(BLOCK))
        size = min(size, self.left)
        self.left -= size
        return BLOCK[:size]


def chat_url(fake: FakeOpenRouter) -> str:
    """The chat endpoint of an OpenRouter fake."""
    return fake.base_url + "/chat/completions"


def post_chat(fake: FakeOpenRouter, **kwargs) -> requests.Response:
    """A chat request with our key (`json=` or `data=` as the body)."""
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    return requests.post(chat_url(fake), headers=headers, timeout=5, **kwargs)


def raw_exchange(server: BackgroundServer, request: bytes) -> tuple[int, bytes]:
    """Send raw bytes; the status and body of the one response that comes back."""
    with socket.create_connection((server.host, server.port), timeout=3) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()  # fails on anything but a final response: a "100 Continue" too
        return response.status, response.read()


def closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed `sock` (it sends nothing first), or None."""
    start = time.monotonic()
    sock.settimeout(seconds)
    try:
        data = sock.recv(1)
    except TimeoutError:
        return None
    except ConnectionResetError:
        data = b""
    assert data == b"", f"the server sent {data!r} instead of closing"
    return time.monotonic() - start


def handler_threads() -> int:
    """Threads serving a connection of some fake (ThreadingMixIn names them so)."""
    return sum("process_request_thread" in t.name for t in threading.enumerate())


def wait_for(ready: Callable[[], bool], seconds: float) -> bool:
    """Poll `ready` every 20 ms for at most `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if ready():
            return True
        time.sleep(0.02)
    return ready()


# --- request body size -------------------------------------------------------------------


@needs_proc
def test_a_50_mb_body_with_content_length_is_refused_unread(grading_or) -> None:
    post_chat(grading_or, json=CHAT)  # warm up: threads, buffers, imports
    before = rss_mb()
    response = post_chat(grading_or, data=Sized(50 * MB))
    grown = rss_mb() - before
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == 413 and "Request Entity Too Large" in error["message"]
    assert grown < 8, f"the fake grew by {grown:.1f} MB for a refused body"
    assert grading_or.request_count == 1  # the warm-up only: a refused body is not recorded


@needs_proc
def test_a_chunked_body_is_cut_at_the_limit(grading_or) -> None:
    post_chat(grading_or, json=CHAT)
    before = rss_mb()
    response = post_chat(grading_or, data=blocks(50 * MB))  # a generator: chunked encoding
    grown = rss_mb() - before
    assert response.status_code == 413
    assert response.json()["error"]["code"] == 413
    assert grown < 8, f"the fake grew by {grown:.1f} MB for a refused body"


def test_a_chunked_body_under_the_limit_is_read(grading_or) -> None:
    body = json.dumps(CHAT).encode()
    response = post_chat(grading_or, data=iter([body[:10], body[10:]]))
    assert response.status_code == 200, response.text
    assert response.json()["choices"][0]["message"]["content"] == "hi"
    assert grading_or.requests[-1].json == CHAT


def test_telegram_answers_a_too_large_upload_as_api_telegram_org_does(grading_tg) -> None:
    head = (f"POST /bot{TOKEN}/sendDocument HTTP/1.1\r\nHost: x\r\n"
            f"Content-Type: multipart/form-data; boundary=b\r\n"
            f"Content-Length: {300 * MB}\r\nExpect: 100-continue\r\n\r\n").encode()
    status, body = raw_exchange(grading_tg, head)  # no body sent: the answer comes without it
    assert status == 413
    assert json.loads(body) == {"ok": False, "error_code": 413,
                                "description": "Request Entity Too Large"}
    assert grading_tg.calls == []


def test_too_many_or_too_long_headers_get_431(grading_or) -> None:
    many = "".join(f"X-Extra-{i}: 1\r\n" for i in range(GRADING.max_headers + 1))
    long = "".join(f"X-Long-{i}: {'v' * 1000}\r\n" for i in range(20))  # 20 KB > 16 KiB
    for extra in (many, long):
        status, _ = raw_exchange(grading_or, f"GET /api/v1/models HTTP/1.1\r\nHost: x\r\n"
                                             f"{extra}\r\n".encode())
        assert status == 431
    assert post_chat(grading_or, json=CHAT).status_code == 200


def test_telebot_s_longest_message_fits_the_grading_limits(grading_tg, monkeypatch) -> None:
    alice = grading_tg.user(1001, "Alice")
    monkeypatch.setattr(telebot.apihelper, "API_URL", grading_tg.api_url + "/bot{0}/{1}")
    text = "😀" * 4096  # telebot puts it in the URL: a ~49 KB request line
    telebot.TeleBot(TOKEN, threaded=False).send_message(alice.id, text)
    assert grading_tg.sent[-1]["text"] == text  # kept whole
    assert grading_tg.calls[-1][1]["text"] == text


# --- connections and time ----------------------------------------------------------------


def test_connections_over_the_limit_are_closed_without_a_thread(grading_or) -> None:
    limit = GRADING.max_connections
    baseline = handler_threads()
    socks = [socket.create_connection((grading_or.host, grading_or.port), timeout=5)
             for _ in range(200)]
    try:
        assert wait_for(lambda: grading_or.httpd.open_connections == limit, 3)
        assert handler_threads() - baseline <= limit
        closed = sum(closed_within(s, 0.05) is not None for s in socks[limit:])
        assert closed == 200 - limit  # each refused at once, not left waiting
    finally:
        for sock in socks:
            sock.close()
    assert wait_for(lambda: grading_or.httpd.open_connections == 0, 3)
    assert post_chat(grading_or, json=CHAT).status_code == 200


def test_an_idle_connection_is_closed_after_the_idle_timeout() -> None:
    limits = replace(GRADING, idle_timeout_s=0.5)
    with FakeOpenRouter(control=False, limits=limits) as fake:
        with socket.create_connection((fake.host, fake.port), timeout=3) as sock:
            waited = closed_within(sock, 3)  # a client that connects and never sends
        assert waited is not None and 0.3 < waited < 2
        with requests.Session() as session:  # keep-alive still works, and reconnects
            for _ in range(2):
                assert session.get(fake.base_url + "/models", timeout=5).status_code == 200
                time.sleep(0.7)
        assert fake.httpd.open_connections == 0


def test_a_slow_loris_is_cut_at_the_request_deadline() -> None:
    limits = replace(GRADING, idle_timeout_s=1.0, request_deadline_s=1.0)
    with FakeOpenRouter(control=False, limits=limits) as fake:
        start = time.monotonic()
        with socket.create_connection((fake.host, fake.port), timeout=3) as sock:
            sock.sendall(b"GET /api/v1/models HTTP/1.1\r\n")
            cut = False
            for _ in range(40):  # a header byte every 0.1 s, each well inside the idle time
                try:
                    sock.sendall(b"X")
                except OSError:
                    cut = True
                    break
                if closed_within(sock, 0.1) is not None:
                    cut = True
                    break
        assert cut and time.monotonic() - start < 2.5


# --- the control switch ------------------------------------------------------------------


def test_openrouter_control_routes_are_unknown_paths_when_switched_off(grading_or) -> None:
    grading_or.fail_always(503)  # the grader's own fault, set in-process
    base = grading_or.base_url.removesuffix("/api/v1")
    unknown = {"GET": requests.get(base + "/nowhere", timeout=5).text,
               "POST": requests.post(base + "/nowhere", timeout=5).text}
    attempts = [requests.post(base + "/_fake/clear", timeout=5),
                requests.post(base + "/_fake/fault", json={"kind": "chaos", "rate": 0},
                              timeout=5),
                requests.post(base + "/_fake/settings", json={"latency_ms": 5000}, timeout=5),
                requests.post(base + "/_fake/revoke", json={"key": KEY}, timeout=5),
                requests.get(base + "/_fake/requests", timeout=5)]
    for response in attempts:
        assert response.status_code == 404
        request = response.request
        like = unknown[request.method].replace("/nowhere", request.path_url)
        assert response.json() == json.loads(like)
    assert post_chat(grading_or, json=CHAT).status_code == 503  # the fault is still there
    assert grading_or.latency_ms == 0 and not grading_or.is_revoked(KEY)
    grading_or.clear()  # the Python API works as before
    assert post_chat(grading_or, json=CHAT).status_code == 200
    assert len(grading_or.chat_requests()) == 2


def test_telegram_control_routes_are_unknown_paths_when_switched_off(grading_tg) -> None:
    api = grading_tg.api_url
    unknown = requests.post(api + "/nowhere", timeout=5)
    attempts = [requests.post(api + "/_fake/send", timeout=5,
                              json={"user_id": 1001, "first_name": "Mallory", "text": "/start"}),
                requests.post(api + "/_fake/fail", timeout=5,
                              json={"method": "sendMessage", "status": 502}),
                requests.get(api + "/_fake/sent", timeout=5),
                requests.get(api + "/_fake/calls", timeout=5)]
    for response in attempts:
        assert response.status_code == 404 and response.json() == unknown.json()
    assert grading_tg.known_user(1001) == {} and grading_tg.api.updates.pending_count == 0
    alice = grading_tg.user(1001, "Alice")  # the Python API drives the fake as before
    alice.send("/start")
    grading_tg.fail("sendMessage", 429, retry_after=1)
    send = f"{api}/bot{TOKEN}/sendMessage"
    first = requests.post(send, data={"chat_id": alice.id, "text": "a"}, timeout=5)
    assert first.status_code == 429  # the fault set in-process
    assert requests.post(send, data={"chat_id": alice.id, "text": "b"}, timeout=5).ok
    assert [m["text"] for m in alice.wait_replies(1, timeout=2)] == ["b"]


def test_both_fakes_keep_their_control_routes_by_default() -> None:
    with FakeOpenRouter() as fake, FakeTelegram(token=TOKEN) as tg:
        root = fake.base_url.removesuffix("/api/v1")
        assert requests.post(root + "/_fake/clear", timeout=5).status_code == 200
        assert requests.get(tg.api_url + "/_fake/sent", timeout=5).json()["ok"] is True


# --- what is recorded --------------------------------------------------------------------


def test_openrouter_keeps_the_newest_requests_and_the_start_of_each_body() -> None:
    limits = ServerLimits(max_records=5, max_record_bytes=1024)
    with FakeOpenRouter(limits=limits) as fake, requests.Session() as session:
        padding = "p" * 4000
        for n in range(12):
            mark = fake.request_count
            body = {**CHAT, "messages": [{"role": "user", "content": f"echo: {n} {padding}"}]}
            session.post(chat_url(fake), json=body, headers={"Authorization": f"Bearer {KEY}"},
                         timeout=5)
            assert len(fake.chat_requests(since=mark)) == 1  # right, also once records drop
        kept = fake.requests
        assert len(kept) == 5 and fake.request_count == 12
        assert [r.number for r in kept] == [8, 9, 10, 11, 12]
        assert all(len(r.body) == 1024 and r.body_size > 4000 and r.truncated for r in kept)
        assert kept[-1].header("Authorization") == f"Bearer {KEY}"


@needs_proc
def test_a_flood_of_requests_does_not_grow_the_fake(grading_or) -> None:
    with requests.Session() as session:
        session.post(grading_or.base_url + "/flood", data=b"x", timeout=5)  # warm up
        before = rss_mb()
        for _ in range(300):  # 60 MB in all, each body under the limit
            session.post(grading_or.base_url + "/flood", data=BLOCK * 3, timeout=5)
    grown = rss_mb() - before
    assert grown < 15, f"the fake grew by {grown:.1f} MB for 60 MB of requests"
    assert len(grading_or.requests) == GRADING.max_records and grading_or.request_count == 301


def test_telegram_keeps_the_newest_messages_and_replies_still_arrive() -> None:
    limits = ServerLimits(max_records=5)
    with FakeTelegram(token=TOKEN, limits=limits) as tg:
        alice = tg.user(1001, "Alice")
        alice.send("/flood")
        send = f"{tg.api_url}/bot{TOKEN}/sendMessage"
        with requests.Session() as session:
            for n in range(12):
                session.post(send, data={"chat_id": alice.id, "text": f"m{n}"}, timeout=5)
            assert [m["text"] for m in alice.wait_replies(12, timeout=2)] == \
                [f"m{n}" for n in range(7, 12)]
            assert len(tg.sent) == 5 and len(tg.calls) == 5 and len(tg.api.state.messages) == 5
            alice.send("/again")  # the chat's count of replies is still right
            session.post(send, data={"chat_id": alice.id, "text": "last"}, timeout=5)
        assert [m["text"] for m in alice.wait_replies(1, timeout=2)] == ["last"]


def test_telegram_keeps_stored_files_within_their_budget() -> None:
    limits = ServerLimits(max_file_bytes=3000)
    with FakeTelegram(token=TOKEN, limits=limits) as tg:
        alice = tg.user(1001, "Alice")
        url = f"{tg.api_url}/bot{TOKEN}/sendDocument"
        ids = [requests.post(url, data={"chat_id": alice.id}, timeout=5,
                             files={"document": (f"f{n}.txt", b"z" * 1000)}
                             ).json()["result"]["document"]["file_id"] for n in range(5)]
        assert len(set(ids)) == 5
        assert tg.file_bytes(ids[-1]) == b"z" * 1000
        with pytest.raises(KeyError):
            tg.file_bytes(ids[0])  # the oldest went to make room
