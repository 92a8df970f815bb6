"""Which keys the fake accepts, and what it answers to the others, as OpenRouter does.

A real key is `sk-or-v1-` and 64 hexadecimal digits. OpenRouter answers 401 to anything else:

- no `Authorization: Bearer …` header, or an empty one: "Missing Authentication header";
- a bearer that is not an OpenRouter key (no `sk-or-v1-`, or nothing after it):
  "No auth credentials found";
- an `sk-or-v1-…` key it has no account for (mistyped, revoked, made up): "User not found.".

The fake cannot know which well-formed keys exist, so by default it accepts every well-formed
key, plus the course's own placeholders, which no real key can look like: `sk-or-v1-fake-…`
(the lessons, the tests and the offline key) and `sk-or-v1-grader-…` (the grader's keys, new
for every run). A mistyped `sk-or-v1-typo-…` gets 401, as at OpenRouter. In strict mode the
fake accepts only the keys it was given, and the course's offline key. A grader's fake takes
`any_key`: every credential passes (only a missing one gets 401), so a submission that kept
the starter's placeholder key still meets the faults of the later tasks; the grader judges the
key by what the requests carried, not by the fake's answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from course_lib.offline import FAKE_KEY as OFFLINE_KEY

PREFIX = "sk-or-v1-"
WELL_FORMED = re.compile(r"sk-or-v1-[0-9a-f]{64}")
PLACEHOLDER = re.compile(r"sk-or-v1-(?:fake|grader)-[A-Za-z0-9_.-]+")
MISSING_AUTH = "Missing Authentication header"
NO_CREDENTIALS = "No auth credentials found"
USER_NOT_FOUND = "User not found."


def bearer(authorization: str | None) -> str | None:
    """The credential of an `Authorization: Bearer <credential>` header (None: there is none)."""
    scheme, _, credential = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        return None
    return credential.strip()


def is_well_formed(key: str) -> bool:
    """Whether a key has a real key's shape, or is one of the course's placeholders."""
    return bool(WELL_FORMED.fullmatch(key) or PLACEHOLDER.fullmatch(key))


class KeyPolicy:
    """The keys a fake accepts: well-formed ones (default), or only those given (strict)."""

    def __init__(self, keys: Iterable[str] = (), strict: bool = False,
                 any_key: bool = False) -> None:
        """`keys` are accepted in both modes; `strict` refuses every other key; `any_key`
        accepts every credential (strict or not)."""
        self.keys = frozenset(keys) | {OFFLINE_KEY}
        self.strict = strict
        self.any_key = any_key

    def problem(self, credential: str | None) -> str | None:
        """OpenRouter's 401 message for this credential, or None if it is accepted."""
        if credential is None:
            return MISSING_AUTH
        if credential in self.keys or self.any_key:
            return None
        if not credential.startswith(PREFIX) or credential == PREFIX:
            return NO_CREDENTIALS
        return None if not self.strict and is_well_formed(credential) else USER_NOT_FOUND
