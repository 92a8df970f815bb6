"""Messages of the setup doctor and of `models check`."""

TEXTS: dict[str, dict[str, str]] = {}
