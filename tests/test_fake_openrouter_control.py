"""The OpenRouter fake's control API (`/_fake/…`) and its command line."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import threading

import pytest
import requests

from course_lib.__main__ import main
from course_lib.fakes.openrouter import FakeOpenRouter

KEY = "sk-or-v1-fake-alice"
FREE = "deepseek/deepseek-chat-v3.1:free"
PAID = "openai/gpt-4o-mini"


def control(fake_or_root: FakeOpenRouter | str, route: str, body: object = None,
            method: str = "POST") -> requests.Response:
    """Call the control API (`route` like "fault"); `body` is sent as JSON."""
    root = fake_or_root if isinstance(fake_or_root, str) else \
        fake_or_root.base_url.removesuffix("/api/v1")
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body))
    return requests.request(method, f"{root}/_fake/{route}", data=data, timeout=10)


def chat(base_url: str, model: str = FREE, stream: bool = False,
         key: str = KEY) -> requests.Response:
    """POST one chat request."""
    body = {"model": model, "messages": [{"role": "user", "content": "hi"}], "stream": stream}
    return requests.post(base_url + "/chat/completions", json=body, timeout=10,
                         headers={"Authorization": f"Bearer {key}"})


# --- faults over HTTP -----------------------------------------------------------------------


def test_fault_route_plans_failures(fake_openrouter):
    resp = control(fake_openrouter, "fault", {"kind": "fail", "status": 503, "count": 3})
    statuses = [chat(fake_openrouter.base_url).status_code for _ in range(4)]
    assert resp.status_code == 200 and resp.json()["faults"]["queued"][0]["count"] == 3
    assert statuses == [503, 503, 503, 200]


def _is_json(resp: requests.Response) -> bool:
    try:
        resp.json()
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(("spec", "stream", "check"), [
    ({"kind": "fail", "status": 502, "html": True}, False,
     lambda r: r.status_code == 502 and "nginx" in r.text),
    ({"kind": "fail", "status": 429, "retry_after": 3, "message": "wait"}, False,
     lambda r: r.headers["Retry-After"] == "3" and r.json()["error"]["message"] == "wait"),
    ({"kind": "fail_always", "status": 500}, False, lambda r: r.status_code == 500),
    ({"kind": "error_in_200", "status": 503}, False,
     lambda r: r.status_code == 200 and r.json()["error"]["code"] == 503),
    ({"kind": "finish_reason_error"}, False,
     lambda r: r.json()["choices"][0]["finish_reason"] == "error"),
    ({"kind": "mid_stream_error"}, True,
     lambda r: '"finish_reason": "error"' in r.text and "[DONE]" not in r.text),
    ({"kind": "upstream_rate_limit"}, False,
     lambda r: "rate-limited upstream" in r.json()["error"]["metadata"]["raw"]),
    ({"kind": "malformed"}, False, lambda r: r.status_code == 200 and not _is_json(r)),
    ({"kind": "unexpected_json"}, False, lambda r: set(r.json()) == {"id", "object", "model"}),
    ({"kind": "hang", "seconds": 0.01}, False, lambda r: r.status_code == 200),
    ({"kind": "chaos", "rate": 1.0, "seed": 2}, False, lambda r: r.status_code in (429, 500, 502,
                                                                                   503, 504)),
])
def test_every_fault_kind_works_over_http(fake_openrouter, spec, stream, check):
    assert control(fake_openrouter, "fault", spec).status_code == 200
    assert check(chat(fake_openrouter.base_url, stream=stream))


def test_drop_over_http(fake_openrouter):
    control(fake_openrouter, "fault", {"kind": "drop"})
    with pytest.raises(requests.ConnectionError):
        chat(fake_openrouter.base_url)


@pytest.mark.parametrize(("body", "words"), [
    ({"kind": "explode"}, "kind must be one of"),
    ({"status": 503}, "kind must be one of"),
    ({"kind": "fail"}, "status"),
    ({"kind": "fail", "status": 503, "colour": "red"}, "colour"),
    ({"kind": "fail", "status": "503"}, "status must be an HTTP error status"),
    ({"kind": "fail", "status": 503, "count": "3"}, "count must be"),
    ({"kind": "hang", "seconds": "long"}, "could not convert"),
    (b"{oops", "Expecting property name"),
    ([1, 2], "must be a JSON object"),
])
def test_bad_fault_requests_get_400_and_change_nothing(fake_openrouter, body, words):
    resp = control(fake_openrouter, "fault", body)
    assert resp.status_code == 400 and words in resp.json()["error"]["message"]
    assert fake_openrouter.faults.describe() == {"queued": [], "sticky": None, "chaos": 0.0}


def test_clear_route_drops_every_fault(fake_openrouter):
    fake_openrouter.fail(503, count=5)
    fake_openrouter.fail_always(500)
    fake_openrouter.chaos(1.0)
    assert control(fake_openrouter, "clear").status_code == 200
    assert chat(fake_openrouter.base_url).status_code == 200


# --- settings, requests, revoke -------------------------------------------------------------


def test_settings_show_and_change_the_fake_live(fake_openrouter):
    shown = control(fake_openrouter, "settings", method="GET").json()
    assert shown == {"data_policy": False, "no_credits": False, "latency_ms": 0,
                     "free_per_minute": None, "free_per_day": None, "key_limit": None,
                     "strict": False, "chaos": 0.0}
    changed = control(fake_openrouter, "settings", {"data_policy": True, "no_credits": True,
                                                    "free_per_minute": 5, "key_limit": 2.5})
    assert changed.json()["data_policy"] is True and changed.json()["free_per_minute"] == 5
    assert fake_openrouter.limits.per_minute == 5 and fake_openrouter.key_limit == 2.5
    assert chat(fake_openrouter.base_url).status_code == 404
    assert chat(fake_openrouter.base_url, model=PAID).status_code == 402


def test_settings_set_chaos_with_a_seed(fake_openrouter):
    control(fake_openrouter, "settings", {"chaos": 1.0, "seed": 4})
    assert chat(fake_openrouter.base_url).status_code != 200
    control(fake_openrouter, "settings", {"chaos": 0})
    assert chat(fake_openrouter.base_url).status_code == 200


@pytest.mark.parametrize("changes", [
    {"data_policy": "yes"}, {"latency_ms": -1}, {"latency_ms": 1.5}, {"free_per_minute": 0},
    {"chaos": 2}, {"seed": "x"}, {"colour": "red"}, {"no_credits": True, "key_limit": -1},
])
def test_bad_settings_get_400_and_change_nothing(fake_openrouter, changes):
    resp = control(fake_openrouter, "settings", changes)
    assert resp.status_code == 400 and resp.json()["error"]["code"] == 400
    assert fake_openrouter.no_credits is False and fake_openrouter.latency_ms == 0


def test_requests_route_shows_recent_requests_with_keys_masked(fake_openrouter):
    for _ in range(3):
        chat(fake_openrouter.base_url)
    resp = control(fake_openrouter, "requests?limit=2", method="GET")
    data = resp.json()
    assert data["total"] == 3 and len(data["data"]) == 2
    assert data["data"][0]["headers"]["Authorization"] == "Bearer sk-or-v1-…lice"
    assert data["data"][0]["json"]["model"] == FREE and KEY not in resp.text
    assert all(not r.path.startswith("/_fake") for r in fake_openrouter.requests)


def test_revoke_route(fake_openrouter):
    resp = control(fake_openrouter, "revoke", {"key": KEY})
    assert resp.json() == {"ok": True, "revoked": "sk-or-v1-…lice"} and KEY not in resp.text
    assert chat(fake_openrouter.base_url).json()["error"]["message"] == "User not found."
    assert control(fake_openrouter, "revoke", {}).status_code == 400


def test_unknown_control_route_is_404_listing_the_routes(fake_openrouter):
    resp = control(fake_openrouter, "reboot")
    assert resp.status_code == 404 and "POST /_fake/fault" in resp.json()["error"]["message"]


# --- command line ---------------------------------------------------------------------------


def start_cli(*options: str) -> tuple[subprocess.Popen, str]:
    """Start `python -m course_lib fake-openrouter` on a free port; return it and its base URL."""
    proc = subprocess.Popen([sys.executable, "-m", "course_lib", "fake-openrouter", "--port", "0",
                             *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=30)
    if not lines:
        proc.kill()
        pytest.fail("the fake printed no first line within 30 s")
    return proc, lines[0].strip()


def stop_cli(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> tuple[int, str, str]:
    """Send `sig`; return the exit status and the rest of stdout and stderr."""
    proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the fake did not stop within 10 s")
    return proc.returncode, out, err


def test_cli_prints_base_url_first_serves_and_exits_0_on_sigterm():
    proc, url = start_cli()
    answered = chat(url).json()["choices"][0]["message"]["content"]
    models = requests.get(url + "/models", timeout=10).status_code
    code, out, err = stop_cli(proc)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/v1", url)
    assert answered and models == 200
    assert code == 0 and out == "" and "/_fake/fault" in err and "Traceback" not in err


def test_cli_options_set_the_modes_and_ctrl_c_exits_0():
    proc, url = start_cli("--data-policy", "--no-credits", "--free-limit", "1",
                          "--latency-ms", "1", "--seed", "3")
    statuses = [chat(url).status_code, chat(url).status_code, chat(url, model=PAID).status_code]
    shown = control(url.removesuffix("/api/v1"), "settings", method="GET").json()
    code, _, err = stop_cli(proc, signal.SIGINT)
    assert statuses == [404, 429, 402]
    assert shown["latency_ms"] == 1 and shown["free_per_minute"] == 1
    assert code == 0 and "Traceback" not in err


def test_cli_with_a_busy_port_exits_1_with_a_message(capsys):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        assert main(["fake-openrouter", "--port", str(port)]) == 1
    assert f"cannot start on 127.0.0.1:{port}" in capsys.readouterr().err


def test_cli_refuses_a_chaos_rate_above_one(capsys):
    assert main(["fake-openrouter", "--port", "0", "--chaos", "2"]) == 1
    assert "chaos rate must be between 0 and 1" in capsys.readouterr().err


def test_cli_help_shows_the_control_api(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["fake-openrouter", "--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "--free-limit" in out and "curl -X POST localhost:8765/_fake/fault" in out


def test_strict_mode_and_accepted_keys_over_http(fake_openrouter):
    well_formed = "sk-or-v1-" + "3c" * 32  # built here: no key shape sits in any file
    assert chat(fake_openrouter.base_url, key=well_formed).status_code == 200
    assert control(fake_openrouter, "settings", {"strict": True}).json()["strict"] is True
    refused = chat(fake_openrouter.base_url, key=well_formed)
    assert refused.status_code == 401 and refused.json()["error"]["message"] == "User not found."
    assert chat(fake_openrouter.base_url, key="sk-or-v1-fake-local-key").status_code == 200
    accepted = control(fake_openrouter, "accept", {"key": well_formed}).json()
    assert accepted == {"ok": True, "accepted": "sk-or-v1-…3c3c"}
    assert chat(fake_openrouter.base_url, key=well_formed).status_code == 200
