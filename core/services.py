"""Writes every app's services share."""

from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models

ModelT = TypeVar("ModelT", bound=models.Model)


def model_update(
    instance: ModelT, *, exclude_clean: tuple[str, ...] = (), **changes: Any
) -> list[str]:
    """Set the fields in `changes` that differ from what is stored, validate, and save only
    those.

    Returns the names that changed (empty when nothing did, and then nothing is written).
    Fields with `auto_now` are saved along with them. A new instance is saved whole.

    A value the instance already holds is checked against the stored row (one query, only
    when there is such a value): a ModelForm's validation writes the new values into its
    instance, so comparing with the instance alone would see no change and save nothing.
    """
    differs = {name for name, value in changes.items() if getattr(instance, name) != value}
    if not instance._state.adding:
        differs |= _differ_from_stored(instance, [n for n in changes if n not in differs], changes)
    changed = [name for name in changes if name in differs]
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


def _differ_from_stored(instance: models.Model, names: list[str], changes: dict) -> set[str]:
    """Of `names` (fields whose new value the instance already holds), those whose stored
    value is different."""
    columns = {}
    for name in names:
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if getattr(field, "concrete", False) and not field.many_to_many:
            columns[name] = field.attname
    if not columns:
        return set()
    stored = type(instance)._base_manager.filter(pk=instance.pk).values(*columns.values()).first()
    if stored is None:
        return set(columns)
    found = set()
    for name, attname in columns.items():
        value = changes[name]
        if attname != name and isinstance(value, models.Model):
            value = value.pk
        if stored[attname] != value:
            found.add(name)
    return found
