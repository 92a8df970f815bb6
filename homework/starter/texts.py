"""What the bot says, in English and in Russian: COURSE_LANG=ru picks Russian, else English.

Change a reply here, in both languages. The client's error messages are in openrouter_client.py.
"""

import os

from dotenv import load_dotenv

load_dotenv()  # COURSE_LANG may come from the .env file next to the bot
LANG = "ru" if (os.getenv("COURSE_LANG") or "").strip().lower() == "ru" else "en"

TEXTS = {
    "en": {
        "hello": "Hi! I keep notes and answer questions.",
        "usage_note_add": "Usage: /note_add <text>",
        "usage_note_find": "Usage: /note_find <text>",
        "usage_note_edit": "Usage: /note_edit <id> <text>",
        "usage_note_del": "Usage: /note_del <id>",
        "usage_ask": "Usage: /ask <question>",
        "usage_model": "Usage: /model <ID> (a number from /models)",
        "note_saved": "Note #{id} saved.",
        "note_line": "#{id}: {text}",
        "no_notes": "No notes yet.",
        "nothing_found": "Nothing found.",
        "note_changed": "Note changed.",
        "note_deleted": "Note deleted.",
        "no_such_note": "No such note.",
        "note_count": "You have {count} note(s).",
        "models_title": "Models (★ = active):",
        "activate": "activate: /model <ID>",
        "active_model": "Active model: {id}. {label} [{key}]",
        "active_now": "Active model now: {id}. {label} [{key}]",
        "unknown_model": "Unknown model id, see /models",
        "error": "Error: {error}",
        "unexpected": "Unexpected error",
        "answer_footer": "({ms} ms; model: {key})",
        "no_token": "Set TELEGRAM_BOT_TOKEN (in .env, see .env.example).",
        "running": "The bot is running. Ctrl+C stops it.",
        "system_prompt": ("Answer briefly and to the point. Technical answers must be correct "
                          "and given as numbered points."),
    },
    "ru": {
        "hello": "Привет! Я храню заметки и отвечаю на вопросы.",
        "usage_note_add": "Использование: /note_add <текст>",
        "usage_note_find": "Использование: /note_find <текст>",
        "usage_note_edit": "Использование: /note_edit <номер> <текст>",
        "usage_note_del": "Использование: /note_del <номер>",
        "usage_ask": "Использование: /ask <вопрос>",
        "usage_model": "Использование: /model <ID> (номер из /models)",
        "note_saved": "Заметка №{id} сохранена.",
        "note_line": "№{id}: {text}",
        "no_notes": "Заметок пока нет.",
        "nothing_found": "Ничего не найдено.",
        "note_changed": "Заметка изменена.",
        "note_deleted": "Заметка удалена.",
        "no_such_note": "Такой заметки нет.",
        "note_count": "Всего заметок: {count}.",
        "models_title": "Доступные модели (★ — активная):",
        "activate": "переключить: /model <ID>",
        "active_model": "Активная модель: {id}. {label} [{key}]",
        "active_now": "Активная модель теперь: {id}. {label} [{key}]",
        "unknown_model": "Нет модели с таким номером, см. /models",
        "error": "Ошибка: {error}",
        "unexpected": "Непредвиденная ошибка",
        "answer_footer": "({ms} мс; модель: {key})",
        "no_token": "Задайте TELEGRAM_BOT_TOKEN (в .env, см. .env.example).",
        "running": "Бот запущен. Остановить: Ctrl+C.",
        "system_prompt": ("Отвечай кратко и по делу. Технические ответы должны быть точными "
                          "и оформленными в виде нумерованного списка."),
    },
}

# The command menu: (command, what it does), shown by /start and /help and in Telegram's menu.
COMMANDS = {
    "en": [
        ("start", "greeting and the list of commands"),
        ("help", "the list of commands"),
        ("note_add", "save a note: /note_add <text>"),
        ("note_list", "your latest notes: /note_list [N]"),
        ("note_find", "find notes: /note_find <text>"),
        ("note_edit", "change a note: /note_edit <id> <text>"),
        ("note_del", "delete a note: /note_del <id>"),
        ("note_count", "how many notes you have"),
        ("models", "the models you can use"),
        ("model", "the active model, or switch: /model <id>"),
        ("ask", "ask the active model: /ask <question>"),
    ],
    "ru": [
        ("start", "приветствие и список команд"),
        ("help", "список команд"),
        ("note_add", "сохранить заметку: /note_add <текст>"),
        ("note_list", "последние заметки: /note_list [N]"),
        ("note_find", "найти заметки: /note_find <текст>"),
        ("note_edit", "изменить заметку: /note_edit <номер> <текст>"),
        ("note_del", "удалить заметку: /note_del <номер>"),
        ("note_count", "сколько у вас заметок"),
        ("models", "доступные модели"),
        ("model", "активная модель или переключение: /model <ID>"),
        ("ask", "спросить активную модель: /ask <вопрос>"),
    ],
}


def say(name, **fields):
    """The text `name` in the bot's language, with `fields` filled in."""
    return TEXTS[LANG][name].format(**fields)
