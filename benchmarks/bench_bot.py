"""The bot end to end: from a user's message to the bot's reply, through both local fakes.

The bot runs as in production, `python -m course_lib bot` in its own process; the Telegram
fake (with its test driver) and the OpenRouter fake (zero latency) run in this process. A
sample is the time from `user.send(text)` (the update is queued for getUpdates) until the
bot's reply has arrived at the fake: long-poll wake-up, telebot's dispatch, the core, SQLite,
sendMessage. Then a burst: 50 users send 10 messages each at once; none may be lost.

Targets: median under 15 ms for /models and /note_add; 0 updates lost in the burst.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from course_lib.fakes.openrouter import FakeOpenRouter
from course_lib.fakes.telegram import FakeTelegram, FakeUser

TOKEN = "123456:FAKE-local-token"
KEY = "sk-or-v1-fake-benchmark-key"
COMMANDS = {"/models": "/models", "/note_add": "/note_add a note for the benchmark",
            "/ask": "/ask echo: what is HTTP?"}
ROUNDS, PER_ROUND = 10, 20  # interleaved rounds, so drift hits every command alike
BURST_USERS, BURST_EACH = 50, 10
MEDIAN_TARGET_MS = 15.0


@contextmanager
def bot_process(tg: FakeTelegram, llm: FakeOpenRouter) -> Iterator[subprocess.Popen]:
    """The bot as a process against the fakes; stderr drained (it logs every message)."""
    with tempfile.TemporaryDirectory(prefix="bench_bot_") as tmp:
        yield from _run_bot(tg, llm, Path(tmp))


def _run_bot(tg: FakeTelegram, llm: FakeOpenRouter, home: Path) -> Iterator[subprocess.Popen]:
    """Start the bot with its database in `home`, wait for its start-up line, stop it after."""
    env = dict(os.environ, TELEGRAM_API_URL=tg.api_url, TELEGRAM_BOT_TOKEN=TOKEN,
               OPENROUTER_BASE_URL=llm.base_url, OPENROUTER_API_KEY=KEY,
               COURSE_DB=str(home / "bot.db"), COURSE_LANG="en", NO_PROXY="127.0.0.1")
    proc = subprocess.Popen([sys.executable, "-m", "course_lib", "bot"], env=env, cwd=home,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    ready = threading.Event()
    threading.Thread(target=_drain, args=(proc, ready), daemon=True).start()
    try:
        if not ready.wait(30):
            raise RuntimeError("the bot did not start within 30 s")
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _drain(proc: subprocess.Popen, ready: threading.Event) -> None:
    """Read the bot's stderr to the end; set `ready` at its start-up line."""
    for line in proc.stderr:
        if " is running " in line:
            ready.set()


def round_trip(user: FakeUser, text: str) -> float:
    """Seconds from sending `text` to the bot's (single) reply."""
    start = time.perf_counter()
    user.send(text)
    user.wait_replies(1, timeout=10)
    return time.perf_counter() - start


def latencies(tg: FakeTelegram) -> dict[str, list[float]]:
    """Round-trip samples of each command, interleaved; one user per command."""
    users = {name: tg.user(1000 + n, name) for n, name in enumerate(COMMANDS)}
    for name, text in COMMANDS.items():
        for _ in range(5):  # warm-up: connections, imports, SQLite caches
            round_trip(users[name], text)
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(ROUNDS):
        for name, text in COMMANDS.items():
            samples[name] += [round_trip(users[name], text) for _ in range(PER_ROUND)]
    return samples


def burst(tg: FakeTelegram) -> tuple[int, float]:
    """50 users x 10 messages sent at once: (updates lost, seconds until the last reply)."""
    users = [tg.user(5000 + n, f"Burst {n}") for n in range(BURST_USERS)]
    total = BURST_USERS * BURST_EACH
    start = time.perf_counter()
    for n in range(BURST_EACH):
        for user in users:
            user.send(f"/note_add burst {n}")
    state = tg.api.state
    state.wait(lambda: sum(len(state.by_bot[u.id]) for u in users) >= total, timeout=60)
    elapsed = time.perf_counter() - start
    answered = sum(len(u.replies) for u in users)
    return total - answered, elapsed


def ms(seconds: float) -> float:
    """Seconds in milliseconds."""
    return seconds * 1000


def rows(samples: dict[str, list[float]], lost: int, elapsed: float) -> list[dict]:
    """The table rows of the bot suite."""
    out = []
    for name, values in samples.items():
        median, p95 = ms(statistics.median(values)), ms(statistics.quantiles(values, n=20)[18])
        target = f"< {MEDIAN_TARGET_MS:g}" if name != "/ask" else ""
        ok = median < MEDIAN_TARGET_MS if target else None
        out.append({"name": f"{name} median", "value": median, "unit": "ms", "target": target,
                    "ok": ok})
        out.append({"name": f"{name} p95", "value": p95, "unit": "ms", "target": "", "ok": None})
    total = BURST_USERS * BURST_EACH
    out.append({"name": f"burst {total} updates: lost", "value": lost, "unit": "updates",
                "target": "0", "ok": lost == 0})
    out.append({"name": f"burst {total} updates: throughput", "value": total / elapsed,
                "unit": "updates/s", "target": "", "ok": None})
    return [{"suite": "bot", **row} for row in out]


def run() -> list[dict]:
    """Measure and return the rows of the bot suite."""
    with FakeTelegram(token=TOKEN) as tg, FakeOpenRouter() as llm, bot_process(tg, llm):
        samples = latencies(tg)
        lost, elapsed = burst(tg)
    return rows(samples, lost, elapsed)


if __name__ == "__main__":
    from benchmarks.__main__ import table

    print(table(run()))
