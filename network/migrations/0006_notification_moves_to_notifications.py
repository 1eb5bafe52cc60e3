"""Notification now belongs to the `notifications` app, which took over its table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0005_booking_no_overlap_postgres"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        )
    ]
