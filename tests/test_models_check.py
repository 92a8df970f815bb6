"""`models check`: every registry model against the catalog and with a one-token request.

Offline it runs against the local fake that `course_lib.offline` starts; with a key, against
the fake of the `online` fixture playing the real service (data policy, limits, credits, 5xx).
"""

from __future__ import annotations

import json

import pytest
from doctor_support import add_model, real_key

from course_lib import catalog, config, db
from course_lib.models_check import check, checker, table
from course_lib.models_check.checker import Catalog, ModelResult, Pacer
from course_lib.openrouter_errors import OpenRouterError

FIRST = "deepseek/deepseek-chat-v3.1:free"


def run_json(capsys, **options) -> tuple[int, dict]:
    """Run `models check --json` in this process; (exit status, parsed output)."""
    status = check(True, options.get("spacing_s"), options.get("timeout_s", 5.0))
    return status, json.loads(capsys.readouterr().out)


def by_key(result: dict) -> dict[str, dict]:
    """The models of a JSON result by their key."""
    return {model["key"]: model for model in result["models"]}


# --- offline ------------------------------------------------------------------------------------

def test_offline_every_model_passes_against_the_fake_and_says_so(capsys):
    status, result = run_json(capsys)
    assert status == 0 and result["exit_status"] == 0
    assert result["offline"] is True and result["mode"].startswith("Offline mode")
    assert result["catalog"]["source"] == "snapshot"
    assert (result["passed"], result["total"]) == (10, 10)
    assert by_key(result)[FIRST]["active"] is True
    assert result["spacing_s"] == 0.0
    assert "does not exist yet" in result["registry"], "checked the seed rows, created nothing"
    assert not config.db_path().exists()


def test_offline_text_table_has_a_row_per_model(capsys):
    path = config.db_path()
    db.init_db(path)
    assert check(False, None, 5.0) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Offline mode")
    assert "Catalog: the snapshot of 2025-09-08 shipped with the course (325 models" in out
    assert f"Registry: 10 models in {path}" in out
    assert sum(":free" in line and "✓" in line for line in out.splitlines()) == 10
    assert f"1 ★ {FIRST}" in out
    assert "All 10 models passed" in out and "Offline:" in out


def test_a_model_missing_from_the_snapshot_fails_with_the_friendly_400(capsys):
    path = config.db_path()
    db.init_db(path)
    add_model(path, 11, "vendor/retired-model:free", "Retired (free)")
    status, result = run_json(capsys)
    assert status == 1 and result["passed"] == 10
    retired = by_key(result)["vendor/retired-model:free"]
    assert (retired["in_catalog"], retired["requested"], retired["status"]) == (False, True, 400)
    assert "is not a valid OpenRouter model id" in retired["message"]


def test_a_broken_registry_is_an_error_without_requests(capsys):
    path = config.db_path()
    path.write_text("not a database\n" * 40, encoding="utf-8")
    assert check(True, None, 5.0) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "doctor" in captured.err


# --- with a key, against the fake playing OpenRouter --------------------------------------------

@pytest.fixture
def service(online, monkeypatch):
    """The fake OpenRouter with a key of the real shape."""
    monkeypatch.setenv("OPENROUTER_API_KEY", real_key())
    return online


def test_with_a_key_the_live_catalog_is_used_and_the_key_masked(service, capsys):
    status, result = run_json(capsys)
    assert status == 0 and result["offline"] is False
    assert result["catalog"]["source"] == "live" and "/models" in result["catalog"]["note"]
    assert config.mask(real_key()) in result["mode"]
    assert real_key() not in json.dumps(result)
    assert result["spacing_s"] == 0.0, "no spacing against a local server"
    assert len(service.chat_requests()) == 10
    assert all(r.json["max_tokens"] == 1 for r in service.chat_requests())


def test_a_model_the_live_catalog_lacks_is_not_requested(service, capsys, monkeypatch):
    path = config.db_path()
    db.init_db(path)
    add_model(path, 11, "vendor/retired-model:free", "Retired (free)")
    status, result = run_json(capsys)
    retired = by_key(result)["vendor/retired-model:free"]
    assert status == 1 and retired["requested"] is False
    assert "Not in the live catalog" in retired["message"]
    assert len(service.chat_requests()) == 10


def test_the_data_policy_fails_every_free_model_with_the_privacy_fix(service, capsys):
    service.data_policy = True
    status, result = run_json(capsys)
    assert status == 1 and result["passed"] == 0
    model = by_key(result)[FIRST]
    assert (model["status"], model["kind"]) == (404, "or.404.privacy")
    assert "settings/privacy" in model["message"]


def test_a_paid_model_without_credits_is_a_402(service, capsys):
    path = config.db_path()
    db.init_db(path)
    add_model(path, 11, "deepseek/deepseek-chat-v3.1", "DeepSeek V3.1 (paid)")
    service.no_credits = True
    status, result = run_json(capsys)
    paid = by_key(result)["deepseek/deepseek-chat-v3.1"]
    assert status == 1 and result["passed"] == 10
    assert paid["status"] == 402 and "Not enough credits" in paid["message"]


def test_the_per_minute_limit_is_explained(service, capsys):
    service.free_per_minute = 3
    status, result = run_json(capsys)
    assert status == 1 and result["passed"] == 3
    fourth = result["models"][3]
    assert fourth["kind"] == "or.429.minute" and "20 requests per minute" in fourth["message"]


def test_after_the_daily_limit_the_other_free_models_are_not_asked(service, capsys):
    service.free_per_day = 2
    status, result = run_json(capsys)
    assert status == 1 and result["passed"] == 2
    assert result["models"][2]["kind"] == "or.429.day"
    assert all(m["requested"] is False and "daily limit" in m["message"]
               for m in result["models"][3:])
    assert len(service.chat_requests()) == 3


