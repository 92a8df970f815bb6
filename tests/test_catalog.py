"""The catalog: a real `GET /models` snapshot, its refreshed copy, and the homework's rule."""

from __future__ import annotations

import json

import pytest
from homework_cases import NEW_MODELS

from course_lib import catalog, registry
from course_lib.models_check import refresh
from homework.grading import checks_task2

FIELDS = ["id", "canonical_slug", "hugging_face_id", "name", "created", "description",
          "context_length", "architecture", "pricing", "top_provider", "per_request_limits",
          "supported_parameters"]


@pytest.fixture
def refreshed_file(tmp_path, monkeypatch):
    """The refreshed catalog goes to a temporary file; the catalog is re-read after the test."""
    monkeypatch.setattr(catalog, "REFRESHED", tmp_path / "catalog.refreshed.json")
    catalog.reload()
    yield catalog.REFRESHED
    monkeypatch.undo()
    catalog.reload()


def test_the_snapshot_is_a_complete_models_response_with_its_source():
    document = json.loads(catalog.SHIPPED.read_text("utf-8"))
    assert document["snapshot_date"] == catalog.snapshot_date() == "2025-09-08"
    source = document["source"]
    assert source["repository"] == "github.com/66nodes/prds"
    assert source["commit"] == "874bd7f93d0862de41407f561406d243706bc6e0"
    assert len(document["data"]) == source["models"] + 1 == 325  # + the lecture's retired one
    assert all(list(model) == FIELDS for model in document["data"])
    assert len({m["id"] for m in document["data"]}) == 325
    assert not catalog.is_refreshed() and catalog.source()["count"] == 325


def test_descriptions_are_our_own_one_line_summaries():
    for model in catalog.models():
        assert model["description"] == catalog.summary(model)
        assert "\n" not in model["description"] and len(model["description"]) < 200
    free = catalog.find("deepseek/deepseek-chat-v3.1:free")
    assert free["description"] == ("DeepSeek: DeepSeek V3.1 (free) — reads text, writes text; "
                                   "64,000-token context; free.")


def test_every_registry_and_homework_model_is_in_the_catalog():
    wanted = [key for _, key, _ in registry.SEED_MODELS] + [key for key, _ in NEW_MODELS]
    assert [key for key in wanted if catalog.find(key) is None] == []
    assert registry.problems([{"id": n, "key": k, "label": label, "active": n == 1}
                              for n, k, label in registry.SEED_MODELS]) == []


def test_prices_come_from_the_snapshot_and_a_router_costs_nothing_known():
    assert catalog.price_usd("openai/gpt-4o-mini", 1_000_000, 0) == pytest.approx(0.15)
    assert catalog.price_usd("openrouter/auto", 100, 100) == 0  # "-1": the picked model's price
    assert catalog.price_usd("nope/nope", 100, 100) == 0


def test_refresh_needs_a_key(refreshed_file, capsys):
    assert refresh.refresh(5) == 1
    assert "OPENROUTER_API_KEY" in capsys.readouterr().err and not refreshed_file.exists()


def test_refresh_saves_the_live_catalog_which_the_course_then_uses(online, refreshed_file,
                                                                   capsys):
    assert refresh.refresh(5) == 0
    assert "Saved the 325 models" in capsys.readouterr().out
    document = json.loads(refreshed_file.read_text("utf-8"))
    assert document["source"]["request"] == f"GET {online.base_url}/models"
    assert catalog.is_refreshed() and catalog.source()["refreshed"] is True
    entry = catalog.find("deepseek/deepseek-chat-v3.1:free")
    assert entry["links"]["details"].endswith("/deepseek-chat-v3.1/endpoints")  # today's schema
    assert entry["description"] == catalog.summary(entry)
    assert refresh.remove() == 0 and not refreshed_file.exists()
    assert not catalog.is_refreshed() and "snapshot of 2025-09-08" in capsys.readouterr().out


def test_a_refreshed_catalog_that_lacks_a_model_makes_it_unknown(refreshed_file):
    kept = [m for m in catalog.models() if m["id"] != "z-ai/glm-4.5-air:free"]
    catalog.save_refreshed(kept, "https://example.invalid/api/v1", "2026-11-30")
    assert catalog.snapshot_date() == "2026-11-30" and catalog.find("z-ai/glm-4.5-air:free") is None
    assert checks_task2._key_problems([{"key": "z-ai/glm-4.5-air:free"}]) == [
        "z-ai/glm-4.5-air:free: not in the catalog of 2026-11-30"]


def test_homework_accepts_a_model_of_the_live_catalog_with_a_key(monkeypatch):
    today = "openai/gpt-oss-120b-2611:free"  # a model newer than the snapshot
    assert checks_task2._key_problems([{"key": today}]) == [
        f"{today}: not in the catalog of 2025-09-08"]
    monkeypatch.setattr(catalog, "live_ids", lambda timeout_s=15: frozenset({today}))
    assert checks_task2._key_problems([{"key": today}]) == []
    assert checks_task2._key_problems([{"key": "vendor/gone:free"}]) == [
        "vendor/gone:free: not in the catalog of 2025-09-08 nor in the live one"]


def test_the_live_catalog_is_asked_only_with_a_key(online, monkeypatch):
    catalog.live_ids.cache_clear()
    try:
        assert "deepseek/deepseek-chat-v3.1:free" in catalog.live_ids()
        assert len(online.requests) == 1 and online.requests[0].path.endswith("/models")
        monkeypatch.setenv("OPENROUTER_API_KEY", "")
        catalog.live_ids.cache_clear()
        assert catalog.live_ids() is None
    finally:
        catalog.live_ids.cache_clear()


@pytest.mark.parametrize(("pricing", "free"), [
    ({"prompt": "0", "completion": "0"}, True), ({"prompt": "0.0", "completion": "0"}, True),
    ({"prompt": "0", "completion": "0.000002"}, False),
    ({"prompt": "-1", "completion": "-1"}, False),
    ({"prompt": "0"}, False), ({"prompt": "free", "completion": "0"}, False), (None, False),
])
def test_is_free_reads_the_prices_as_numbers(pricing, free):
    assert catalog.is_free({"id": "x/y", "pricing": pricing}) is free
