def build_request(method: str, path: str, host: str, headers: dict | None = None,
                  body: bytes = b"") -> bytes:
    """The bytes of an HTTP/1.1 request: request line, Host, headers, Content-Length, body."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")  # len of the bytes, not of the text
    head = "".join(line + "\r\n" for line in lines) + "\r\n"  # an empty line ends the head
    return head.encode("ascii") + body
