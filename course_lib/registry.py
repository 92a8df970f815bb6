"""The registry of models the bot can use: the 10 seeded rows, and the checks of a registry.

The first four rows are the lecture's, with its ids and labels; the other six are the homework's
"extend the list to 10 models", chosen among the free models of the catalog snapshot. Free
models come and go at OpenRouter: `problems()` checks a registry against the snapshot, and
`python -m course_lib models check` against the live service.

Nothing here touches the database: `course_lib.db` stores these rows, and its
`validate_registry()` reads them back and hands them to `problems()`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from course_lib import catalog
from course_lib.texts import t

# (id, key, label): `key` is the OpenRouter model id that goes into a request.
SEED_MODELS: tuple[tuple[int, str, str], ...] = (
    (1, "deepseek/deepseek-chat-v3.1:free", "DeepSeek V3.1 (free)"),
    (2, "deepseek/deepseek-r1:free", "DeepSeek R1 (free)"),
    (3, "mistralai/mistral-small-24b-instruct-2501:free", "Mistral Small 24b (free)"),
    (4, "meta-llama/llama-3.1-8b-instruct:free", "Llama 3.1 8B (free)"),
    (5, "tngtech/deepseek-r1t2-chimera:free", "DeepSeek R1T2 Chimera (free)"),
    (6, "z-ai/glm-4.5-air:free", "GLM 4.5 Air (free)"),
    (7, "openai/gpt-oss-20b:free", "GPT-OSS 20B (free)"),
    (8, "qwen/qwen3-coder:free", "Qwen3 Coder (free)"),
    (9, "google/gemma-3-27b-it:free", "Gemma 3 27B (free)"),
    (10, "meta-llama/llama-3.3-70b-instruct:free", "Llama 3.3 70B (free)"),
)


def problems(rows: Iterable[dict]) -> list[str]:
    """Everything wrong with a registry's rows (dicts with id, key, label, active), in words."""
    rows = list(rows)
    if not rows:
        return [t("db.check.empty")]
    found = _active_problems(rows)
    for row in rows:
        found.extend(_row_problems(row))
    found.extend(_duplicate_problems(rows))
    return found


def _active_problems(rows: list[dict]) -> list[str]:
    """A problem if not exactly one row is active."""
    active = [str(row["id"]) for row in rows if row["active"]]
    if len(active) == 1:
        return []
    return [t("db.check.active_count", count=len(active), ids=", ".join(active) or "-")]


def _row_problems(row: dict) -> list[str]:
    """Problems of one row: a key of the wrong shape or unknown to the catalog, an empty label."""
    found = []
    key = row["key"] or ""
    if not catalog.is_valid_id(key):
        found.append(t("db.check.bad_shape", id=row["id"], model=key))
    elif catalog.find(key) is None:
        found.append(t("db.check.not_in_catalog", id=row["id"], model=key,
                       date=catalog.snapshot_date()))
    if not (row["label"] or "").strip():
        found.append(t("db.check.empty_label", id=row["id"]))
    return found


def _duplicate_problems(rows: list[dict]) -> list[str]:
    """A problem for each key that more than one row holds."""
    # The schema's UNIQUE prevents this; a table made by hand (homework) may lack it.
    counts = Counter((row["key"] or "").strip() for row in rows)
    found = []
    for key, count in counts.items():
        if count > 1:
            ids = ", ".join(str(row["id"]) for row in rows if (row["key"] or "").strip() == key)
            found.append(t("db.check.duplicate_key", model=key, ids=ids))
    return found
