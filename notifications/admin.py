"""Emails waiting to be sent or failed for good, with the mail server's last answer.

Failed tasks of every kind, emails included, are under Background tasks → Failed tasks.
"""

from django.contrib import admin, messages
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.outbox import email_enqueue


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    fields = [
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "text",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Send again now (the mail server is working again)")
    def send_again(self, request, queryset) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        queryset.update(
            status=OutgoingEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        for pk in ids:
            email_enqueue(email_id=pk)
        messages.success(request, f"{len(ids)} email(s) queued to be sent again.")
