"""Reference code of the course: an LLM-powered Telegram bot on OpenRouter and SQLite."""

__version__ = "0.1.0"
