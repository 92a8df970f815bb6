def mask(secret: str | None) -> str:
    """A secret shown safely: its prefix and its last four characters, never the rest."""
    secret = (secret or "").strip()
    if not secret:  # None, empty, or only spaces: no key at all
        return "(not set)"
    if len(secret) < 16:  # too short to show seven characters of it: this rule comes first
        return "…" + secret[-2:] if len(secret) > 6 else "…"
    prefix = "sk-or-v1-" if secret.startswith("sk-or-v1-") else secret[:3]
    return prefix + "…" + secret[-4:]
