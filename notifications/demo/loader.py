"""Mark the demo's older notifications read, so each account's centre shows both read and
unread ones. Runs after every app that tells people things; running it again changes nothing."""

from core.demo import Demo, read_data
from notifications.models import Notification
from notifications.services import notification_mark_read


def load(demo: Demo) -> None:
    kept = read_data("notifications")["unread_kept"]
    marked = 0
    member_ids = Notification.objects.values_list("member_id", flat=True).distinct()
    for member_id in member_ids.order_by("member_id"):
        notes = list(Notification.objects.filter(member_id=member_id).select_related("member"))
        # Newest first; someone told only a little keeps one unread and has one read.
        keep = min(kept, max(len(notes) - 1, 1))
        for note in notes[keep:]:
            if note.read_at is None:
                marked += notification_mark_read(member=note.member, notification_id=note.pk)
    demo.log.append(f"Notifications: {marked} marked read")
