"""`python -m course_lib fake-telegram`: serve the Telegram fake until Ctrl+C or SIGTERM."""

from __future__ import annotations

import argparse
import sys

from course_lib.fakes.http_server import serve_until_stopped
from course_lib.fakes.telegram.server import DEFAULT_PORT, DEFAULT_TOKEN, FakeTelegram


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `python -m course_lib fake-telegram`."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--token", default=None,
                        help="the bot token the fake accepts (default: a placeholder)")


def run(args: argparse.Namespace) -> int:
    """Serve the fake until Ctrl+C or SIGTERM; the first stdout line is its base URL."""
    token = args.token or DEFAULT_TOKEN
    try:
        fake = FakeTelegram(token, args.host, args.port)
    except OSError as error:
        print(f"fake-telegram: cannot listen on {args.host}:{args.port}: {error}. "
              "Is another fake running there? Pick another --port (0 = any free one).",
              file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"fake-telegram: {error}", file=sys.stderr)
        return 2
    return serve_until_stopped(fake, fake.api_url, hint=_hint(fake, args.token is None))


def _hint(fake: FakeTelegram, placeholder: bool) -> str:
    """What to do next, for stderr (a token given on the command line is never echoed)."""
    token = DEFAULT_TOKEN if placeholder else "<the token you gave>"
    lines = [f"fake-telegram: serving the Bot API at {fake.api_url} (Ctrl+C stops it)",
             f"  point the bot here: TELEGRAM_API_URL={fake.api_url} TELEGRAM_BOT_TOKEN={token}",
             f"  play a user: curl -X POST {fake.api_url}/_fake/send"
             " -d user_id=1001 -d first_name=Alice -d text=/start"]
    if placeholder:
        lines.insert(1, f"  no --token given: accepting the placeholder {DEFAULT_TOKEN}")
    return "\n".join(lines)
