"""Hostile submissions: no trick earns a point, nothing survives, the batch completes.

Graded together with short timeouts (`FAST`): a submission that sleeps or loops costs a few
seconds, not the default minute. What only a sandbox can promise (a read-only disk, no
network at all) is asserted where this machine gives the namespaces, and skipped elsewhere.
"""

from __future__ import annotations

import sys

import pytest
from homework_cases import build, faulty, hostile, need_sandbox

from homework.grading.engine.grader import Grader
from homework.grading.sandbox.limits import FAST, Limits
from homework.grading.sandbox.plan import Isolation
from homework.grading.submissions import Submission

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX limits and /bin/sleep")
ALLOWED_ENV = {"APPDATA", "COURSE_DB", "COURSE_LANG", "HOME", "HOMEWORK_SANDBOX", "LANG",
               "LC_ALL", "MALLOC_ARENA_MAX", "OPENROUTER_API_KEY", "OPENROUTER_BASE_URL",
               "PATH", "PYTHONHASHSEED", "PYTHONIOENCODING", "PYTHONUTF8", "SQLITE_TMPDIR",
               "TELEGRAM_API_URL", "TELEGRAM_BOT_TOKEN", "TEMP", "TMP", "TMPDIR", "USERPROFILE",
               "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
               "all_proxy", "NO_PROXY", "no_proxy",
               # sandboxed, a terminal on the student's laptop (sandbox/environment.py)
               "PWD", "USER", "LOGNAME", "SHELL", "TERM", "SHLVL", "_", "VIRTUAL_ENV"}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    """Every hostile case graded in one batch; the canary and the grader's isolation."""
    folder = tmp_path_factory.mktemp("hostile")
    canary = folder / "canary.txt"
    canary.write_text("untouched", "utf-8")
    cases = hostile.cases(canary, folder / "results")
    submissions = [Submission(case.name, build(case, folder)) for case in cases]
    with Grader(FAST) as grader:
        results = grader.grade_all(submissions, jobs=4)
        isolation = grader.isolation
    return {"graded": {r.student: r for r in results}, "cases": cases, "canary": canary,
            "results": folder / "results", "isolation": isolation}


def test_no_trick_earns_a_point_and_every_submission_is_graded(run):
    for case in run["cases"]:
        graded = run["graded"][case.name]
        assert graded.reason is None, case.name
        assert graded.total == case.expected, (case.name, [
            (r.check.id, r.hint.render()) for r in graded.results if r.hint])


def test_forged_answers_are_counted_and_ignored(run):
    graded = run["graded"]["print_passed"]
    assert graded.observations["runner"]["forged_answers"] > 0
    assert any(note.key == "note.forged" for note in graded.notes)


def test_hanging_code_costs_its_timeouts_only(run):
    for name in ("sleep_forever", "busy_loop"):
        graded = run["graded"][name]
        assert graded.seconds < FAST.startup_s + 6, name
        assert graded.observations["runner"]["import"] == {"timeout": True}


def test_nothing_a_submission_started_survives(run):
    assert hostile.survivors(hostile.FORK_SLEEP) == []
    assert hostile.survivors(hostile.DAEMON_SLEEP) == []


def test_a_fork_bomb_is_stopped(run):
    graded = run["graded"]["fork_bomb"]
    if sys.platform.startswith("linux"):
        assert any(note.key == "note.too_many" for note in graded.notes) or \
            run["isolation"].nproc_by_kernel


def test_huge_output_is_read_but_not_kept(run):
    bot = run["graded"]["flood"].observations["processes"]["bot"]
    assert bot["stdout_bytes"] >= 100 * 1024 * 1024
    assert len(bot["stderr"]) <= 2000


def test_memory_is_limited(run):
    stderr = run["graded"]["memory_hog"].observations["processes"]["bot"]["stderr"]
    assert "MemoryError" in stderr


def test_no_internet_and_nothing_of_the_instructor_reaches_student_code(run):
    net = run["graded"]["network"].observations["bot"]["models"].split("NET: ")[1]
    assert "connected" not in net and "answered" not in net
    if run["isolation"].sandboxed:
        assert "Network is unreachable" in net
    names = run["graded"]["environment"].observations["bot"]["models"].split("ENV: ")[1]
    assert set(names.split()) <= ALLOWED_ENV


def test_the_grader_and_the_results_stay_untouched(run):
    need_sandbox(run["isolation"])
    assert run["canary"].read_text("utf-8") == "untouched"
    assert not run["results"].exists()


def test_a_crashed_or_stuck_worker_is_reported_and_the_batch_goes_on(tmp_path):
    submission = Submission("someone", build(hostile.cases(tmp_path, tmp_path)[0], tmp_path))
    with Grader(FAST, worker_main=hostile.crashing_worker) as grader:
        crashed = grader.grade(submission)
    quick = Limits(submission_s=1, grace_s=1)
    with Grader(quick, worker_main=hostile.hanging_worker) as grader:
        stuck = grader.grade_all([submission, submission], jobs=2)
    assert crashed.reason.key == "reason.crash" and "exit 3" in crashed.reason.render()
    assert [one.reason.key for one in stuck] == ["reason.timeout", "reason.timeout"]
    assert crashed.total == 0 and all(one.total == 0 for one in stuck)


def test_the_best_effort_fallback_still_grades_and_cleans_up(tmp_path):
    """Where namespaces are missing (macOS, some containers), forced here on any machine."""
    chosen = {"fork_bomb", "daemon", "network"}
    cases = [c for c in hostile.cases(tmp_path / "canary", tmp_path / "out") if c.name in chosen]
    cases.append(next(c for c in faulty.CASES if c.name == "reference"))
    fallback = Isolation(rlimits=True, platform=sys.platform, reason="forced by the test")
    with Grader(FAST, isolation=fallback) as grader:
        graded = grader.grade_all([Submission(c.name, build(c, tmp_path)) for c in cases], 4)
    assert [g.total for g in graded] == [c.expected for c in cases]
    net = graded[2].observations["bot"]["models"].split("NET: ")[1]
    assert "connected" not in net and "http: ProxyError" in net  # the dead proxy
    assert hostile.survivors(hostile.FORK_SLEEP) == hostile.survivors(hostile.DAEMON_SLEEP) == []
