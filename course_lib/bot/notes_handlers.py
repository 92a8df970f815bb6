"""The notes commands: /note_add, /note_list, /note_find, /note_edit, /note_del, /note_count,
/note_export and /note_stats.

Each handler reads its arguments (a bad one raises `BadInput`), calls `course_lib.notes` with
the user's id, and returns the reply. The storage filters every query by user, so these
handlers cannot show one user's notes to another even by mistake.
"""

from __future__ import annotations

from course_lib import notes
from course_lib.bot.commands import (
    BadInput,
    parse_count,
    parse_note_id,
    shorten,
    split_first,
    usage,
)
from course_lib.bot.request import Reply, Request
from course_lib.texts import t

LIST_DEFAULT, LIST_MAX = 10, 50  # a longer list would be a flood of messages, not an answer
STATS_DEFAULT, STATS_MAX = 7, 366


def _note_text(text: str, command: str) -> str:
    """The text of a new or edited note; missing or too long: BadInput."""
    if not text:
        raise BadInput(usage(command))
    if len(text) > notes.MAX_NOTE_CHARS:
        raise BadInput(t("bot.note.too_long", length=len(text), max=notes.MAX_NOTE_CHARS))
    return text


def _show(note: notes.Note) -> str:
    """A note as the lists show it: id, UTC date and time, text."""
    return t("bot.note.line", id=note.id, when=f"{note.created_at:%Y-%m-%d %H:%M}",
             text=note.text)


def _note_id(args: str, command: str) -> tuple[int, str, str]:
    """The note id at the start of `args`, how the user wrote it, and the rest of `args`."""
    if not args:
        raise BadInput(usage(command))
    first, rest = split_first(args)
    return parse_note_id(first), shorten(first), rest


def note_add(req: Request) -> str:
    """/note_add <text>: store a note and tell its id."""
    text = _note_text(req.args, "note_add")
    note_id = notes.add_note(req.user_id, text, req.db_path, now=req.now)
    return t("bot.note.added", id=note_id)


def note_list(req: Request) -> str:
    """/note_list [N]: the user's newest N notes."""
    limit = parse_count(req.args, "note_list", LIST_DEFAULT, LIST_MAX)
    latest = notes.latest_notes(req.user_id, limit, req.db_path)
    if not latest:
        return t("bot.note.none")
    total = notes.count_notes(req.user_id, req.db_path)
    title = t("bot.note.list_title", shown=len(latest), total=total)
    return "\n\n".join([title, *map(_show, latest)])


def note_find(req: Request) -> str:
    """/note_find <text>: the user's notes that contain the text, in any letter case."""
    if not req.args:
        raise BadInput(usage("note_find"))
    found = notes.find_notes(req.user_id, req.args, req.db_path)
    needle = shorten(req.args)
    if not found:
        return t("bot.note.found_none", needle=needle)
    shown = found[:LIST_MAX]
    title = t("bot.note.found_title", needle=needle, shown=len(shown), total=len(found))
    return "\n\n".join([title, *map(_show, shown)])


def note_edit(req: Request) -> str:
    """/note_edit <id> <text>: replace the text of one of the user's notes."""
    note_id, written, rest = _note_id(req.args, "note_edit")
    text = _note_text(rest, "note_edit")
    if not notes.edit_note(req.user_id, note_id, text, req.db_path):
        return t("bot.note.not_found", id=written)
    return t("bot.note.updated", id=written)


def note_del(req: Request) -> str:
    """/note_del <id>: delete one of the user's notes."""
    note_id, written, rest = _note_id(req.args, "note_del")
    if rest:  # "/note_del 3 4": deleting the wrong note is worse than asking again
        raise BadInput(usage("note_del"))
    if not notes.delete_note(req.user_id, note_id, req.db_path):
        return t("bot.note.not_found", id=written)
    return t("bot.note.deleted", id=written)


def note_count(req: Request) -> str:
    """/note_count: how many notes the user has."""
    return t("bot.note.count", count=notes.count_notes(req.user_id, req.db_path))


def note_export(req: Request) -> str | Reply:
    """/note_export: every note of the user in a UTF-8 .txt document."""
    every = notes.all_notes(req.user_id, req.db_path)
    if not every:
        return t("bot.note.export_empty")
    title = t("bot.note.export_title", count=len(every), when=f"{req.now:%Y-%m-%d %H:%M}")
    body = "\n\n".join([title, *map(_show, every)]) + "\n"
    return Reply(document=body.encode("utf-8"), filename=f"notes_{req.now:%Y-%m-%d}.txt",
                 caption=t("bot.note.export_caption", count=len(every)))


def note_stats(req: Request) -> str:
    """/note_stats [days]: how many notes the user wrote on each date of the last days."""
    days = parse_count(req.args, "note_stats", STATS_DEFAULT, STATS_MAX)
    per_day = notes.notes_per_day(req.user_id, days, req.now.date(), req.db_path)
    if not per_day:
        return t("bot.note.stats_none", days=days)
    lines = [f"{day}: {count}" for day, count in per_day]
    total = t("bot.note.stats_total", count=sum(count for _, count in per_day))
    return "\n".join([t("bot.note.stats_title", days=days), *lines, total])
