"""OpenRouter's model catalog (`GET /api/v1/models`): a real snapshot, or a refreshed copy.

The course ships a real response of `GET /api/v1/models` as OpenRouter returned it on
2025-09-08: 324 models with every field (id, canonical_slug, hugging_face_id, name, created,
description, context_length, architecture, pricing, top_provider, per_request_limits,
supported_parameters). The response was read through a code index of public repositories, as
it is stored there: repository 66nodes/prds, path openrouter-models.json, commit
874bd7f93d0862de41407f561406d243706bc6e0, committed 2025-09-08 (427,959 characters; its newest
model was created on 2025-09-05). Two changes, both recorded in the file: each `description` is
a short line of the course's own, made from the facts by `summary()` (the providers' prose is
theirs, not ours to ship), and the lecture's `meta-llama/llama-3.1-8b-instruct:free`, which
OpenRouter had retired by then, is added as the same API returned it on 2025-06-17, read through
the same index (repository Martoxdlol/t5-chat, path openrouter-models.json, commit
d237c81d235bc13362ec96a5549110c94c436291), so that every model of the lecture's registry is in
the catalog.

`python -m course_lib models refresh` (with a key) downloads the live catalog into
`data/catalog.refreshed.json` (git-ignored); when that file exists the course uses it instead
of the shipped snapshot: the fake serves it, `models check`, the doctor and the homework check
against it. Delete it (or `models refresh --remove`) to go back to the snapshot.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path

import requests

DATA = Path(__file__).resolve().parent / "data"
SHIPPED = DATA / "catalog.json"
REFRESHED = DATA / "catalog.refreshed.json"  # written by `models refresh`, git-ignored
# `provider/model-name`, optionally with a variant such as `:free` (OpenRouter's id format).
MODEL_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*(:[a-z0-9-]+)?$")


@cache
def _snapshot() -> dict:
    """The catalog file in use, parsed (read once per process; `reload()` forgets it)."""
    path = REFRESHED if REFRESHED.exists() else SHIPPED
    document = json.loads(path.read_text("utf-8"))
    document["path"] = str(path)
    return document


def reload() -> None:
    """Read the catalog file again on next use (after `models refresh`, or in tests)."""
    _snapshot.cache_clear()
    _by_id.cache_clear()
    live_ids.cache_clear()


def is_refreshed() -> bool:
    """Whether the course uses a refreshed copy of the live catalog, not the shipped one."""
    return _snapshot()["path"] == str(REFRESHED)


def snapshot_date() -> str:
    """The ISO date the catalog in use was taken."""
    return _snapshot()["snapshot_date"]


def source() -> dict:
    """Where the catalog in use comes from: date, origin, file, model count."""
    document = _snapshot()
    return {"date": document["snapshot_date"], "refreshed": is_refreshed(),
            "source": document.get("source"), "path": document["path"],
            "count": len(document["data"])}


def models() -> list[dict]:
    """Every model of the catalog, as `GET /api/v1/models` lists them (copies)."""
    return copy.deepcopy(_snapshot()["data"])


def ids() -> frozenset[str]:
    """The model ids of the catalog."""
    return frozenset(_by_id())


@cache
def _by_id() -> dict[str, dict]:
    """The catalog's entries by model id."""
    return {m["id"]: m for m in _snapshot()["data"]}


def find(model_id: str) -> dict | None:
    """The catalog entry of one model id (a copy), or None if the catalog lacks it."""
    entry = _by_id().get(model_id)
    return copy.deepcopy(entry) if entry else None


def is_valid_id(model_id: str) -> bool:
    """Whether a string has the shape of an OpenRouter model id."""
    return bool(MODEL_ID_RE.match(model_id))


def is_free(entry: dict) -> bool:
    """Whether a catalog entry costs nothing per token."""
    pricing = entry.get("pricing") or {}
    try:  # prices are strings, and zero may be written "0" or "0.0"; "-1" is a router's "varies"
        return all(float(pricing[part]) == 0 for part in ("prompt", "completion"))
    except (KeyError, TypeError, ValueError):
        return False


def price_usd(model_id: str, prompt_tokens: int, completion_tokens: int) -> float:
    """The cost of a request in USD from the catalog's per-token prices (0 if unknown)."""
    entry = _by_id().get(model_id)
    if entry is None:
        return 0.0
    prompt, completion = (max(float(entry["pricing"][k]), 0.0) for k in ("prompt", "completion"))
    return prompt_tokens * prompt + completion_tokens * completion  # a router's -1: unknown


def summary(entry: dict) -> str:
    """A one-line description made from an entry's facts (the course's own words)."""
    modality = (entry.get("architecture") or {}).get("modality") or "text->text"
    reads, _, writes = modality.partition("->")
    context = entry.get("context_length")
    parts = [f"{entry.get('name') or entry['id']} — reads {_words(reads)}, "
             f"writes {_words(writes)}"]
    if context:
        parts.append(f"{context:,}-token context")
    parts.append(_price_words(entry.get("pricing") or {}))
    return "; ".join(parts) + "."


def _words(modalities: str) -> str:
    """`text+image` as `text and images`."""
    names = {"image": "images", "file": "files", "audio": "audio", "video": "video"}
    return " and ".join(names.get(m, m) for m in modalities.split("+") if m) or "text"


def _price_words(pricing: dict) -> str:
    """`free`, or the price per million input and output tokens."""
    if pricing.get("prompt") == "0" and pricing.get("completion") == "0":
        return "free"
    try:
        prompt, completion = float(pricing["prompt"]), float(pricing["completion"])
    except (KeyError, ValueError):
        return "price not listed"
    if prompt < 0 or completion < 0:
        return "priced as the model it picks"
    return f"${prompt * 1e6:.2f} / ${completion * 1e6:.2f} per million input / output tokens"


def fetch_live(base_url: str, timeout_s: float = 30) -> list[dict]:
    """The live catalog of `base_url` (`GET /models`, no key needed); raises on any failure."""
    resp = requests.get(base_url.rstrip("/") + "/models", timeout=timeout_s)
    resp.raise_for_status()
    data = resp.json().get("data")
    if not isinstance(data, list) or not all(isinstance(m, dict) and "id" in m for m in data):
        raise ValueError("the answer has no list of models under 'data'")
    return data


@cache
def live_ids(timeout_s: float = 15) -> frozenset[str] | None:
    """The ids of the live catalog when a key is set (asked once per process); else None.

    None also when it cannot be fetched: callers then go by the course's catalog alone.
    """
    from course_lib import config  # here: the catalog itself needs no configuration

    if not config.openrouter_key():
        return None
    try:
        return frozenset(m["id"] for m in fetch_live(config.openrouter_base_url(), timeout_s))
    except (requests.RequestException, ValueError):
        return None


def is_known(model_id: str) -> bool:
    """Whether a model id is in the course's catalog or, with a key, in the live one."""
    return model_id in _by_id() or model_id in (live_ids() or ())


def save_refreshed(data: list[dict], base_url: str, date: str) -> Path:
    """Write a live catalog as the refreshed file (descriptions as `summary()` lines)."""
    entries = [{**entry, "description": summary(entry)} for entry in data]
    document = {"snapshot_date": date,
                "source": {"request": f"GET {base_url.rstrip('/')}/models",
                           "retrieved": date, "by": "python -m course_lib models refresh"},
                "descriptions": "one-line summaries made by course_lib.catalog.summary()",
                "data": entries}
    REFRESHED.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
    reload()
    return REFRESHED
