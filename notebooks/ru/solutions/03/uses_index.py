def uses_index(conn, sql: str, params: tuple = ()) -> bool:
    """Выполняет ли SQLite `sql`, не читая таблицу целиком: ни одна строка плана не SCAN."""
    plan = conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return not any(row[-1].startswith("SCAN") for row in plan)
