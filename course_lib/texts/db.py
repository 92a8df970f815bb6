"""Friendly messages of the models database (`course_lib.db`)."""

TEXTS: dict[str, dict[str, str]] = {}
