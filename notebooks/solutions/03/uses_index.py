def uses_index(conn, sql: str, params: tuple = ()) -> bool:
    """Whether SQLite runs `sql` without reading a whole table: no line of its plan is a SCAN."""
    plan = conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return not any(row[-1].startswith("SCAN") for row in plan)
