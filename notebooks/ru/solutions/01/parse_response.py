def parse_response(raw: bytes) -> tuple[int, dict, bytes]:
    """Сырой HTTP-ответ в виде (код статуса, заголовки, тело)."""
    head, _, body = raw.partition(b"\r\n\r\n")  # первая пустая строка завершает заголовки
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")  # только по первому двоеточию: оно бывает в значении
        headers[name.strip()] = value.strip()  # пробел после двоеточия необязателен
    return int(status_line.split(" ")[1]), headers, body
