from django.db import models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], text: str, *, max_length: int, fallback: str) -> str:
    """A slug for `text` that no row of `model` has yet: 'name', then 'name-2', 'name-3'..."""
    base = slugify(text)[:max_length] or fallback
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
