def duplicates(text: str) -> dict[str, list[int]]:
    """The names a .env text sets on more than one line, each with its line numbers."""
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name = line.split("=", 1)[0].strip()
        if name.startswith("export "):
            name = name[len("export "):].strip()
        lines.setdefault(name, []).append(number)
    return {name: numbers for name, numbers in lines.items() if len(numbers) > 1}
