CLASSES = {1: "informational", 2: "success", 3: "redirection", 4: "client error",
           5: "server error"}


def status_class(code: int) -> str:
    """Класс кода статуса HTTP по первой цифре; "invalid" вне 100–599."""
    if not 100 <= code <= 599:
        return "invalid"
    return CLASSES[code // 100]
