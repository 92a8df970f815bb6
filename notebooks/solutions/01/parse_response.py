def parse_response(raw: bytes) -> tuple[int, dict, bytes]:
    """A raw HTTP response as (status code, headers, body)."""
    head, _, body = raw.partition(b"\r\n\r\n")  # the first empty line ends the head
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")  # the first colon only: values may hold colons
        headers[name.strip()] = value.strip()  # the space after the colon is optional
    return int(status_line.split(" ")[1]), headers, body
