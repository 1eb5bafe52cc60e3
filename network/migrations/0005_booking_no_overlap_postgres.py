"""No two active bookings of one provider may share time: enforced by PostgreSQL itself.

An exclusion constraint over tstzrange(starts_at, blocked_until) needs btree_gist for the
equality on provider_id. SQLite has no such constraint; there every writer holds the
database lock for its whole transaction (BEGIN IMMEDIATE), so the service's
check-then-insert is already serialised.
"""

from django.db import migrations

CONSTRAINT = "booking_no_overlap"

CREATE = f"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE network_booking ADD CONSTRAINT {CONSTRAINT}
    EXCLUDE USING gist (
        provider_id WITH =,
        tstzrange(starts_at, blocked_until, '[)') WITH &&
    ) WHERE (status IN ('requested', 'confirmed'));
"""

DROP = f"ALTER TABLE network_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT};"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("network", "0004_outcome_areas_and_assets")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
