"""One submission inside its sandbox: the fakes, the student's two processes, the two drivers.

The checks runner and the bot start at once and are driven side by side, each against a fake
OpenRouter of its own (faults meant for one must not reach the other). A watchdog counts the
submission's processes, because Linux does not enforce RLIMIT_NPROC for root.
"""

from __future__ import annotations

import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from course_lib.fakes.openrouter import FakeOpenRouter
from course_lib.fakes.telegram import FakeTelegram
from homework.engine import bot_driver, runner_steps
from homework.engine.procs import StudentProcess
from homework.engine.runner_channel import RunnerChannel
from homework.sandbox import cleanup
from homework.sandbox.environment import student_environment

WATCH_EVERY_S = 0.2


class Session:
    """The processes and fakes of one submission, and the observations made of them."""

    def __init__(self, job: dict, pid_namespace: str | None) -> None:
        """Prepare (nothing runs yet); `pid_namespace` is ours, if we are its init."""
        self.job, self.limits = job, job["limits"]
        self.folder = Path(job["folder"])
        self.pid_namespace = pid_namespace
        self.marker = job["marker"]  # the grader sweeps by it too, if this worker dies
        self.processes: list[StudentProcess] = []
        self.too_many = threading.Event()
        self.done = threading.Event()
        self.tg = FakeTelegram(token=job["token"])
        self.or_runner, self.or_bot = FakeOpenRouter(), FakeOpenRouter()

    def _env(self, name: str, base_url: str) -> dict[str, str]:
        """The environment of the runner or of the bot."""
        settings = {"OPENROUTER_API_KEY": self.job["key"], "OPENROUTER_BASE_URL": base_url,
                    "TELEGRAM_BOT_TOKEN": self.job["token"], "TELEGRAM_API_URL": self.tg.api_url,
                    "COURSE_DB": str(self.folder / "data" / f"{name}.db")}
        return student_environment(self.folder / "home", self.folder / "tmp", settings,
                                   self.marker, self.job["isolation"]["layers"]["network"])

    def _start(self, name: str, base_url: str) -> StudentProcess:
        """Start one student process (the bot, or a checks runner)."""
        proc = StudentProcess(name, "bot" if name == "bot" else "runner", self.folder / "work",
                              self._env(name, base_url), self.job["rlimits"],
                              self.limits["output_kb"] * 1024)
        self.processes.append(proc)
        return proc

    def count(self) -> int:
        """How many processes the submission has right now (Linux; 0 where unknown)."""
        if self.pid_namespace:
            return len(cleanup.in_pid_namespace(self.pid_namespace))
        return len(cleanup.marked(self.marker)) if sys.platform.startswith("linux") else 0

    def _watch(self) -> None:
        """Kill every student process once there are more than the limit allows."""
        while not self.done.wait(WATCH_EVERY_S):
            if self.count() > self.limits["processes"]:
                self.too_many.set()
                self.kill_students()

    def kill_students(self) -> None:
        """End the student's processes (and, without namespaces, whatever they left)."""
        for proc in list(self.processes):
            proc.kill()
        if not self.pid_namespace:
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
                                     self.folder / "data" / "runner.db", self.job["key"],
                                     self.limits["step_s"])
                chat = pool.submit(bot_driver.converse, self.tg, self.or_bot, bot,
                                   self.folder / "data" / "bot.db", self.limits)
                found = {"runner": runner.result(), "bot": chat.result()}
        finally:
            channel.close()
            self.done.set()
            self.kill_students()
        found["processes"] = {"bot": bot.report(), "runner": channel.reports,
                              "too_many": self.too_many.is_set()}
        return found

    def stop_fakes(self) -> None:
        """Stop the fakes (after every student process is gone)."""
        for fake in (self.tg, self.or_runner, self.or_bot):
            fake.stop()
