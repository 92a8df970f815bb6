"""The course bot: one core that answers users' texts, and front ends that carry the messages.

- `core`: `BotCore.handle(user_id, text) -> list[Reply]`, the whole bot without Telegram;
- `commands` (reading a message), `notes_handlers`, `model_handlers`, `ask`: the commands;
- `split`: long replies cut into messages of at most 4096 characters;
- `console`: the bot in a terminal; `telegram`: the bot on Telegram (pyTelegramBotAPI),
  with `telegram_send` (replies, 429, "typing…"), `telegram_setup` and `telegram_stop`;
- `cli`: `python -m course_lib bot [--console]`.
"""
