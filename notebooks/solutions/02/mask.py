def mask(secret: str | None) -> str:
    """A secret shown safely: its prefix and its last four characters, never the rest."""
    if not secret:
        return "(not set)"
    secret = secret.strip()
    if len(secret) < 16:  # too short to show seven characters of it
        return "…" + secret[-2:] if len(secret) > 6 else "…"
    prefix = "sk-or-v1-" if secret.startswith("sk-or-v1-") else secret[:3]
    return prefix + "…" + secret[-4:]
