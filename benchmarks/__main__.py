"""`make bench`: run every benchmark suite (`benchmarks/bench_*.py`) and print one table.

Each suite has `run() -> list[dict]`, one dict per row: suite, name, value, unit, target and
ok (True, False, or None when there is no target). `python -m benchmarks db client` runs only
the suites named. The rows are also written to `benchmarks/results/latest.json`.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).parent


def suites(selected: list[str]) -> list[str]:
    """The module names of the suites to run, in alphabetical order."""
    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    return [n for n in names if not selected or n.removeprefix("bench_") in selected]


def format_value(value: float) -> str:
    """A number with as many digits as it deserves."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def table(rows: list[dict]) -> str:
    """The rows as an aligned text table."""
    header = ("suite", "measure", "value", "unit", "target", "ok")
    lines = [header] + [
        (r["suite"], r["name"], format_value(r["value"]), r["unit"], r.get("target", ""),
         {True: "yes", False: "NO", None: "-"}[r.get("ok")])
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True))
                     for line in lines)


def main(argv: list[str]) -> int:
    """Run the suites, print the table; exit status 1 if a target was missed."""
    rows: list[dict] = []
    for name in suites(argv):
        print(f"running {name} …", file=sys.stderr, flush=True)
        rows.extend(importlib.import_module(f"benchmarks.{name}").run())
    print(table(rows))
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps(rows, indent=1), "utf-8")
    return 1 if any(r.get("ok") is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
