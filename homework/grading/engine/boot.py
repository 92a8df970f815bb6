"""The first lines every student process runs: apply the limits, drop privileges, then go on.

The grading worker runs this file's text with `python -c` (it imports nothing of the grader):

    python -s -B -c <this> '<limits as JSON>' bot               -> runs bot.py as __main__
    python -s -B -c <this> '<limits as JSON>' runner '<source>' -> runs the checks runner

Limits are set here rather than in the parent between fork and exec: the parent has threads
(the fakes), and running Python code between fork and exec in a threaded process can hang.
Everything here runs before any student code, so the student cannot skip it: the submission's
folder (first on `sys.path` under `python -c`) is off the path until the limits are set, so a
student's `json.py` or `resource.py` cannot run in place of the standard library's.
"""

import sys  # built into the interpreter: nothing on the path can replace it

_PATH = list(sys.path)
sys.path[:] = [p for p in _PATH if p not in ("", ".")]

import contextlib  # noqa: E402
import json  # noqa: E402
import runpy  # noqa: E402


def apply_limits(limits: dict) -> None:
    """Set the resource limits (POSIX); a limit the system refuses is skipped."""
    try:
        import resource
    except ImportError:  # Windows: the grader's timeouts are the only limits
        return
    for name, value in limits.items():
        number = getattr(resource, name, None)
        if number is None or value is None:
            continue
        hard = value + 1 if name == "RLIMIT_CPU" else value  # SIGXCPU first, then SIGKILL
        with contextlib.suppress(ValueError, OSError):  # e.g. macOS refuses RLIMIT_AS
            resource.setrlimit(number, (value, hard))


def drop_privileges() -> None:
    """Linux: give up every capability (root of a user namespace could undo the sandbox)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in range(64):  # PR_CAPBSET_DROP; errors past the last capability are fine
        libc.prctl(24, ctypes.c_ulong(cap), 0, 0, 0)
    libc.prctl(47, ctypes.c_ulong(4), 0, 0, 0)  # PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL
    libc.prctl(38, ctypes.c_ulong(1), 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # capset v3, this process
    libc.capset(header, (ctypes.c_uint32 * 6)())  # effective, permitted, inheritable: none


def main() -> None:
    """Apply the limits, then become the student's bot or the checks runner."""
    apply_limits(json.loads(sys.argv[1]))
    drop_privileges()
    sys.path[:] = _PATH  # the student's modules are importable again
    mode, rest = sys.argv[2], sys.argv[3:]
    del sys.argv[1:]
    if mode == "bot":  # as `python bot.py` would (no exec: on Windows it would start anew)
        sys.argv[0] = "bot.py"
        runpy.run_path("bot.py", run_name="__main__")
        return
    exec(compile(rest[0], "<grader runner>", "exec"), {"__name__": "__main__"})


if __name__ == "__main__":
    main()
