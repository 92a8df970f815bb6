CLASSES = {1: "informational", 2: "success", 3: "redirection", 4: "client error",
           5: "server error"}


def status_class(code: int) -> str:
    """The class of an HTTP status code, from its first digit; "invalid" outside 100-599."""
    if not 100 <= code <= 599:
        return "invalid"
    return CLASSES[code // 100]
