def format_models(rows: list[dict]) -> str:
    """The /models text: a title, one line per model (the active one starred), the hint."""
    lines = ["Models (★ = active):"]  # first: Telegram trims the blanks a message starts with
    for model in rows:
        mark = "★" if model["active"] else " "
        lines.append(f"{mark} {model['id']}. {model['label']} [{model['key']}]")
    lines.append("activate: /model <ID>")
    return "\n".join(lines)
