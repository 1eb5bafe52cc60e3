"""A stable calendar identity for each circle's next meeting.

The UID column is added nullable, filled with a UUID per row (a default given to AddField is
evaluated once, which would give every existing circle the same UID), then made required.
"""

import uuid

from django.db import migrations, models


def give_each_circle_a_uid(apps, schema_editor):
    Circle = apps.get_model("peer_support", "Circle")
    for circle in Circle.objects.filter(next_meeting_uid__isnull=True).only("pk"):
        circle.next_meeting_uid = uuid.uuid4()
        circle.save(update_fields=["next_meeting_uid"])


class Migration(migrations.Migration):
    dependencies = [
        ("peer_support", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="circle",
            name="next_meeting_sequence",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="circle",
            name="next_meeting_uid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_circle_a_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="circle",
            name="next_meeting_uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
    ]
