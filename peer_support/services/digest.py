"""The daily digest of unread messages (`manage.py send_circle_digest`)."""

from django.db import transaction
from django.urls import reverse

from network.models import Member
from notifications.services import notify
from peer_support.models import CircleMembership
from peer_support.selectors import digest_for


def digest_send() -> int:
    """Email each member a summary of unread messages not yet in an earlier digest.

    Safe to run more than once a day: a message is summarised at most once. Each member's
    digest is recorded in its own transaction and mailed only once that has committed.
    """
    sent = 0
    members = Member.objects.filter(
        circle_memberships__status=CircleMembership.Status.ACTIVE,
        circle_memberships__agreement_accepted_at__isnull=False,
        circle_memberships__circle__closed_at__isnull=True,
        user__is_active=True,
    ).distinct()
    for member in members.select_related("user"):
        with transaction.atomic():
            sections = digest_for(member=member)
            if not sections:
                continue
            for section in sections:
                CircleMembership.objects.filter(pk=section["membership"].pk).update(
                    digest_sent_up_to=section["up_to"]
                )
            notify(
                to=member,
                template="peer_support/email/digest",
                subject="Unread messages in your circles",
                context={"member": member, "sections": sections},
                url=reverse("peer_support:circle_list"),
            )
            sent += 1
    return sent
