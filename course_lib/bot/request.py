"""What a handler gets (`Request`) and what the bot sends back (`Reply`).

Both are plain frozen dataclasses: no Telegram objects, so the same handlers serve the Telegram
front end, the console and the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Reply:
    """One message to send: a text (1..4096 characters), or a document with a caption."""

    text: str | None = None
    document: bytes | None = None
    filename: str | None = None
    caption: str | None = None


@dataclass(frozen=True)
class Request:
    """One command from one user, with what its handler needs to answer it."""

    user_id: int
    args: str  # the text after the command, without surrounding blanks
    db_path: Path
    now: datetime  # aware, UTC: read once per message from the core's clock
    on_slow: Callable[[], None]  # call right before a slow step (the front end shows "typing…")


# A handler answers with a text (split into messages by the core) or a ready `Reply`.
Handler = Callable[[Request], "str | Reply"]
