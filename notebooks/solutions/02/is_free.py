def is_free(model: dict) -> bool:
    """Whether a catalog entry costs nothing: its prompt and completion prices are both zero."""
    prices = model["pricing"]
    return float(prices["prompt"]) == 0 and float(prices["completion"]) == 0
