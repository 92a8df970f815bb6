"""The grader's sandbox against submissions that attack it, graded in one batch with a classmate.

Canaries that no submission may reach: a file in a stand-in for the instructor's home, a
classmate's file, an environment variable of the grader, and Unix sockets of the host (one on
a path, one abstract). Every bomb caps itself. On Linux these tests need bubblewrap: in CI
(which installs it) they fail without it; on a laptop without it they skip.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from homework_cases import REFERENCE, Case, build, need_sandbox, sandbox_attacks

from course_lib.fakes.limits import GRADING
from homework.grading import report
from homework.grading.engine.grader import Grader
from homework.grading.sandbox import bwrap, cgroup, persona, plan
from homework.grading.sandbox.limits import FAST
from homework.grading.submissions import Submission

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the sandbox is Linux-only (bubblewrap)")
BOT_CHECKS = {"t2.bot_models", "t2.bot_switch", "t3.500.bot", "t3.502.bot", "t3.503.bot",
              "t3.504.bot"}




class Listener:
    """A Unix socket server of the host that records every connection it gets."""

    def __init__(self, address: str) -> None:
        """Listen on `address` (a path, or "\\0name" for an abstract socket)."""
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.bind(address)
        self.sock.listen()
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        """Count connections until closed."""
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()


@pytest.fixture(scope="module")
def attacked(tmp_path_factory) -> dict:
    """Every attack and an honest classmate graded in one batch; the canaries; the results."""
    folder = tmp_path_factory.mktemp("attacks")
    home = folder / "instructor-home"
    home.mkdir()
    (home / ".netrc").write_text(f"machine example.org password {secrets.token_hex(8)}", "utf-8")
    submissions = folder / "submissions"
    submissions.mkdir()
    classmate = build(Case("classmate", REFERENCE, 100), submissions)
    (classmate / "classmate_secret.txt").write_text(f"classmate {secrets.token_hex(8)}", "utf-8")
    canaries = sandbox_attacks.Canaries(
        home / ".netrc", classmate / "classmate_secret.txt", f"env-{secrets.token_hex(8)}",
        folder / "host.sock", f"homework-canary-{secrets.token_hex(4)}")
    os.environ["INSTRUCTOR_CANARY"] = canaries.env_value
    listeners = [Listener(str(canaries.socket_path)), Listener("\0" + canaries.abstract)]
    # The flood opens dozens of TLS connections, the disk attack writes and removes 128 MB,
    # while the bot imports its client: on a loaded machine (2 cores, the whole suite at once)
    # each has taken longer than FAST's 5 s start-up, then than two and three times that. A
    # bot that starts waits no longer for it, and every bot here starts: the batch takes as
    # long with 30 s as with 15 s.
    limits = replace(FAST, startup_s=FAST.startup_s * 6)
    try:
        with Grader(limits) as grader:
            need_sandbox(grader.isolation)
            cases = sandbox_attacks.cases(canaries, submissions)
            subs = [Submission("classmate", classmate)]
            subs += [Submission(case.name, build(case, submissions)) for case in cases]
            name, text = sandbox_attacks.SHADOW_FILE
            (submissions / "shadow" / name).write_text(text, "utf-8")
            graded = grader.grade_all(subs, jobs=2)
            run = {"isolation": grader.isolation.as_dict()}
    finally:
        del os.environ["INSTRUCTOR_CANARY"]
    report.write_results(folder / "results", graded, "en", run)
    return {"graded": {g.student: g for g in graded}, "canaries": canaries, "folder": folder,
            "listeners": listeners, "isolation": grader.isolation}


def reported(attacked: dict, name: str) -> str:
    """What the attack found, as its bot put it in the /models reply."""
    bot = attacked["graded"][name].observations["bot"]
    assert "REPORT: " in (bot.get("models") or ""), f"the {name} attack's bot said: {bot}"
    return bot["models"].split("REPORT: ", 1)[1]


def test_no_canary_is_reachable_or_in_any_output(attacked):
    canaries = attacked["canaries"]
    everything = json.dumps([g.observations for g in attacked["graded"].values()])
    everything += "".join(p.read_text("utf-8") for p in (attacked["folder"] / "results")
                          .rglob("*") if p.is_file())
    assert "socket refused" in reported(attacked, "snoop")  # the attack did run
    for secret in canaries.values():
        assert secret not in everything
    assert "CONNECTED" not in reported(attacked, "snoop")
    assert [listener.connections for listener in attacked["listeners"]] == [0, 0]


def test_the_honest_classmate_is_graded_as_if_alone(attacked):
    classmate = attacked["graded"]["classmate"]
    assert classmate.reason is None and classmate.total == 100
    book = json.loads((attacked["folder"] / "results" / "gradebook.json").read_text("utf-8"))
    used = next(s for s in book["students"] if s["student"] == "classmate")["resources"]
    assert 0 < used["worker_peak_rss_mb"] < 100  # the grading worker, fakes included
    if attacked["isolation"].cgroup:
        assert 0 < used["peak_memory_mb"] <= FAST.total_memory_mb


def test_kernel_settings_and_host_files_are_out_of_reach(attacked):
    found = reported(attacked, "kernel")
    assert "WROTE" not in found
    for path in ("/etc/shadow", "/root/.bashrc", "/run", "/sys", "/var/run/docker.sock"):
        assert f"{path} absent" in found
    assert "uid=1000 euid=1000" in found


def test_memory_is_limited_for_the_whole_submission(attacked):
    graded = attacked["graded"]["memory"]
    # Three processes of 700 MB each: at least one was stopped (or the bot itself, silently).
    assert "3 of 3 held 700 MB" not in (graded.observations["bot"].get("models") or "")
    if attacked["isolation"].cgroup:
        assert graded.observations["resources"]["peak_memory_mb"] <= FAST.total_memory_mb + 8
    else:
        assert any(note.key == "note.too_much_memory" for note in graded.notes)


def test_disk_is_limited_for_the_whole_submission(attacked):
    found = reported(attacked, "disk")
    written = int(found.split("wrote ")[1].split(" MB")[0])
    assert "OSError" in found and written <= FAST.disk_mb


def test_killing_init_and_everything_costs_only_its_author(attacked):
    graded = attacked["graded"]["kill_init"]
    assert graded.reason is None  # graded, not "the grading worker failed"
    failed = {r.check.id for r in graded.results if not r.passed}
    assert failed == BOT_CHECKS and graded.total == 78


def test_a_module_named_like_the_standard_library_runs_after_the_limits(attacked):
    # boot.py sets the limits before the folder is on the path; sandboxed, prlimit sets them
    # before Python starts, and the student's json.py runs as on their laptop: limited.
    assert reported(attacked, "shadow") in (
        "the standard json", f"json.py ran under RLIMIT_AS={FAST.memory_mb * 1024 * 1024}")


def test_the_fakes_hold_against_a_flood(attacked):
    found = reported(attacked, "fake_flood")
    assert "answer: HTTP/1.1 413" in found  # refused before the body was read
    for path in ("/_fake/clear", "/_fake/fault", "/_fake/settings"):
        assert f"{path} 404" in found  # no control over HTTP
    worker = attacked["graded"]["fake_flood"].observations["worker"]
    assert worker["peak_rss_mb"] < 100  # the 300 MB body was never held
    # 256 connections tried, by the bot and by the runner (each at its own fake OpenRouter)
    assert worker["threads_peak"] <= 2 * GRADING.max_connections + 20


def test_without_a_cgroup_a_watchdog_limits_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(cgroup.Cgroups, "create", classmethod(lambda cls, name: None))
    case = next(c for c in sandbox_attacks.cases(sandbox_attacks.Canaries(
        *(tmp_path / n for n in "ab"), "x", tmp_path / "s", "a"), tmp_path) if c.name == "memory")
    with Grader(FAST) as grader:
        need_sandbox(grader.isolation)
        assert not grader.isolation.cgroup
        graded = grader.grade(Submission("memory", build(case, tmp_path)))
    assert any(note.key == "note.too_much_memory" for note in graded.notes)


STUDENT = persona.Persona("anna", "laptop", "llm-course/homework", "course-data", "xterm",
                          "0" * 32)


def test_the_sandbox_root_holds_no_home_run_or_sys(tmp_path):
    args = bwrap.command(Path("/box"), tmp_path, [("/py", "/py")], STUDENT, "bot")
    sources = {args[i + 1] for i, a in enumerate(args) if a in ("--bind", "--ro-bind")}
    targets = {args[i + 2] for i, a in enumerate(args) if a in ("--bind", "--ro-bind")}
    assert targets & {"/home", "/root", "/run", "/sys", "/var", "/etc"} == set()
    # the student's home and project are the box's own folders, not the host's
    assert {"/home/anna", "/home/anna/llm-course/homework"} <= targets
    assert not any(s.startswith(("/home", "/root")) for s in sources)
    assert {"--unshare-pid", "--unshare-user", "--die-with-parent", "--disable-userns"} <= \
        set(args) and args[args.index("--uid") + 1] == "1000"
    assert args[args.index("--hostname") + 1] == "anna-laptop"


def test_the_grader_refuses_best_effort_unless_told():
    with pytest.raises(plan.SandboxUnavailable) as refused:
        Grader(FAST, isolation=plan.best_effort("bubblewrap (bwrap) is not installed"),
               require_sandbox=True)
    text = refused.value.render("en")
    assert "apt install bubblewrap" in text and "--unsafe-no-sandbox" in text
    assert "bubblewrap" in refused.value.render("ru") and "чужой код" in refused.value.render("ru")


def without_bwrap(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has every program but bwrap."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in ("/usr/bin", "/bin"):
        for program in Path(folder).iterdir():
            if program.name != "bwrap" and not (bin_dir / program.name).exists():
                (bin_dir / program.name).symlink_to(program)
    return {**os.environ, "PATH": str(bin_dir)}


def test_the_batch_grader_without_bubblewrap_refuses_and_explains(tmp_path):
    build(Case("one", REFERENCE, 100), tmp_path / "subs")
    done = subprocess.run([sys.executable, "-m", "homework.grade", str(tmp_path / "subs"),
                           "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True,
                          text=True, env=without_bwrap(tmp_path), timeout=120)
    assert done.returncode == 2, done.stderr
    assert "bubblewrap" in done.stderr and "--unsafe-no-sandbox" in done.stderr
    assert not (tmp_path / "out" / "gradebook.csv").exists()


def test_the_self_check_needs_no_sandbox(tmp_path):
    folder = build(Case("mine", REFERENCE, 100), tmp_path)
    done = subprocess.run([sys.executable, "-m", "homework.check", str(folder)], cwd=ROOT,
                          capture_output=True, text=True, env=without_bwrap(tmp_path),
                          timeout=180)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def test_a_python_kept_under_tmp_is_still_found_inside(tmp_path):
    # The sandbox's /tmp is the box's own: bound first, so that a course (and its .venv) kept
    # under /tmp, a fresh clone say, is bound on top of it rather than hidden by it.
    args = bwrap.command(Path("/box"), tmp_path, [("/tmp/course/.venv",) * 2], STUDENT, "bot")
    tmp = args.index(bwrap.TMP, args.index(str(Path("/box") / "tmp")))
    assert tmp < args.index("/tmp/course/.venv")
