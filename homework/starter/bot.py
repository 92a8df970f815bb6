"""The course bot on Telegram: notes, a choice of models, and questions to an LLM.

What it says is in texts.py, in English and in Russian (COURSE_LANG=ru). Run it with
`python bot.py` (long polling, Ctrl+C stops it). Settings come from the environment or from a
.env file next to this one (copy .env.example to .env).
"""

import os
import sys

import db
import notes
import telebot
from dotenv import load_dotenv
from openrouter_client import OpenRouterError, chat_once
from telebot import apihelper
from telebot.types import BotCommand
from texts import COMMANDS, LANG, say

load_dotenv()
TOKEN = os.getenv("TELEGRAM_BOT_TOKEN")
# Another Bot API server, e.g. the local fake the self-check and the grader use.
API_URL = os.getenv("TELEGRAM_API_URL")
if API_URL:
    apihelper.API_URL = API_URL.rstrip("/") + "/bot{0}/{1}"

bot = telebot.TeleBot(TOKEN or "0:no-token", parse_mode=None)


def argument(message):
    """The text after the command ("" if there is none)."""
    parts = message.text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


@bot.message_handler(commands=["start", "help"])
def start(message):
    """/start and /help: a greeting and every command."""
    lines = [f"/{name} — {text}" for name, text in COMMANDS[LANG]]
    bot.reply_to(message, say("hello") + "\n" + "\n".join(lines))


@bot.message_handler(commands=["note_add"])
def note_add(message):
    """/note_add <text>: save a note."""
    text = argument(message)
    if not text:
        bot.reply_to(message, say("usage_note_add"))
        return
    bot.reply_to(message, say("note_saved", id=notes.add_note(message.from_user.id, text)))


@bot.message_handler(commands=["note_list"])
def note_list(message):
    """/note_list [N]: the latest N notes (10 if no N)."""
    arg = argument(message)
    limit = int(arg) if arg.isdigit() and int(arg) > 0 else 10
    rows = notes.list_notes(message.from_user.id, min(limit, 50))
    lines = [say("note_line", id=i, text=t) for i, t in rows]
    bot.reply_to(message, "\n".join(lines) or say("no_notes"))


@bot.message_handler(commands=["note_find"])
def note_find(message):
    """/note_find <text>: the notes that contain the text."""
    part = argument(message)
    if not part:
        bot.reply_to(message, say("usage_note_find"))
        return
    rows = notes.find_notes(message.from_user.id, part)
    lines = [say("note_line", id=i, text=t) for i, t in rows]
    bot.reply_to(message, "\n".join(lines) or say("nothing_found"))


@bot.message_handler(commands=["note_edit"])
def note_edit(message):
    """/note_edit <id> <text>: replace a note's text."""
    parts = argument(message).split(maxsplit=1)
    if len(parts) < 2 or not parts[0].isdigit():
        bot.reply_to(message, say("usage_note_edit"))
        return
    done = notes.edit_note(message.from_user.id, int(parts[0]), parts[1])
    bot.reply_to(message, say("note_changed" if done else "no_such_note"))


@bot.message_handler(commands=["note_del"])
def note_del(message):
    """/note_del <id>: delete a note."""
    arg = argument(message)
    if not arg.isdigit():
        bot.reply_to(message, say("usage_note_del"))
        return
    done = notes.delete_note(message.from_user.id, int(arg))
    bot.reply_to(message, say("note_deleted" if done else "no_such_note"))


@bot.message_handler(commands=["note_count"])
def note_count(message):
    """/note_count: how many notes you have."""
    bot.reply_to(message, say("note_count", count=notes.count_notes(message.from_user.id)))


@bot.message_handler(commands=["models"])
def models(message):
    """/models: every model, one per line; ★ marks the active one."""
    lines = [f"{'★' if m['active'] else ' '} {m['id']}. {m['label']} [{m['key']}]"
             for m in db.list_models()]
    # The title first: Telegram trims the blanks a message starts with (" 1. …").
    bot.reply_to(message, say("models_title") + "\n" + "\n".join(lines) + "\n\n" + say("activate"))


@bot.message_handler(commands=["model"])
def model(message):
    """/model: the active model; /model <id>: switch to another one."""
    arg = argument(message)
    if not arg:
        m = db.get_active_model()
        bot.reply_to(message, say("active_model", **m))
        return
    if not arg.isdigit():
        bot.reply_to(message, say("usage_model"))
        return
    try:
        m = db.set_active_model(int(arg))
    except ValueError:
        bot.reply_to(message, say("unknown_model"))
        return
    bot.reply_to(message, say("active_now", **m))


@bot.message_handler(commands=["ask"])
def ask(message):
    """/ask <question>: the active model's answer, with time and model."""
    question = argument(message)
    if not question:
        bot.reply_to(message, say("usage_ask"))
        return
    key = db.get_active_model()["key"]
    messages = [{"role": "system", "content": say("system_prompt")},
                {"role": "user", "content": question[:600]}]
    try:
        answer, ms = chat_once(messages, model=key, temperature=0.2, max_tokens=400)
    except OpenRouterError as error:
        bot.reply_to(message, say("error", error=error))
        return
    except Exception:
        bot.reply_to(message, say("unexpected"))
        return
    bot.reply_to(message, answer[:4000] + "\n\n" + say("answer_footer", ms=ms, key=key))


def main():
    """Check the settings, prepare the database, then poll Telegram until Ctrl+C."""
    if not TOKEN:
        sys.exit(say("no_token"))
    db.init_db()
    notes.init_notes()
    bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS[LANG]])
    print(say("running"))
    bot.infinity_polling()


if __name__ == "__main__":
    main()
