"""`python -m course_lib models check|refresh`: does every model of the registry still work?

For each model of the bot's registry: is it in the catalog (live with a key; offline the
course's: the shipped snapshot, or the copy `models refresh` saved), and does it answer a
one-token request? One line per model, with the client's friendly explanation under each
failure and free models to use instead of one that left the catalog; exit status 0 only if
every model passed. Offline (no key) the local fake answers, and the first line says so.

`checker` does the work, `table` shows it, `refresh` updates the catalog; this module is the
command line.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from course_lib import catalog, config, db, offline
from course_lib.doctor import envfile, registry_view, report, runner
from course_lib.models_check import checker, refresh, table
from course_lib.models_check.checker import Catalog, ModelResult, Pacer
from course_lib.texts import t

DEFAULT_TIMEOUT_S = 20.0  # a free model's first token can take a while


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`models` takes an action, `check` or `refresh`, with its options."""
    actions = parser.add_subparsers(dest="action", required=True)
    check = actions.add_parser(
        "check", help="check every registry model against the catalog and with a tiny request",
        description="Check every model of the registry: listed in the catalog, and answering "
                    "a one-token request. Exit status 0 only if all passed.")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.add_argument("--spacing", type=float, default=None, metavar="S",
                       help="seconds between requests to :free models (default: 3 against "
                            "OpenRouter, whose free limit is 20 a minute; 0 against a local "
                            "server)")
    check.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="S",
                       help="seconds to wait for each answer (default: %(default)s)")
    update = actions.add_parser(
        "refresh", help="download the live catalog (needs a key); the course then uses it",
        description="Download OpenRouter's live model catalog into a local file (git-ignored) "
                    "that the course uses instead of the snapshot it ships: the local fake, "
                    "models check, the doctor and the homework check. Needs OPENROUTER_API_KEY.")
    update.add_argument("--remove", action="store_true",
                        help="delete the refreshed catalog: use the shipped snapshot again")
    update.add_argument("--timeout", type=float, default=30.0, metavar="S",
                        help="seconds to wait for the catalog (default: %(default)s)")


def _registry() -> tuple[list[dict] | None, str]:
    """The rows to check and a line saying where they come from (None: nothing to check)."""
    path = config.db_path()
    rows = registry_view.rows(path)
    if rows is None:
        return None, t("models.registry.broken", path=path,
                       problems=" ".join(db.validate_registry(path)))
    if not rows:
        return None, t("models.registry.empty", path=path)
    note = "models.registry.db" if path.exists() else "models.registry.seed"
    return rows, t(note, path=path, count=len(rows))


def _check_printing(rows: list[dict], known: Catalog, pacer: Pacer, timeout_s: float,
                    info: dict) -> list[ModelResult]:
    """Check the models, printing the table row by row as the answers arrive."""
    symbols = report.symbols_for(sys.stdout.encoding)
    print(info["mode"], info["catalog"]["note"], info["registry"], sep="\n")
    print(t("models.spacing", spacing=pacer.spacing_s) if pacer.spacing_s > 0
          else t("models.no_spacing"))
    width = table.key_width([str(row["key"]) for row in rows])
    print("\n" + table.header(width))
    results = []
    for result in checker.check_models(rows, known, timeout_s=timeout_s, pacer=pacer):
        print("\n".join(table.row(result, width, symbols)), flush=True)
        results.append(result)
    return results


def check(as_json: bool, spacing_s: float | None, timeout_s: float) -> int:
    """Run `models check`; returns the exit status."""
    rows, registry_note = _registry()
    if rows is None:
        print(registry_note, file=sys.stderr)
        return 1
    said: list[str] = []
    with offline.openrouter(said.append) as is_offline:
        known = checker.load_catalog(is_offline, timeout_s)
        if spacing_s is None:
            spacing_s = checker.default_spacing(config.openrouter_base_url())
        info = {"offline": is_offline, "mode": said[0], "registry": registry_note,
                "catalog": {"source": known.source, "note": known.note,
                            "date": None if known.live else catalog.snapshot_date()},
                "spacing_s": spacing_s}
        pacer = Pacer(spacing_s)
        if as_json:
            results = list(checker.check_models(rows, known, timeout_s=timeout_s, pacer=pacer))
        else:
            results = _check_printing(rows, known, pacer, timeout_s, info)
    status = 0 if all(result.passed for result in results) else 1
    print(table.as_json(results, info, status) if as_json
          else "\n" + textwrap.fill(table.summary(results, is_offline), table.WIDTH))
    return status


def run(args: argparse.Namespace) -> int:
    """The `models` command: `check` or `refresh`."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # ★ and ✓ on a console that lacks them
    env = envfile.read()
    with runner.pinned_language(env):
        if env.path is not None and not env.readable:
            print(t("models.env_broken"), file=sys.stderr)
            return 1
        if args.action == "refresh":
            return refresh.remove() if args.remove else refresh.refresh(args.timeout)
        return check(args.json, args.spacing, args.timeout)
