"""Every reply of the course bot, in English and Russian."""

TEXTS: dict[str, dict[str, str]] = {}
