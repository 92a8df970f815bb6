"""The grader on real submissions: the reference gets 100, the starter 0 for every task, and
each typical mistake exactly its points, with the right checks failing. One batch per module:
the submissions are graded together, as in class, and each test reads its result.
"""

from __future__ import annotations

import pytest
from homework_cases import build
from homework_cases.faulty import CASES, SLOW_CASES

from homework.grading import checks
from homework.grading.engine.grader import Grader
from homework.grading.submissions import Submission

BY_NAME = {case.name: case for case in CASES + SLOW_CASES}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    """Every case graded, four at a time; two of them twice (reproducibility)."""
    folder = tmp_path_factory.mktemp("cases")
    submissions = [Submission(case.name, build(case, folder)) for case in SLOW_CASES + CASES]
    submissions += [Submission("reference_again", folder / "reference"),
                    Submission("starter_again", folder / "starter")]
    with Grader() as grader:
        results = grader.grade_all(submissions, jobs=4)
    return {result.student: result for result in results}


@pytest.mark.parametrize("name", list(BY_NAME))
def test_each_submission_gets_exactly_its_points(graded, name):
    case, result = BY_NAME[name], graded[name]
    failing = {r.check.id for r in result.results if not r.passed}
    hints = {r.check.id: r.hint.render() for r in result.results if r.hint}
    assert result.reason is None
    assert failing == set(case.failing), hints
    assert result.total == case.expected


def test_the_reference_gets_full_marks_and_the_starter_none_per_task(graded):
    for task in (1, 2, 3):
        assert checks.task_points(graded["reference"].results, task)[0] == \
            checks.task_points(graded["reference"].results, task)[1]
        assert checks.task_points(graded["starter"].results, task)[0] == 0


def test_grading_is_reproducible(graded):
    # Each run has its own random key and token: they must not change a point or a hint.
    for name in ("reference", "starter"):
        first, again = graded[name], graded[f"{name}_again"]
        assert [(r.points, r.hint) for r in first.results] == \
            [(r.points, r.hint) for r in again.results]


def test_the_grader_key_never_shows_in_observations(graded):
    text = repr(graded["key_hardcoded"].observations) + repr(graded["reference"].observations)
    assert "sk-or-v1-grader-" not in text  # the run's key is named, never shown
    assert "0123456789abcdef0123" not in text  # a hard-coded key is masked


def test_hints_point_at_the_mistake_without_the_solution(graded):
    def hint(name: str, check: str) -> str:
        return next(r.hint.render() for r in graded[name].results if r.check.id == check)

    assert "UNIQUE constraint failed" in hint("lecture_switch", "t2.switch_all")
    assert "9 row(s)" in hint("nine_models", "t2.count")
    assert "the same explanation as for 502" in hint("same_502_503", "t3.503.json")
    assert "JSONDecodeError" in hint("html_unhandled", "t3.503.html")
    assert "openrouter_client.py:" in hint("key_hardcoded", "t1.no_literal")
    assert "SyntaxError" in hint("syntax_error", "t1.env_key")
    assert "UPDATE models SET active = 0" not in hint("lecture_switch", "t2.switch_all")
    assert "Not checked" in hint("slow_backoff", "t3.504.html")
    assert "task 3" in hint("slow_backoff", "t3.504.html")
    assert "did not return in time" in hint("slow_backoff", "t3.500.json")
    assert "sk-or-" in hint("key_hidden", "t1.no_literal")
    assert "openrouter_client.py:" in hint("key_split", "t1.no_literal")
    assert "mistral-large" in hint("models_padded", "t2.bot_models")
    assert "copied" not in hint("generic_5xx", "t3.500.json")
    assert "what 500 means" in hint("generic_5xx", "t3.500.json")


def test_a_slow_task_never_costs_another_task_its_runner(graded):
    runner = graded["slow_backoff"].observations["runner"]
    assert runner["no_key"]["answer"]["outcome"] == "raised"
    assert runner["errors"]["599/html"]["answer"]["skipped"] is True
    assert graded["slow_backoff"].seconds < 75


def test_the_bot_is_really_driven_through_telegram(graded):
    bot = graded["reference"].observations["bot"]
    assert bot["started"] and bot["models"].count("\n") >= 9
    assert "(" in bot["ask"] and "ms; model:" in bot["ask"]
    assert all(reply.startswith("Error: [") for reply in bot["errors"].values())
    assert graded["reference"].observations["runner"]["switching"] == {"pairs": 90, "done": 90}
