# ruff: noqa: F821  (models_reply, model_reply и ask_reply — ваши, из упражнений 1–3)
import sqlite3

import telebot


def register(bot: telebot.TeleBot, db_path) -> None:
    """Зарегистрировать обработчики /models, /model и /ask; каждый открывает своё соединение."""

    def answer(message, reply_of) -> None:
        """Ответить на `message` через reply_of(conn) на соединении этого потока и закрыть его."""
        conn = sqlite3.connect(db_path, isolation_level=None)
        try:
            reply = reply_of(conn)
        finally:
            conn.close()
        bot.send_message(message.chat.id, reply)

    @bot.message_handler(commands=["models"])
    def models(message) -> None:
        answer(message, models_reply)

    @bot.message_handler(commands=["model"])
    def model(message) -> None:
        arg = telebot.util.extract_arguments(message.text)
        answer(message, lambda conn: model_reply(arg, conn))

    @bot.message_handler(commands=["ask"])
    def ask(message) -> None:
        question = telebot.util.extract_arguments(message.text)
        answer(message, lambda conn: ask_reply(question, conn))
