"""One submission in its box: the fakes, the student's two processes, the two drivers.

The checks runner and the bot start at once and are driven side by side, each against a fake
OpenRouter of its own (faults meant for one must not reach the other). The fakes accept no
control requests over HTTP (only the worker drives them, in-process) and limit request sizes
and connections. A watchdog counts the submission's processes, and, where the grader could
make no cgroup, their memory together.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from course_lib.fakes.limits import GRADING
from course_lib.fakes.openrouter import FakeOpenRouter
from course_lib.fakes.telegram import FakeTelegram
from homework.grading.engine import bot_driver, runner_steps
from homework.grading.engine.box import DB_NAME, Box
from homework.grading.engine.models_db import Database
from homework.grading.engine.procs import StudentProcess
from homework.grading.engine.runner_channel import RunnerChannel
from homework.grading.sandbox import cleanup, tls
from homework.grading.sandbox.environment import laptop_environment, student_environment

WATCH_EVERY_S = 0.2
LINUX = sys.platform.startswith("linux")


def _fakes(token: str, hosts: tuple[str, ...] = ("127.0.0.1",) * 3, port: int = 0) -> tuple:
    """The Telegram fake, the runner's OpenRouter fake and the bot's, bound (not serving)."""
    made: list = []
    try:
        made.append(FakeTelegram(token=token, host=hosts[0], port=port, control=False,
                                 limits=GRADING))
        # any_key: a kept placeholder key must not hide task 3's faults behind a 401
        for host in hosts[1:]:
            made.append(FakeOpenRouter(host, port, control=False, limits=GRADING,
                                       any_key=True))
    except OSError:
        for fake in made:
            fake.httpd.server_close()
        raise
    return tuple(made)


def _fakes_at_real_names(token: str, certificates: dict) -> tuple | None:
    """The fakes on port 443 speaking TLS (see `tls`); None where the port cannot be had."""
    hosts = tuple(tls.ADDRESSES[name] for name in ("telegram", "runner", "bot"))
    try:
        fakes = _fakes(token, hosts, tls.PORT)
    except OSError:  # no right to port 443 here: the fakes' own URLs, as best-effort
        return None
    for fake in fakes:
        tls.serve_tls(fake, certificates["key"])
    return fakes


class Session:
    """The processes and fakes of one submission, and the observations made of them."""

    def __init__(self, job: dict, box: Box) -> None:
        """Prepare (nothing runs yet) in `box`."""
        self.job, self.limits, self.box = job, job["limits"], box
        self.marker = job["marker"]  # the grader sweeps by it too, if this worker dies
        self.processes: list[StudentProcess] = []
        self.too_many = threading.Event()
        self.too_much_memory = threading.Event()
        self.done = threading.Event()
        self.threads_peak = 0  # the worker's own threads (the fakes' among them)
        certificates = job.get("tls") if box.sandboxed else None
        fakes = _fakes_at_real_names(job["token"], certificates) if certificates else None
        self.real_names = fakes is not None  # https://openrouter.ai… inside: no URL variables
        self.tg, self.or_runner, self.or_bot = fakes or _fakes(job["token"])

    def _env(self, name: str, base_url: str) -> dict[str, str]:
        """The environment of the runner or of the bot (each with its own key)."""
        settings = {"OPENROUTER_API_KEY": self.job["bot_key" if name == "bot" else "key"],
                    "TELEGRAM_BOT_TOKEN": self.job["token"], "COURSE_DB": self.box.database(name)}
        if self.job.get("lang", "en") != "en":  # English is also what runs without it
            settings["COURSE_LANG"] = self.job["lang"]
        if not self.real_names:
            settings.update(OPENROUTER_BASE_URL=base_url, TELEGRAM_API_URL=self.tg.api_url)
        if self.box.student is not None:
            return laptop_environment(self.box.student, settings)
        return student_environment(Path(self.box.inside("home")), Path(self.box.inside("tmp")),
                                   settings, self.marker, self.box.sandboxed)

    def _start(self, name: str, base_url: str) -> StudentProcess:
        """Start one student process (the bot, or a checks runner)."""
        proc = StudentProcess(name, "bot" if name == "bot" else "runner", self.box,
                              self._env(name, base_url), self.job["rlimits"],
                              self.limits["output_kb"] * 1024)
        self.processes.append(proc)
        return proc

    def db_path(self, name: str) -> Database:
        """Where the student's process `name` keeps its database (see `models_db`)."""
        return Database.of(self.box.path, f"data/{name}/{DB_NAME}", self.box.work(name))

    def _watch(self) -> None:
        """Kill every student process once they are too many, or hold too much memory."""
        while not self.done.wait(WATCH_EVERY_S):
            self.threads_peak = max(self.threads_peak, threading.active_count())
            if not LINUX:
                continue
            pids = cleanup.below(os.getpid())
            if len(pids) > self.limits["processes"]:
                self.too_many.set()
            elif not self.job.get("cgroup_procs") and \
                    cleanup.resident_mb(pids) > self.limits["total_memory_mb"]:
                self.too_much_memory.set()  # no cgroup here: the watchdog is the limit
            else:
                continue
            self.kill_students()

    def kill_students(self) -> None:
        """End the student's processes and whatever they left behind."""
        for proc in list(self.processes):
            proc.kill()
        if LINUX:
            cleanup.kill_all(cleanup.descendants(os.getpid()))
        if not self.box.sandboxed:
            cleanup.sweep(self.marker)

    def run(self) -> dict:
        """Grade: start everything, drive the runner and the bot together, observe."""
        for fake in (self.tg, self.or_runner, self.or_bot):
            fake.start()
        deadline = time.monotonic() + self.limits["submission_s"]
        channel = RunnerChannel(lambda: self._start("runner", self.or_runner.base_url),
                                self.limits["startup_s"], self.limits["restarts"], deadline)
        bot = self._start("bot", self.or_bot.base_url)
        threading.Thread(target=self._watch, daemon=True).start()
        try:
            with ThreadPoolExecutor(2) as pool:
                runner = pool.submit(runner_steps.run_all, channel, self.or_runner,
                                     self.db_path("runner"), self.job["key"],
                                     self.limits["step_s"])
                chat = pool.submit(bot_driver.converse, self.tg, self.or_bot, bot,
                                   self.db_path("bot"), self.limits, self.job["bot_key"])
                found = {"runner": runner.result(), "bot": chat.result()}
        finally:
            channel.close()
            self.done.set()
            self.kill_students()
        found["processes"] = {"bot": bot.report(), "runner": channel.reports,
                              "too_many": self.too_many.is_set(),
                              "too_much_memory": self.too_much_memory.is_set()}
        return found

    def stop_fakes(self) -> None:
        """Stop the fakes (after every student process is gone)."""
        for fake in (self.tg, self.or_runner, self.or_bot):
            fake.stop()
