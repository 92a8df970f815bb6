SELECT = "SELECT id, key, label FROM models"


def get_active_model(conn) -> dict:
    """Активная модель; если её нет, активной станет модель с наименьшим id. Пусто: LookupError."""
    row = conn.execute(SELECT + " WHERE active = 1").fetchone()
    if row is None:
        row = conn.execute(SELECT + " ORDER BY id LIMIT 1").fetchone()
        if row is None:
            raise LookupError("Таблица models пуста: сначала добавьте модель.")
        conn.execute("UPDATE models SET active = 1 WHERE id = ?", (row[0],))
    model_id, key, label = row
    return {"id": model_id, "key": key, "label": label, "active": True}
