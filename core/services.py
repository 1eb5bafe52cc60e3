"""Writes every app's services share."""

from typing import Any, TypeVar

from django.db import models

ModelT = TypeVar("ModelT", bound=models.Model)


def model_update(
    instance: ModelT, *, exclude_clean: tuple[str, ...] = (), **changes: Any
) -> list[str]:
    """Set the fields in `changes` that differ, validate, and save only those.

    Returns the names that changed (empty when nothing did, and then nothing is written).
    Fields with `auto_now` are saved along with them. A new instance is saved whole.
    """
    changed = [name for name, value in changes.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, changes[name])
    if instance._state.adding:
        instance.full_clean(exclude=list(exclude_clean) or None)
        instance.save()
        return changed
    if not changed:
        return changed
    instance.full_clean(exclude=list(exclude_clean) or None)
    auto_now = [
        field.name
        for field in instance._meta.concrete_fields
        if getattr(field, "auto_now", False) and field.name not in changed
    ]
    instance.save(update_fields=[*changed, *auto_now])
    return changed
