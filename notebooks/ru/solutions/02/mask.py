def mask(secret: str | None) -> str:
    """Секрет, который безопасно показать: начало и четыре последних символа, и ничего больше."""
    secret = (secret or "").strip()
    if not secret:  # None, пустая строка или одни пробелы: ключа нет вовсе
        return "(не задан)"
    if len(secret) < 16:  # слишком короткий, чтобы показать семь символов: это правило первое
        return "…" + secret[-2:] if len(secret) > 6 else "…"
    prefix = "sk-or-v1-" if secret.startswith("sk-or-v1-") else secret[:3]
    return prefix + "…" + secret[-4:]
