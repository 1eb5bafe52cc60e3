from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("network", "0006_notification_moves_to_notifications"),
    ]

    operations = [migrations.AlterModelTable(name="notification", table=None)]
