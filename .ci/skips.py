"""Check a run's skipped tests (its JUnit XML report): none at all, or only for missing tools.

    python .ci/skips.py report.xml none      # CI with every tool: nothing may skip
    python .ci/skips.py report.xml tools     # tools hidden: something skips, and only for them

A test that needs bubblewrap, Chromium or npm skips on a laptop without it, saying what to
install; any other skip would hide a test that should run.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ElementTree

TOOLS = ("bubblewrap", "Chromium", "npm")  # a skip's reason names the one missing


def skipped(report: str) -> dict[str, str]:
    """Each skipped test of the report, with the reason it gave."""
    found = {}
    for case in ElementTree.parse(report).iter("testcase"):
        for skip in case.iter("skipped"):
            found[f"{case.get('classname')}::{case.get('name')}"] = skip.get("message", "")
    return found


def main(report: str, expect: str) -> int:
    """Print what is wrong with the report's skips; 1 if anything is."""
    skips = skipped(report)
    wrong = {name: reason for name, reason in skips.items()
             if expect == "none" or not any(tool in reason for tool in TOOLS)}
    for name, reason in wrong.items():
        print(f"unexpected skip: {name}: {reason}")
    if expect == "tools" and not skips:
        print("nothing skipped, though bubblewrap, Chromium and npm were hidden")
        return 1
    print(f"{len(skips)} skipped, {len(wrong)} unexpected")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
