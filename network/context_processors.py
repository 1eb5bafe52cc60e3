from django.utils.functional import SimpleLazyObject


def member(request):
    """`current_member`: the signed-in person's Member, or None before onboarding."""

    def load():
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return getattr(user, "member", None)

    return {"current_member": SimpleLazyObject(load)}
