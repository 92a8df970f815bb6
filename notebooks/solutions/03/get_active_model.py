SELECT = "SELECT id, key, label FROM models"


def get_active_model(conn) -> dict:
    """The active model; if none is active, the lowest id becomes active. Empty: LookupError."""
    row = conn.execute(SELECT + " WHERE active = 1").fetchone()
    if row is None:
        row = conn.execute(SELECT + " ORDER BY id LIMIT 1").fetchone()
        if row is None:
            raise LookupError("The models table is empty: add a model first.")
        conn.execute("UPDATE models SET active = 1 WHERE id = ?", (row[0],))
    model_id, key, label = row
    return {"id": model_id, "key": key, "label": label, "active": True}
