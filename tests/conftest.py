"""Fixtures shared by the test files: the local fakes, each fresh for every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from course_lib.fakes.openrouter import FakeOpenRouter


@pytest.fixture
def fake_openrouter() -> Iterator[FakeOpenRouter]:
    """A fresh local OpenRouter on a free port of 127.0.0.1, stopped after the test."""
    with FakeOpenRouter() as fake:
        yield fake
