"""A list of ids in one column, searchable for overlap: PostgreSQL's `integer[]` with a GIN
index, and a JSON list on SQLite, so one model and one migration serve both databases.

- `IdArrayField`: Django's `ArrayField` on PostgreSQL; a JSON list in a text column elsewhere.
- `IdArrayIndex`: Django's `GinIndex` on PostgreSQL; a plain index elsewhere (SQLite has no
  GIN, and the JSON search there reads `json_each` row by row).
- `field__overlap=[ids]`: any id in common. PostgreSQL's `&&`, which the GIN index answers;
  `EXISTS (… json_each …)` on SQLite.
- `SharedCount(field, ids)`: how many of `ids` a row's list holds, to rank rows by overlap.
"""

import json

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Func, Index, Lookup


def _on_postgres(connection) -> bool:
    return connection.vendor == "postgresql"


class IdArrayField(ArrayField):
    """Ids (sorted, distinct by convention of whoever writes them)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(models.IntegerField(), **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["base_field"], kwargs["size"]
        for key, default in (("default", list), ("blank", True), ("editable", False)):
            if kwargs.get(key, not default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def db_type(self, connection):
        return super().db_type(connection) if _on_postgres(connection) else "text"

    def cast_db_type(self, connection):
        return super().cast_db_type(connection) if _on_postgres(connection) else "text"

    def get_placeholder(self, value, compiler, connection):
        return (
            super().get_placeholder(value, compiler, connection)
            if _on_postgres(connection)
            else "%s"
        )

    def get_db_prep_value(self, value, connection, prepared=False):
        if _on_postgres(connection) or value is None:
            return super().get_db_prep_value(value, connection, prepared)
        return json.dumps([int(v) for v in value])

    def from_db_value(self, value, expression, connection):
        return json.loads(value) if isinstance(value, str) else value


class IdArrayIndex(GinIndex):
    def create_sql(self, model, schema_editor, using="", **kwargs):
        if _on_postgres(schema_editor.connection):
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        return Index.create_sql(self, model, schema_editor, using=using, **kwargs)


@IdArrayField.register_lookup
class Overlap(Lookup):
    lookup_name = "overlap"
    prepare_rhs = False

    def get_prep_lookup(self):
        return sorted({int(v) for v in self.rhs})

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} && %s::integer[]", (*params, self.rhs)

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        marks = ", ".join(["%s"] * len(self.rhs))
        return (
            f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value IN ({marks}))",
            (*params, *self.rhs),
        )


class SharedCount(Func):
    """How many of `ids` the row's list holds."""

    output_field = models.IntegerField()

    def __init__(self, field: str, ids, **extra):
        super().__init__(F(field), **extra)
        self.ids = sorted({int(v) for v in ids})

    def as_postgresql(self, compiler, connection, **extra):
        # A sum of `id = ANY(column)` tests: plain array scans, no subquery per row.
        if not self.ids:
            return "0", ()
        lhs, params = compiler.compile(self.source_expressions[0])
        terms = " + ".join([f"(%s = ANY({lhs}))::int"] * len(self.ids))
        return f"({terms})", tuple(p for id_ in self.ids for p in (id_, *params))

    def as_sql(self, compiler, connection, **extra):
        if not self.ids:
            return "0", ()
        lhs, params = compiler.compile(self.source_expressions[0])
        marks = ", ".join(["%s"] * len(self.ids))
        return (
            f"(SELECT count(*) FROM json_each({lhs}) WHERE json_each.value IN ({marks}))",
            (*params, *self.ids),
        )
