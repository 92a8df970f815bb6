"""What the checks share: the `.env` file, the settings, and what earlier checks learned.

Checks run in order, and a later one may use an earlier one's findings: the live model catalog
from "OpenRouter reachable" tells "active model" what exists right now; the key's details from
"key accepted" tell it whether a paid model can be paid for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from course_lib import offline
from course_lib.doctor import envfile, settings
from course_lib.doctor.check import Check
from course_lib.doctor.envfile import EnvFile
from course_lib.doctor.settings import Setting

DEFAULT_TIMEOUT_S = 8.0  # per request: long enough for a free model's first token, short enough


@dataclass
class Context:
    """Shared state of one doctor run."""

    env: EnvFile
    settings: dict[str, Setting]
    timeout_s: float = DEFAULT_TIMEOUT_S
    results: dict[str, Check] = field(default_factory=dict)
    live_catalog: set[str] | None = None  # model ids of GET /models, once it answered
    key_info: dict | None = None  # the `data` of GET /key, once the key was accepted

    @classmethod
    def build(cls, timeout_s: float = DEFAULT_TIMEOUT_S) -> Context:
        """Read `.env` and the settings of this process, as course_lib would right now."""
        env = envfile.read()
        return cls(env, settings.read(env), timeout_s)

    @property
    def key(self) -> str | None:
        """The OpenRouter key in use, or None (offline mode)."""
        value = self.settings["OPENROUTER_API_KEY"].value
        # In a notebook that called offline.start(), the variable holds the fake's placeholder.
        return None if value == offline.FAKE_KEY else value

    @property
    def token(self) -> str | None:
        """The Telegram bot token, or None."""
        return self.settings["TELEGRAM_BOT_TOKEN"].value

    def status(self, check_id: str) -> str | None:
        """The status of an earlier check, or None if it did not run or had nothing to say."""
        check = self.results.get(check_id)
        return check.status if check else None
