def list_models(conn) -> list[dict]:
    """Все модели таблицы по порядку id, `active` — True или False."""
    rows = conn.execute("SELECT id, key, label, active FROM models ORDER BY id").fetchall()
    return [{"id": model_id, "key": key, "label": label, "active": bool(active)}
            for model_id, key, label, active in rows]