def test_a_failure_is_not_retried_and_does_not_stop_the_others(service, capsys):
    service.fail(503)
    status, result = run_json(capsys)
    assert status == 1 and result["passed"] == 9
    first = result["models"][0]
    assert first["status"] == 503 and "No provider is available" in first["message"]
    assert len(service.chat_requests()) == 10


def test_without_the_live_catalog_the_snapshot_is_used_and_said(service, capsys, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OpenRouterError(503, "no way through", kind="or.connect")

    monkeypatch.setattr("course_lib.doctor.probe.get_json", unreachable)
    status, result = run_json(capsys)
    assert status == 0 and result["catalog"]["source"] == "snapshot"
    assert "could not be fetched (no way through)" in result["catalog"]["note"]


def test_an_empty_answer_of_a_reasoning_model_counts_as_answered(service, capsys, monkeypatch):
    def empty(model, timeout_s):
        raise OpenRouterError(500, "empty", kind="or.empty")

    monkeypatch.setattr("course_lib.doctor.probe.ping", empty)
    status, result = run_json(capsys)
    assert status == 0 and "reasoning" in result["models"][0]["message"]


# --- spacing ------------------------------------------------------------------------------------

class Clock:
    """A clock that moves only when told to (or when someone sleeps)."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_free_requests_are_spaced_and_paid_ones_are_not():
    clock = Clock()
    pacer = Pacer(3.0, clock.sleep, clock)
    pacer.wait("a/free:free")
    pacer.wait("a/paid")
    clock.now += 1.0  # the first answer took a second
    pacer.wait("b/free:free")
    pacer.wait("c/free:free")
    assert clock.sleeps == [2.0, 3.0]


def test_no_spacing_never_sleeps():
    clock = Clock()
    pacer = Pacer(0.0, clock.sleep, clock)
    for _ in range(5):
        pacer.wait("a/free:free")
    assert clock.sleeps == []


def test_the_default_spacing_respects_the_real_free_limit():
    assert checker.default_spacing("https://openrouter.ai/api/v1") == 3.0
    assert checker.default_spacing("http://127.0.0.1:8765/api/v1") == 0.0
    assert 60 / checker.FREE_SPACING_S <= 20


def test_the_pacer_is_used_between_requests(monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr("course_lib.doctor.probe.ping",
                        lambda model, timeout_s: asked.append(model) or _answer())
    clock = Clock()
    rows = [{"id": i, "key": f"p/m{i}:free", "label": "x", "active": i == 1} for i in (1, 2, 3)]
    known = Catalog(frozenset(r["key"] for r in rows), True, "")
    results = list(checker.check_models(rows, known, timeout_s=1,
                                        pacer=Pacer(3.0, clock.sleep, clock)))
    assert [r.passed for r in results] == [True] * 3 and len(asked) == 3
    assert clock.sleeps == [3.0, 3.0]


def _answer():
    """A stand-in for a Completion: only the latency is read."""
    class Answer:
        latency_ms = 7
    return Answer()


# --- the table ----------------------------------------------------------------------------------

def test_a_failed_row_shows_the_status_and_the_explanation_below():
    result = ModelResult(3, "m/x:free", "X", False, True, True, status=404,
                         kind="or.404.model", message="No provider serves m/x:free right now.")
    lines = table.row(result, 10, {"ok": "+", "fail": "x", "skip": "-", "active": "*"})
    assert lines[0].split() == ["3", "m/x:free", "+", "x", "404"]
    assert lines[1].strip() == "No provider serves m/x:free right now."


# --- which catalog, and what to use instead of a model that left it --------------------------


def test_a_model_that_left_the_live_catalog_gets_free_replacements(service, capsys):
    path = config.db_path()
    db.init_db(path)
    add_model(path, 11, "meta-llama/llama-3.2-1b-instruct:free", "Llama 3.2 1B (free)")
    status, result = run_json(capsys)
    gone = by_key(result)["meta-llama/llama-3.2-1b-instruct:free"]
    assert status == 1 and gone["requested"] is False and len(gone["suggestions"]) == 3
    assert all(s.startswith("meta-llama/") and s.endswith(":free") for s in gone["suggestions"])
    assert set(gone["suggestions"]) <= catalog.ids()
    assert all(m["suggestions"] == [] for k, m in by_key(result).items() if k != gone["key"])


def test_offline_a_model_missing_from_the_snapshot_gets_replacements_in_the_table(capsys):
    path = config.db_path()
    db.init_db(path)
    add_model(path, 11, "qwen/qwen3-retired:free", "Retired (free)")
    assert check(False, None, 5.0) == 1
    out = capsys.readouterr().out
    assert "Free models to use instead: qwen/" in out


def test_replacements_prefer_the_same_provider_then_the_closest_name():
    known = Catalog(frozenset(), True, "", "live", ("a/x:free", "b/gemma-3-27b-it:free",
                                                      "google/gemini-pro:free",
                                                      "google/gemma-3-12b-it:free"))
    assert checker.replacements("google/gemma-3-27b-it:free", known, 2) == (
        "google/gemma-3-12b-it:free", "google/gemini-pro:free")


def test_a_refreshed_catalog_is_named_as_such(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(catalog, "REFRESHED", tmp_path / "catalog.refreshed.json")
    try:
        catalog.save_refreshed(catalog.models(), "https://openrouter.ai/api/v1", "2026-11-30")
        status, result = run_json(capsys)
        assert status == 0 and result["catalog"]["source"] == "refreshed"
        assert result["catalog"]["date"] == "2026-11-30"
        assert "refreshed on 2026-11-30 (325 models" in result["catalog"]["note"]
    finally:
        monkeypatch.undo()
        catalog.reload()
