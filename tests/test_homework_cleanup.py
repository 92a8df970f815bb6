"""Counting a submission's processes from /proc (Linux): the whole tree, never a zombie.

The worker's watchdog counts the processes below it five times a second; `below` reads only
that tree where the kernel lists each task's children, and all of /proc where it does not.
Both must find what `descendants` (a read of every process) finds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from homework.grading.sandbox import cleanup

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").is_file(),
                                reason="reads /proc (Linux)")

# A child that starts a grandchild, and one more child that ends at once and is never
# collected (a zombie); then it waits. Names with ") R 1 (" try the /proc/PID/stat parser.
TREE = """
import ctypes, subprocess, sys, time
ctypes.CDLL(None).prctl(15, b"odd) R 1 (name", 0, 0, 0)  # PR_SET_NAME
code = "import time; time.sleep(60)"
starts = f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {code!r}]); {code}"
child = subprocess.Popen([sys.executable, "-c", starts])
gone = subprocess.Popen([sys.executable, "-c", "pass"])
print(child.pid, gone.pid, flush=True)
time.sleep(60)
"""


@pytest.fixture(scope="module")
def tree():
    """(top, child, grandchild, zombie): a running tree of processes."""
    top = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True,
                           start_new_session=True)
    try:
        child, zombie = map(int, top.stdout.readline().split())
        end = time.monotonic() + 30
        while len(cleanup.descendants(top.pid)) < 2 or cleanup._stat(zombie)[1] != "Z":
            assert time.monotonic() < end, "the tree did not start"
            time.sleep(0.05)
        grandchild = next(pid for pid in cleanup.descendants(top.pid) if pid != child)
        yield top.pid, child, grandchild, zombie
    finally:
        os.killpg(top.pid, signal.SIGKILL)
        top.wait()


def test_the_whole_tree_is_found_and_the_zombie_left_out(tree):
    top, child, grandchild, zombie = tree
    assert sorted(cleanup.descendants(top)) == sorted([child, grandchild])
    assert sorted(cleanup.below(top)) == sorted([child, grandchild])
    assert cleanup._stat(zombie) == (top, "Z")  # still there, not counted


def test_below_reads_all_of_proc_where_the_kernel_lists_no_children(tree, monkeypatch):
    top, child, grandchild, _ = tree
    monkeypatch.setattr(cleanup, "_LISTS_CHILDREN", False)
    assert sorted(cleanup.below(top)) == sorted([child, grandchild])


def test_a_name_that_looks_like_stat_fields_is_no_parent(tree):
    top = tree[0]
    assert cleanup._stat(top) == (os.getpid(), "S")  # its name holds ") R 1 ("


def test_nothing_is_below_a_process_that_is_gone():
    assert cleanup.below(2**22 + 1) == []
    assert cleanup._stat(2**22 + 1) is None
