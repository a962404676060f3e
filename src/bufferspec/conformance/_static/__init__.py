"""Static checks: the target's classes against the protocols, under mypy, pyright and pyrefly."""
