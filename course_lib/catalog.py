"""The shipped snapshot of OpenRouter's model catalog (`GET /api/v1/models`).

The fake serves it, the models registry is checked against it, and offline checks use it in
place of the live catalog. Its date is in `snapshot_date()`: free models come and go, so the
live catalog (with a key) is the final word.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

# `provider/model-name`, optionally with a variant such as `:free` (OpenRouter's id format).
MODEL_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*(:[a-z0-9-]+)?$")


@cache
def _snapshot() -> dict:
    """The parsed snapshot file (read once per process)."""
    text = resources.files("course_lib").joinpath("data/catalog.json").read_text("utf-8")
    return json.loads(text)


def snapshot_date() -> str:
    """The ISO date the snapshot was taken."""
    return _snapshot()["snapshot_date"]


def models() -> list[dict]:
    """Every model of the snapshot, as `GET /api/v1/models` lists them (copies)."""
    return [json.loads(json.dumps(m)) for m in _snapshot()["data"]]


@cache
def _by_id() -> dict[str, dict]:
    """The snapshot's entries by model id."""
    return {m["id"]: m for m in _snapshot()["data"]}


def find(model_id: str) -> dict | None:
    """The snapshot entry of one model id (a copy), or None if the snapshot lacks it."""
    entry = _by_id().get(model_id)
    return json.loads(json.dumps(entry)) if entry else None


def is_valid_id(model_id: str) -> bool:
    """Whether a string has the shape of an OpenRouter model id."""
    return bool(MODEL_ID_RE.match(model_id))


def price_usd(model_id: str, prompt_tokens: int, completion_tokens: int) -> float:
    """The cost of a request in USD from the snapshot's per-token prices (0 if unknown)."""
    entry = _by_id().get(model_id)
    if entry is None:
        return 0.0
    prices = entry["pricing"]
    return prompt_tokens * float(prices["prompt"]) + completion_tokens * float(prices["completion"])
