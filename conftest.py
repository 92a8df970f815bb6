"""What every test path shares (tests/, the lessons under nbval, homework/)."""

from __future__ import annotations

import gc

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Let nbval stop a lesson's kernel the way Jupyter does, not with a kill.

    nbval kills the kernel (`shutdown_kernel(now=True)`), so nothing the lesson set up is
    undone; a lesson's `tempfile.TemporaryDirectory` would stay in the system's temporary
    folder after every run. Asked to shut down, the kernel exits normally and removes it.
    """
    try:
        from nbval.kernel import RunningKernel
    except ImportError:  # pragma: no cover  (nbval is in requirements.txt)
        return

    def stop(kernel: RunningKernel) -> None:
        """Ask the kernel to shut down (it is killed only if it does not within seconds)."""
        kernel.kc.stop_channels()
        kernel.km.shutdown_kernel(now=False)
        del kernel.km

    RunningKernel.stop = stop


# The files that take longest (`make test` prints them: --durations), first: under xdist
# (`-n 4 --dist loadfile --no-loadscope-reorder`, see the Makefile) a file runs whole on one
# worker, and a long file started last would end the run alone. The lessons (each a kernel and
# a few seconds) go next, so the run ends on many quick files the workers share out evenly.
LONGEST = ["tests/test_lab.py", "tests/test_slides.py", "tests/test_homework_grading.py",
           "tests/test_exercises.py", "tests/test_homework_sandbox.py",
           "tests/test_homework_hostile.py", "tests/test_homework_russian.py",
           "tests/test_leaves_nothing.py",
           "tests/test_homework_robust.py", "tests/test_bot_telegram.py",
           "tests/test_homework_box_reads.py", "tests/test_homework_selfcheck.py",
           "tests/test_fake_telegram_clients.py", "tests/test_homework_batch.py",
           "tests/test_bot_e2e.py", "tests/test_homework_handin.py",
           "tests/test_homework_report.py", "tests/test_homework_lookalike.py",
           "tests/test_homework_bot_replies.py", "tests/test_homework_ids.py",
           "tests/test_slide_text.py"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run `LONGEST` first, then the notebooks, then the rest; a file's tests stay in order."""
    rank = {name: index for index, name in enumerate(LONGEST)}

    def place(item: pytest.Item) -> int:
        """Where the item's file goes: the notebooks (nbval) before the quick test files."""
        file = item.nodeid.split("::", 1)[0]
        return rank.get(file, len(rank) + (not file.endswith(".ipynb")))

    items.sort(key=place)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Keep what collection made (modules, the thousands of test items) out of the garbage
    collector's later passes: it lives to the end anyway, and a worker's full collections
    would each walk it again (about 3 CPU-s of GC in a `make test`)."""
    gc.freeze()
