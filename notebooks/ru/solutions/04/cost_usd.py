def cost_usd(prompt_tokens: int, completion_tokens: int, pricing: dict) -> float:
    """Сколько стоил ответ в долларах США: по токенам и ценам модели за токен (строкам)."""
    return (prompt_tokens * float(pricing["prompt"])
            + completion_tokens * float(pricing["completion"]))
