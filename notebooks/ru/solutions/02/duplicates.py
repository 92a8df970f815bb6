def duplicates(text: str) -> dict[str, list[int]]:
    """Имена, заданные в тексте .env больше чем в одной строке, с номерами этих строк."""
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
