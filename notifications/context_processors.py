from django.utils.functional import SimpleLazyObject

from notifications.events import unread_count


def unread_notifications(request):
    """`unread_notifications`: the header badge's number for a member (0 otherwise)."""

    def count():
        user = getattr(request, "user", None)
        member = getattr(user, "member", None) if user and user.is_authenticated else None
        return unread_count(member.pk) if member is not None else 0

    return {"unread_notifications": SimpleLazyObject(count)}
