"""Emails to members about their registrations; sent after the transaction commits."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from masterclasses import ics
from masterclasses.models import Registration

SUBJECTS = {
    "confirmed": "You're registered: {title}",
    "promoted": "A place has opened up for you: {title}",
    "waitlisted": "You're on the waiting list: {title}",
    "cancelled": "Your place is cancelled: {title}",
    "updated": "Updated time or place: {title}",
}


def send_registration_email(*, registration_id: int, kind: str, status: str, sequence: int) -> None:
    """Send one of SUBJECTS' emails, with an .ics invitation for places and cancellations.

    `status` and `sequence` are the registration's at the time of the change, so a later
    change cannot alter what this email says.
    """
    registration = Registration.objects.select_related("session__page", "member__user").get(
        pk=registration_id
    )
    registration.status, registration.sequence = status, sequence
    session = registration.session
    context = {
        "registration": registration,
        "session": session,
        "page": session.page,
        "member": registration.member,
        "kind": kind,
        "page_url": settings.SITE_URL + (session.page.url or "/"),
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
        + SUBJECTS[kind].format(title=session.page.title),
        body=render_to_string("masterclasses/email/registration.txt", context),
        to=[registration.member.user.email],
    )
    if kind != "waitlisted":
        method = "CANCEL" if kind == "cancelled" else "REQUEST"
        message.attach(
            "invite.ics",
            ics.registration_invitation(registration),
            f"text/calendar; charset=utf-8; method={method}",
        )
    message.send()
