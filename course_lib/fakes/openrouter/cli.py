"""`python -m course_lib fake-openrouter`: serve the fake until Ctrl+C, for live demos."""

from __future__ import annotations

import argparse
import sys

from course_lib.fakes.http_server import serve_until_stopped
from course_lib.fakes.openrouter.handler import API
from course_lib.fakes.openrouter.server import FakeOpenRouter


def add_arguments(parser: argparse.ArgumentParser, control_help: str = "") -> None:
    """The options of `python -m course_lib fake-openrouter`."""
    parser.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8765,
                        help="port, 0 for any free one (default: %(default)s)")
    parser.add_argument("--latency-ms", type=int, default=0, metavar="N",
                        help="delay added to every API request")
    parser.add_argument("--chaos", type=float, default=0.0, metavar="RATE",
                        help="share of chat requests (0..1) failing with a random 429/5xx")
    parser.add_argument("--seed", type=int, default=0, help="seed of --chaos (repeatable)")
    parser.add_argument("--free-limit", type=int, metavar="N",
                        help="free-model requests per minute and key (OpenRouter: 20)")
    parser.add_argument("--free-per-day", type=int, metavar="N",
                        help="free-model requests per day and key (OpenRouter: 50)")
    parser.add_argument("--data-policy", action="store_true",
                        help="free models answer 404, as if the privacy setting were off")
    parser.add_argument("--no-credits", action="store_true", help="paid models answer 402")
    parser.add_argument("--strict", action="store_true",
                        help="accept only the course's offline key and those of --key "
                             "(default: every well-formed key)")
    parser.add_argument("--key", action="append", default=[], metavar="KEY",
                        help="a key to accept (repeatable), e.g. a placeholder of your own")
    parser.epilog = "Control API while it runs:\n" + control_help
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def run(args: argparse.Namespace) -> int:
    """Serve the fake until Ctrl+C or SIGTERM; the base URL is the first line of stdout."""
    try:
        fake = FakeOpenRouter(args.host, args.port, free_per_minute=args.free_limit,
                              free_per_day=args.free_per_day, data_policy=args.data_policy,
                              no_credits=args.no_credits, latency_ms=args.latency_ms,
                              chaos=args.chaos, seed=args.seed, keys=args.key,
                              strict=args.strict)
    except (OSError, ValueError) as exc:
        print(f"fake-openrouter: cannot start on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    root = fake.base_url.removesuffix(API)
    hint = (f"fake OpenRouter ready. Faults for demos: curl -X POST {root}/_fake/fault "
            """-d '{"kind": "fail", "status": 503}'  (more: --help)""")
    return serve_until_stopped(fake, fake.base_url, hint)
