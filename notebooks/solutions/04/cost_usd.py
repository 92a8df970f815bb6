def cost_usd(prompt_tokens: int, completion_tokens: int, pricing: dict) -> float:
    """What an answer cost in USD, from its tokens and the model's per-token prices (strings)."""
    return (prompt_tokens * float(pricing["prompt"])
            + completion_tokens * float(pricing["completion"]))
