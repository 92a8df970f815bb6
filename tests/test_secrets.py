"""No file of the repository (notebook outputs included) holds anything shaped like a secret."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The shapes of a real OpenRouter key and of a real Telegram bot token.
SECRET = re.compile(rb"sk-or-v1-[0-9a-f]{20,}|[0-9]{8,10}:AA[A-Za-z0-9_-]{30,}")


def repository_files() -> list[Path]:
    """Tracked files plus new ones git does not ignore (or every file, outside a checkout)."""
    try:
        out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                             capture_output=True, check=True).stdout
        return [ROOT / name for name in out.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        skip = {".venv", ".git", "node_modules"}
        return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.parts)]


def test_the_scan_recognises_both_shapes():
    fake_key = b"sk-or-v1-" + b"0123456789abcdef" * 4
    fake_token = b"1234567890:AA" + b"x" * 33
    assert SECRET.search(fake_key) and SECRET.search(fake_token)
    assert not SECRET.search(b"sk-or-v1-fake-local-key 123456:FAKE-local-token")


def test_no_file_holds_a_key_or_token():
    files = repository_files()
    assert any(p.name == "test_secrets.py" for p in files), "the scan must see the repository"
    hits = [str(p.relative_to(ROOT)) for p in files
            if p.is_file() and SECRET.search(p.read_bytes())]
    assert hits == []


def test_env_file_is_ignored_and_example_has_placeholders_only():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT).returncode
    assert ignored == 0, ".env must be git-ignored"
    example = (ROOT / ".env.example").read_text("utf-8")
    values = dict(line.split("=", 1) for line in example.splitlines()
                  if line and not line.startswith("#"))
    assert values["OPENROUTER_API_KEY"] == "" and values["TELEGRAM_BOT_TOKEN"] == ""
