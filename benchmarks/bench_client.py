"""The OpenRouter client against the fake, side by side with two baselines in the same run.

- `chat_once` (thread-local keep-alive session, call-time settings, full parsing);
- a bare `requests.Session().post` loop (the floor: keep-alive, no checks);
- a new `requests.post` per call (the lecture's way: a new connection every time).

Targets: `chat_once` median within 1.25x of the Session baseline, at least 1.3x faster than
per-call `requests.post`; the fake's keep-alive round trip under 2 ms. On 127.0.0.1 `chat_once`
skips requests' scan of the environment for proxy settings, which the baselines pay (about
0.1 ms a call). The fake runs as a separate process (as in a demo), so client and server do not
share one interpreter.
"""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from urllib.parse import urlsplit

import requests

KEY = "sk-or-v1-fake-benchmark-key"
MODEL = "deepseek/deepseek-chat-v3.1:free"
MESSAGES = [{"role": "user", "content": "What is HTTP?"}]
ROUNDS, PER_ROUND = 15, 20  # interleaved rounds, so drift hits every method alike


@contextmanager
def fake_process():
    """A `fake-openrouter` process on a free port; yields its base URL."""
    proc = subprocess.Popen([sys.executable, "-m", "course_lib", "fake-openrouter", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        yield proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def median_ms(samples: list[float]) -> float:
    """The median of samples in seconds, in milliseconds."""
    return statistics.median(samples) * 1000


def timed(call: Callable[[], object], samples: list[float]) -> None:
    """Run `call` PER_ROUND times, appending each duration."""
    for _ in range(PER_ROUND):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)


def client_calls(base_url: str) -> dict[str, Callable[[], object]]:
    """The three ways of making the same chat request."""
    from course_lib.openrouter_client import chat_once

    url = base_url + "/chat/completions"
    body = {"model": MODEL, "messages": MESSAGES, "temperature": 0.2, "max_tokens": 400}
    headers = {"Authorization": f"Bearer {KEY}"}
    session = requests.Session()
    return {
        "chat_once": lambda: chat_once(MESSAGES, model=MODEL),
        "session": lambda: session.post(url, json=body, headers=headers, timeout=30).json()[
            "choices"][0]["message"]["content"],
        "requests.post": lambda: requests.post(url, json=body, headers=headers, timeout=30).json()[
            "choices"][0]["message"]["content"],
    }


def round_trips(base_url: str, count: int = 500) -> list[float]:
    """Durations of keep-alive `GET /key` round trips on one raw HTTP connection."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        conn.request("GET", parts.path + "/key", headers={"Authorization": f"Bearer {KEY}"})
        conn.getresponse().read()
        samples.append(time.perf_counter() - start)
    conn.close()
    return samples


def run() -> list[dict]:
    """Measure and return the rows of the client suite."""
    with fake_process() as base_url:
        os.environ.update(OPENROUTER_BASE_URL=base_url, OPENROUTER_API_KEY=KEY)
        calls = client_calls(base_url)
        samples: dict[str, list[float]] = {name: [] for name in calls}
        for call in calls.values():
            call()  # warm-up: first connection, imports
        for _ in range(ROUNDS):
            for name, call in calls.items():
                timed(call, samples[name])
        trips = round_trips(base_url)
    med = {name: median_ms(s) for name, s in samples.items()}
    slower = med["chat_once"] / med["session"]
    faster = med["requests.post"] / med["chat_once"]
    rtt = median_ms(trips)
    p99 = statistics.quantiles(trips, n=100)[98] * 1000
    row = {"suite": "client"}
    return [
        {**row, "name": f"{name} median", "value": ms, "unit": "ms", "target": "", "ok": None}
        for name, ms in med.items()
    ] + [
        {**row, "name": "chat_once / session", "value": slower, "unit": "x", "target": "<= 1.25",
         "ok": slower <= 1.25},
        {**row, "name": "requests.post / chat_once", "value": faster, "unit": "x",
         "target": ">= 1.3", "ok": faster >= 1.3},
        {"suite": "fake", "name": "keep-alive round trip median", "value": rtt, "unit": "ms",
         "target": "< 2", "ok": rtt < 2},
        {"suite": "fake", "name": "keep-alive round trip p99 (no 40 ms stalls)", "value": p99,
         "unit": "ms", "target": "< 40", "ok": p99 < 40},
    ]


if __name__ == "__main__":
    from benchmarks.__main__ import table

    print(table(run()))
