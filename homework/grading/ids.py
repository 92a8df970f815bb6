"""Student ids, and the feedback file names made from them.

An id is the name of the student's folder or zip, made safe: Unicode NFC first (macOS writes
names decomposed, NFD: `й` as `и` + a combining breve, which would come out `и_`), then
letters with their accents, digits and `. - _ @ +` kept (so an id can be a login or an e-mail
address to map in Moodle or Canvas), anything else `_`. The gradebook holds the whole id.

A feedback file is `<id>.md` when that is a good file name everywhere: at most NAME_BYTES
bytes, not a name Windows reserves (`CON`, `NUL`, `COM1` ...). Otherwise it is the id cut short
plus `~` and a hash of the whole id: the same every time, different for different ids (no id
holds a `~`, so it never takes another student's name). Ids differing only in case are told
apart when found (`Alice` and `alice` would be one file on macOS and Windows).
"""

from __future__ import annotations

import hashlib
import itertools
import unicodedata

# Bytes in a feedback file's name: 255 is the limit of most file systems; eCryptfs (an
# encrypted home on Linux) allows 143, and a short name leaves room for the folder's path
# within Windows' 260 characters.
NAME_BYTES = 143
HASH_CHARS = 12
SUFFIX = ".md"
EXTRA = ".-_@+"
# Device names Windows reserves, with any extension (`con.md` cannot be created there).
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{d}{n}" for d in ("COM", "LPT")
                                         for n in "123456789\u00b9\u00b2\u00b3")}


def _kept(char: str) -> bool:
    """Whether a character may stay in an id: a letter, a digit, an accent, or one of EXTRA."""
    return char in EXTRA or char.isalnum() or unicodedata.category(char).startswith("M")


def student_id(name: str) -> str:
    """A safe id from a file or folder name (NFC; letters, digits, accents, `. - _ @ +`)."""
    runs = itertools.groupby(unicodedata.normalize("NFC", name), key=_kept)
    safe = "".join("".join(chars) if kept else "_" for kept, chars in runs)
    return safe.strip("._") or "submission"


def fold(ident: str) -> str:
    """The form in which two ids that one file system would confuse are equal."""
    return unicodedata.normalize("NFC", ident).casefold()


def _reserved(stem: str) -> bool:
    """Whether Windows reserves a file name starting with `stem`."""
    return stem.split(".")[0].rstrip(" ").upper() in RESERVED


def _cut(text: str, size: int) -> str:
    """The longest start of `text` that takes at most `size` bytes in UTF-8."""
    used = 0
    for end, char in enumerate(text):
        used += len(char.encode("utf-8", "surrogatepass"))
        if used > size:
            return text[:end]
    return text


def feedback_name(student: str) -> str:
    """The file name of a student's feedback: `<id>.md`, or a short unique one."""
    safe = student_id(student)
    if safe == student and len((safe + SUFFIX).encode("utf-8")) <= NAME_BYTES \
            and not _reserved(safe):
        return safe + SUFFIX
    digest = hashlib.sha256(student.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_CHARS]
    room = NAME_BYTES - len(SUFFIX) - 2 - HASH_CHARS
    start = _cut(safe, room)
    start = "_" + start if _reserved(start) else start  # `aux.old`: reserved whatever follows
    return f"{start}~{digest}{SUFFIX}"
