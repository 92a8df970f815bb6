"""nbval runs the lessons offline, whatever the machine running the tests has configured.

The kernels nbval starts inherit this process's environment. An empty variable wins over a
`.env` file (see `course_lib.config`), so a developer's real key or token is never used by the
tests, and the stored outputs (made offline) stay comparable. Students running a lesson with a
key get the real services, as designed.
"""

from __future__ import annotations

import os

import pytest

OFFLINE = {
    "OPENROUTER_API_KEY": "",
    "OPENROUTER_BASE_URL": "",
    "TELEGRAM_BOT_TOKEN": "",
    "TELEGRAM_API_URL": "",
    "COURSE_LANG": "en",
}


def pytest_configure(config: pytest.Config) -> None:
    """Set the offline environment before any kernel starts."""
    os.environ.update(OFFLINE)
