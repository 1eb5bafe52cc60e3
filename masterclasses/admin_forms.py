"""The masterclass page's editing form in Wagtail's admin."""

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

SESSION_HAS_PEOPLE = (
    "The session on {start} has {count} people registered or on its waiting list. "
    "Cancel their places first (each is emailed), then remove the session."
)


class MasterclassPageForm(WagtailAdminPageForm):
    """Refuse to delete a session people hold places in: their registrations would vanish
    with it, silently, and nobody would be told."""

    def clean(self):
        cleaned_data = super().clean()
        sessions = self.formsets.get("sessions")
        if sessions is None or not sessions.is_valid():
            return cleaned_data
        for form in sessions.deleted_forms:
            session = form.instance
            if session.pk is None:
                continue
            count = session.registrations.active().count()
            if count:
                start = timezone.localtime(session.start)
                self.add_error(
                    None, SESSION_HAS_PEOPLE.format(start=f"{start:%-d %b %Y, %H:%M}", count=count)
                )
        return cleaned_data
