"""Demo content for this area, loaded by `manage.py seed_demo`. Idempotent."""


def seed() -> list[str]:
    return []
