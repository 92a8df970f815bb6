"""A local fake of the OpenRouter API, faithful enough for third-party clients and for ours.

It answers `POST /api/v1/chat/completions` (plain and streamed), `GET /api/v1/models` (the
course's catalog, see `course_lib.catalog`) and `GET /api/v1/key` over real HTTP, with
deterministic answers (see `answers`), OpenRouter's error bodies and messages, its key checks
(see `keys`), and every failure a client must survive, on demand. The official `openai` and
`openrouter` SDKs, among others, work against it unchanged (tests/test_fake_openrouter_*.py).

In Python (tests, notebooks):

    with FakeOpenRouter() as fake:                 # port 0: a free port
        fake.base_url                              # "http://127.0.0.1:PORT/api/v1"
        fake.fail(503, count=2)                    # the next two chat requests get 503
        fake.requests[-1].header("Authorization")  # what the client really sent

Keys: every well-formed key (`sk-or-v1-` and 64 hex digits) and the course's placeholders
(`sk-or-v1-fake-…`, `sk-or-v1-grader-…`) are accepted; anything else gets OpenRouter's 401.
`FakeOpenRouter(keys=[...], strict=True)` accepts only those keys and the offline key;
a grader's fake takes `any_key=True` (every credential passes; see `keys`).

From a terminal (live demos): `python -m course_lib fake-openrouter --port 8765` prints the
base URL first, then serves until Ctrl+C. Its control API changes its behaviour meanwhile:

    curl -X POST localhost:8765/_fake/fault -d '{"kind": "fail", "status": 503, "count": 3}'
    curl -X POST localhost:8765/_fake/fault -d '{"kind": "fail", "status": 502, "html": true}'
    curl -X POST localhost:8765/_fake/fault -d '{"kind": "mid_stream_error"}'
    curl -X POST localhost:8765/_fake/fault -d '{"kind": "hang", "seconds": 40}'
    curl -X POST localhost:8765/_fake/fault -d '{"kind": "chaos", "rate": 0.3, "seed": 1}'
    curl -X POST localhost:8765/_fake/settings -d '{"data_policy": true, "latency_ms": 300}'
    curl -X POST localhost:8765/_fake/settings -d '{"free_per_minute": 3, "strict": true}'
    curl -X POST localhost:8765/_fake/revoke -d '{"key": "sk-or-v1-fake-local-key"}'
    curl -X POST localhost:8765/_fake/accept -d '{"key": "sk-or-v1-fake-demo-key"}'
    curl -X POST localhost:8765/_fake/clear
    curl localhost:8765/_fake/requests?limit=5      # recent requests, keys masked

Every fault kind of the Python API works as `"kind"` (see `control`). Faults apply to chat
requests only, after the key check, in the order they were planned.

Limits (`course_lib.fakes.limits`): a body over 64 MiB gets 413 with OpenRouter's JSON
error, at most 128 connections are served at once, idle ones close after 30 s, and `requests`
keeps the newest 10,000 (`request_count` counts them all). A fake that untrusted code talks to
takes `FakeOpenRouter(control=False, limits=GRADING)`: smaller limits, and no `/_fake/…` routes
(they answer 404 like any unknown path), while the Python API above keeps working.

The modules import one way: `server` (the HTTP server around `state`) → `handler` (routes)
→ `control`, `bad_200`, `stream` → `wire`, `errors`, `keys`, `answers`, `request`, `faults`,
`free_tier`; `cli` is the command line.
"""

from __future__ import annotations

import argparse

from course_lib.fakes.openrouter import cli
from course_lib.fakes.openrouter.server import FakeOpenRouter
from course_lib.fakes.recording import RecordedRequest

__all__ = ["FakeOpenRouter", "RecordedRequest", "add_arguments", "run"]

run = cli.run


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `python -m course_lib fake-openrouter`, with the control API as epilog."""
    examples = (__doc__ or "").partition("meanwhile:\n")[2].partition("\n\nEvery")[0]
    cli.add_arguments(parser, examples)
