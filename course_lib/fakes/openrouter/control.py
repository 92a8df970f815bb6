"""The fake's control API: change how it behaves over HTTP while it runs (for live demos).

Routes (JSON in, JSON out; see `course_lib.fakes.openrouter` for curl examples), unless the
fake was made with `control=False` (then they are unknown paths: 404, like at OpenRouter):

- `POST /_fake/fault` `{"kind": "fail", "status": 503, "count": 3}`: plan a fault; the other
  fields are the arguments of the `FakeState` method of that name.
- `POST /_fake/clear`: drop every planned fault and switch chaos off.
- `GET|POST /_fake/settings`: show or change `data_policy`, `no_credits`, `latency_ms`,
  `free_per_minute`, `free_per_day`, `key_limit`, `strict`, `chaos` (with `seed`).
- `GET /_fake/requests?limit=20`: the latest requests, with every secret masked (`total`
  counts every request, also those too old to be kept).
- `POST /_fake/revoke` `{"key": "sk-or-v1-…"}`: that key now gets 401 "User not found.".
- `POST /_fake/accept` `{"key": "sk-or-v1-…"}`: that key is accepted, also in strict mode.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from course_lib.config import mask
from course_lib.fakes.openrouter.errors import error_body
from course_lib.fakes.openrouter.faults import KINDS
from course_lib.fakes.openrouter.state import FakeState

FAULT_METHODS = (*KINDS, "fail_always", "chaos")


def _is_int(value: Any) -> bool:
    """Whether a JSON value is a whole number (true/false are not, though Python says so)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    """Whether a JSON value is a number (true/false are not)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# setting: (check of its value, what a valid value is)
SETTINGS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "data_policy": (lambda v: isinstance(v, bool), "true or false"),
    "no_credits": (lambda v: isinstance(v, bool), "true or false"),
    "latency_ms": (lambda v: _is_int(v) and v >= 0, "a whole number of at least 0"),
    "free_per_minute": (lambda v: v is None or (_is_int(v) and v >= 1), "null or 1 or more"),
    "free_per_day": (lambda v: v is None or (_is_int(v) and v >= 1), "null or 1 or more"),
    "key_limit": (lambda v: v is None or (_is_number(v) and v >= 0), "null or a number ≥ 0"),
    "strict": (lambda v: isinstance(v, bool), "true or false"),
    "chaos": (lambda v: _is_number(v) and 0 <= v <= 1, "a number between 0 and 1"),
    "seed": (_is_int, "an integer"),
}


def handle(fake: FakeState, method: str, path: str, query: str,
           body: bytes) -> tuple[int, dict]:
    """Answer one control request: (status, JSON payload)."""
    route = ROUTES.get((method, path))
    if route is None:
        routes = ", ".join(f"{m} {p}" for m, p in ROUTES)
        return 404, error_body(404, f"No control route {method} {path}; routes: {routes}")
    try:
        args = json.loads(body or b"{}") if method == "POST" else parse_qs(query)
        if not isinstance(args, dict):
            raise ValueError("the body must be a JSON object")
        return 200, route(fake, args)
    except (ValueError, TypeError, RecursionError) as exc:
        return 400, error_body(400, str(exc))


def add_fault(fake: FakeState, spec: dict[str, Any]) -> dict:
    """Plan a fault by calling the fake's method of that kind with the other fields."""
    spec = dict(spec)
    kind = spec.pop("kind", None)
    if kind not in FAULT_METHODS:
        raise ValueError(f"kind must be one of: {', '.join(FAULT_METHODS)}")
    getattr(fake, kind)(**spec)
    return {"ok": True, "faults": fake.faults.describe()}


def clear(fake: FakeState, _: dict[str, Any]) -> dict:
    """Drop every planned fault."""
    fake.clear()
    return {"ok": True, "faults": fake.faults.describe()}


def change_settings(fake: FakeState, changes: dict[str, Any]) -> dict:
    """Check every change first, then apply them all (so a bad one changes nothing)."""
    for name, value in changes.items():
        if name not in SETTINGS:
            raise ValueError(f"unknown setting {name!r}; known: {', '.join(SETTINGS)}")
        valid, expected = SETTINGS[name]
        if not valid(value):
            raise ValueError(f"{name} must be {expected}, got {json.dumps(value)}")
    for name, value in changes.items():
        if name not in ("chaos", "seed"):
            setattr(fake, name, value)
    if "chaos" in changes or "seed" in changes:
        fake.chaos(changes.get("chaos", fake.faults.chaos_rate), seed=changes.get("seed", 0))
    return show_settings(fake, {})


def show_settings(fake: FakeState, _: dict[str, Any]) -> dict:
    """The current settings."""
    names = [n for n in SETTINGS if n not in ("chaos", "seed")]
    return {**{n: getattr(fake, n) for n in names}, "chaos": fake.faults.chaos_rate}


def recent_requests(fake: FakeState, query: dict[str, list[str]]) -> dict:
    """The latest recorded requests (`?limit=N`, default 20), secrets masked."""
    limit = int(query.get("limit", ["20"])[0])
    shown = fake.requests[-limit:] if limit > 0 else []
    return {"total": fake.request_count, "data": [r.masked() for r in shown]}


def _key(spec: dict[str, Any], what: str) -> str:
    """The `key` of a request body, stripped."""
    key = spec.get("key")
    if not isinstance(key, str) or not key.strip():
        raise ValueError(f'give the key to {what}: {{"key": "sk-or-v1-…"}}')
    return key.strip()


def revoke(fake: FakeState, spec: dict[str, Any]) -> dict:
    """Revoke a key: from now on it gets 401 "User not found."."""
    key = _key(spec, "revoke")
    fake.revoke(key)
    return {"ok": True, "revoked": mask(key)}


def accept(fake: FakeState, spec: dict[str, Any]) -> dict:
    """Accept a key from now on, also in strict mode."""
    key = _key(spec, "accept")
    fake.accept_key(key)
    return {"ok": True, "accepted": mask(key)}


ROUTES: dict[tuple[str, str], Callable[[FakeState, Any], dict]] = {
    ("POST", "/_fake/fault"): add_fault,
    ("POST", "/_fake/clear"): clear,
    ("GET", "/_fake/settings"): show_settings,
    ("POST", "/_fake/settings"): change_settings,
    ("GET", "/_fake/requests"): recent_requests,
    ("POST", "/_fake/revoke"): revoke,
    ("POST", "/_fake/accept"): accept,
}
