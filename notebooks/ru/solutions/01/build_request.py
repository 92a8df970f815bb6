def build_request(method: str, path: str, host: str, headers: dict | None = None,
                  body: bytes = b"") -> bytes:
    """Байты запроса HTTP/1.1: строка запроса, Host, заголовки, Content-Length, тело."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")  # длина байтов, а не текста
    head = "".join(line + "\r\n" for line in lines) + "\r\n"  # пустая строка завершает заголовки
    return head.encode("ascii") + body
