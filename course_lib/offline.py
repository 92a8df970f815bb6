"""Offline first: with no OpenRouter key, the course uses the local fake, and says so.

The client reads `OPENROUTER_BASE_URL` and `OPENROUTER_API_KEY` at every call, so pointing it
at the fake is only a matter of setting those two variables for this process. With a key set,
nothing changes and the real (or configured) OpenRouter is used.

- `openrouter(say)`: a context manager, for programs (the console, the bot): the fake runs for
  the block, then the environment is put back as it was.
- `start(say)`: for notebooks: the fake runs until the kernel stops; calling it again is harmless.
  It also puts 127.0.0.1 in `NO_PROXY`, so plain `requests` calls to the local fakes work on a
  laptop whose proxy settings would otherwise catch them.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from course_lib import config
from course_lib.texts import t

# The fake accepts any key; this placeholder only tells the client that a key is "set".
FAKE_KEY = "sk-or-v1-fake-local-key"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
_running = None  # the fake started by `start()`, kept for the life of the process


def bypass_proxy_for_loopback() -> None:
    """Add 127.0.0.1 and localhost to NO_PROXY: `requests` would send local calls via a proxy."""
    for name in ("NO_PROXY", "no_proxy"):
        hosts = [h.strip() for h in os.environ.get(name, "").split(",") if h.strip()]
        missing = [h for h in LOOPBACK_HOSTS if h not in hosts]
        if missing:
            os.environ[name] = ",".join(hosts + missing)


def describe_real() -> str:
    """The one line that says the configured OpenRouter is in use (key masked)."""
    return t("offline.real", url=config.openrouter_base_url(),
             masked=config.mask(config.openrouter_key()))


def _point_client_at(base_url: str) -> dict[str, str | None]:
    """Point the client at `base_url` with the placeholder key; returns the old values."""
    saved = {name: os.environ.get(name) for name in ("OPENROUTER_BASE_URL", "OPENROUTER_API_KEY")}
    os.environ.update(OPENROUTER_BASE_URL=base_url, OPENROUTER_API_KEY=FAKE_KEY)
    return saved


def _restore(saved: dict[str, str | None]) -> None:
    """Put environment variables back as `_point_client_at` found them."""
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextmanager
def openrouter(say: Callable[[str], None] = print) -> Iterator[bool]:
    """OpenRouter for the block: the configured one with a key, else a local fake (yields True)."""
    if config.openrouter_key():
        say(describe_real())
        yield False
        return
    from course_lib.fakes.openrouter import FakeOpenRouter  # only needed offline

    with FakeOpenRouter() as fake:
        saved = _point_client_at(fake.base_url)
        try:
            say(t("offline.fake"))
            yield True
        finally:
            _restore(saved)


def start(say: Callable[[str], None] = print) -> bool:
    """Use the local fake until the process ends if there is no key; True when offline."""
    global _running
    bypass_proxy_for_loopback()  # the local fakes of the lessons (Telegram's too) sit on 127.0.0.1
    if _running is not None and os.environ.get("OPENROUTER_API_KEY") == FAKE_KEY:
        say(t("offline.fake"))
        return True
    if config.openrouter_key():
        say(describe_real())
        return False
    from course_lib.fakes.openrouter import FakeOpenRouter  # only needed offline

    _running = FakeOpenRouter().start()
    atexit.register(_running.stop)
    _point_client_at(_running.base_url)
    say(t("offline.fake"))
    return True
