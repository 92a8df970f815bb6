def is_free(model: dict) -> bool:
    """Бесплатна ли запись каталога: цена промпта и цена ответа обе равны нулю."""
    prices = model["pricing"]
    return float(prices["prompt"]) == 0 and float(prices["completion"]) == 0
