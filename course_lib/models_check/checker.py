"""Check every model of the registry: listed in the catalog, and answering a one-token request.

The catalog is the live `GET /models` when a key is set (the course's catalog if that fails),
and offline the course's catalog: the shipped snapshot, or the copy `models refresh` saved.
A model that left the catalog gets suggestions: free models of the same catalog with the
closest ids. Requests to `:free` models are spaced: OpenRouter allows 20 a minute,
so one every 3 s stays under the limit; against a local server there is nothing to respect.
Each request is tried once (no retries): the point is to see the failure, not to hide it.
Once the daily free limit is hit, the remaining free models are not asked.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace

from course_lib import catalog, config
from course_lib.config import is_loopback
from course_lib.doctor import probe
from course_lib.openrouter_client import OpenRouterError
from course_lib.texts import t

FREE_SPACING_S = 3.0  # 60 s / 20 requests


@dataclass(frozen=True)
class ModelResult:
    """The outcome for one registry model."""

    id: int
    key: str
    label: str
    active: bool
    in_catalog: bool
    requested: bool
    answered: bool = False
    latency_ms: int | None = None
    status: int | None = None  # the failure's status, as OpenRouterError has it
    kind: str = ""  # the failure's kind, e.g. "or.404.privacy"
    message: str = ""  # the friendly explanation of a failure, or a note
    suggestions: tuple[str, ...] = ()  # free models to use instead of one not in the catalog

    @property
    def passed(self) -> bool:
        """In the catalog and answered."""
        return self.in_catalog and self.answered

    def as_dict(self) -> dict:
        """The result as JSON-ready data."""
        return {**asdict(self), "passed": self.passed}


@dataclass(frozen=True)
class Catalog:
    """The model ids to check against, where they come from, and its free models."""

    ids: frozenset[str]
    live: bool
    note: str
    source: str = "snapshot"  # "live", "snapshot" (shipped) or "refreshed" (models refresh)
    free: tuple[str, ...] = field(default=(), repr=False)


def _free_ids(entries: Iterable[dict]) -> tuple[str, ...]:
    """The ids of the free models among catalog entries."""
    return tuple(e["id"] for e in entries if isinstance(e, dict) and catalog.is_free(e))


def course_catalog(fallback_error: str | None = None) -> Catalog:
    """The course's catalog (shipped snapshot or refreshed copy); with the live one's error."""
    entries = catalog.models()
    kind = "refreshed" if catalog.is_refreshed() else "snapshot"
    note = t(f"models.catalog.{kind}", date=catalog.snapshot_date(), count=len(entries))
    if fallback_error is not None:
        note = t("models.catalog.fallback", error=fallback_error) + " " + note
    return Catalog(catalog.ids(), False, note, kind, _free_ids(entries))


def load_catalog(offline: bool, timeout_s: float) -> Catalog:
    """The live catalog with a key (the course's if it cannot be fetched); offline, the course's."""
    if offline:
        return course_catalog()
    try:
        data = probe.get_json("/models", None, timeout_s).get("data")
    except OpenRouterError as error:
        return course_catalog(error.msg)
    entries = [m for m in data if isinstance(m, dict) and isinstance(m.get("id"), str)] if (
        isinstance(data, list)) else []
    if not entries:
        return course_catalog("no model list")
    url = config.openrouter_base_url()
    return Catalog(frozenset(m["id"] for m in entries), True,
                   t("models.catalog.live", url=url, count=len(entries)), "live",
                   _free_ids(entries))


def replacements(model: str, known: Catalog, count: int = 3) -> tuple[str, ...]:
    """Free models of the catalog to use instead of `model`: same provider first, then alike."""
    vendor = model.split("/", 1)[0]
    name = model.split("/", 1)[-1].removesuffix(":free")

    def likeness(candidate: str) -> tuple[bool, float]:
        other = candidate.split("/", 1)[-1].removesuffix(":free")
        return (candidate.startswith(vendor + "/"),
                difflib.SequenceMatcher(None, name, other).ratio())

    ranked = sorted((c for c in known.free if c != model), key=likeness, reverse=True)
    return tuple(ranked[:count])


def default_spacing(base_url: str) -> float:
    """Seconds between free-model requests: none for a local server, 3 s for a real one."""
    return 0.0 if is_loopback(base_url) else FREE_SPACING_S


class Pacer:
    """Keeps requests to `:free` models at least `spacing_s` apart."""

    def __init__(self, spacing_s: float, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """`sleep` and `clock` are seams for tests."""
        self.spacing_s, self.sleep, self.clock = spacing_s, sleep, clock
        self.last: float | None = None

    def wait(self, model: str) -> None:
        """Wait, if needed, before a request to `model`."""
        if self.spacing_s <= 0 or not model.endswith(":free"):
            return
        if self.last is not None:
            remaining = self.last + self.spacing_s - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self.last = self.clock()


def _row_fields(row: dict, in_catalog: bool, requested: bool) -> dict:
    """The fields of a result that come from the registry row."""
    return {"id": row["id"], "key": row["key"], "label": row["label"],
            "active": bool(row["active"]), "in_catalog": in_catalog, "requested": requested}


def _ask(row: dict, in_catalog: bool, pacer: Pacer, timeout_s: float) -> ModelResult:
    """One model's one-token request, as a result."""
    base = _row_fields(row, in_catalog, requested=True)
    pacer.wait(row["key"])
    try:
        answer = probe.ping(row["key"], timeout_s)
    except OpenRouterError as error:
        if probe.answered(error):
            return ModelResult(**base, answered=True, message=t("models.empty_answer"))
        return ModelResult(**base, status=error.status, kind=error.kind, message=error.msg)
    return ModelResult(**base, answered=True, latency_ms=answer.latency_ms)


def check_models(rows: list[dict], known: Catalog, *, timeout_s: float,
                 pacer: Pacer) -> Iterator[ModelResult]:
    """Check each row in turn, yielding its result as soon as it is known."""
    day_limit = False
    for row in rows:
        in_catalog = row["key"] in known.ids
        base = _row_fields(row, in_catalog, requested=False)
        if known.live and not in_catalog:  # a sure 400: spare the rate limit
            yield ModelResult(**base, message=t("models.not_in_live"),
                              suggestions=replacements(row["key"], known))
        elif day_limit and str(row["key"]).endswith(":free"):
            yield ModelResult(**base, message=t("models.day_skipped"))
        else:
            result = _ask(row, in_catalog, pacer, timeout_s)
            day_limit = day_limit or result.kind == "or.429.day"
            yield result if in_catalog else replace(
                result, suggestions=replacements(row["key"], known))
