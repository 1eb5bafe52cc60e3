from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from masterclasses import services
from masterclasses.models import Registration
from tests.factories import MemberFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

REGISTERED = Registration.Status.REGISTERED
WAITLISTED = Registration.Status.WAITLISTED
CANCELLED = Registration.Status.CANCELLED


def _invite(message) -> Calendar:
    (part,) = message.attachments
    assert part.get_filename() == "invite.ics"
    assert part.get_content_type() == "text/calendar"
    return Calendar.from_ical(part.get_payload(decode=True))


def test_a_member_gets_a_place_and_a_calendar_invitation(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.registration_create(member=member, session=session)

    registration = outcome.registration
    assert outcome.outcome == services.Outcome.REGISTERED
    assert registration.status == REGISTERED
    (message,) = mailoutbox
    assert message.to == [member.user.email]
    assert "You're registered" in message.subject
    calendar = _invite(message)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == registration.calendar_uid
    assert event.decoded("DTSTART") == session.start


def test_the_member_after_the_last_place_joins_the_waiting_list(
    mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    first, second = MemberFactory(), MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(member=first, session=session)
        waiting = services.registration_create(member=second, session=session)

    assert waiting.outcome == services.Outcome.WAITLISTED
    assert waiting.registration.status == WAITLISTED
    assert "waiting list" in mailoutbox[1].subject
    assert mailoutbox[1].attachments == []


def test_registering_twice_is_harmless(member, mailoutbox, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.registration_create(member=member, session=session)
        again = services.registration_create(member=member, session=session)

    assert again.outcome == services.Outcome.ALREADY_ON_LIST
    assert again.registration.pk == first.registration.pk
    assert Registration.objects.filter(session=session).count() == 1
    assert len(mailoutbox) == 1


def test_a_session_that_has_started_refuses_registration(member):
    session = SessionFactory(past=True)
    with pytest.raises(services.RegistrationError) as error:
        services.registration_create(member=member, session=session)
    assert error.value.message == services.SESSION_HAS_STARTED
    assert not Registration.objects.exists()


def test_a_draft_masterclass_refuses_registration(member):
    session = SessionFactory()
    session.page.unpublish()
    with pytest.raises(services.RegistrationError) as error:
        services.registration_create(member=member, session=session)
    assert error.value.message == services.NOT_OPEN


def test_cancelling_a_place_promotes_the_first_waiting_member_and_tells_them(
    mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    leaving = RegistrationFactory(session=session)
    first_waiting = RegistrationFactory(
        session=session, status=WAITLISTED, queued_at=timezone.now() - timedelta(hours=2)
    )
    second_waiting = RegistrationFactory(
        session=session, status=WAITLISTED, queued_at=timezone.now() - timedelta(hours=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(member=leaving.member, session=session)

    leaving.refresh_from_db()
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert leaving.status == CANCELLED
    assert first_waiting.status == REGISTERED
    assert second_waiting.status == WAITLISTED

    cancellation, promotion = mailoutbox
    assert cancellation.to == [leaving.member.user.email]
    cancel_calendar = _invite(cancellation)
    assert cancel_calendar["METHOD"] == "CANCEL"
    (event,) = cancel_calendar.walk("VEVENT")
    assert event["UID"] == leaving.calendar_uid
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1

    assert promotion.to == [first_waiting.member.user.email]
    assert "A place has opened up" in promotion.subject
    assert _invite(promotion)["METHOD"] == "REQUEST"


def test_leaving_the_waiting_list_promotes_nobody(mailoutbox, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, status=WAITLISTED)
    behind = RegistrationFactory(session=session, status=WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(member=waiting.member, session=session)

    behind.refresh_from_db()
    assert behind.status == WAITLISTED
    assert mailoutbox == []


def test_cancelling_without_a_registration_is_refused(member):
    with pytest.raises(services.RegistrationError) as error:
        services.registration_cancel(member=member, session=SessionFactory())
    assert error.value.message == services.NOT_REGISTERED


def test_registering_again_after_cancelling_reuses_the_row_and_bumps_the_sequence(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.registration_create(member=member, session=session)
        services.registration_cancel(member=member, session=session)
        again = services.registration_create(member=member, session=session)

    assert again.registration.pk == first.registration.pk
    assert again.outcome == services.Outcome.REGISTERED
    sequences = [_invite(m).walk("VEVENT")[0]["SEQUENCE"] for m in mailoutbox]
    assert sequences == [0, 1, 2]


def test_publishing_a_new_time_sends_registered_members_an_update_with_a_higher_sequence(
    mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    registration = RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, status=WAITLISTED)
    page = session.page

    # As the page editor does: the edited sessions go into the page's in-memory cluster.
    (draft_session,) = page.sessions.all()
    draft_session.start += timedelta(days=1)
    draft_session.end += timedelta(days=1)
    draft_session.capacity = 2
    page.sessions = [draft_session]
    draft = page
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    session.refresh_from_db()
    waiting.refresh_from_db()
    assert session.sequence == 1
    assert waiting.status == REGISTERED
    update = next(m for m in mailoutbox if "Updated time" in m.subject)
    assert update.to == [registration.member.user.email]
    (event,) = _invite(update).walk("VEVENT")
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == session.start
    assert any("A place has opened up" in m.subject for m in mailoutbox)

    # Publishing again without changing the schedule sends nothing new.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.refresh_from_db()
        page.save_revision().publish()
    assert mailoutbox == []


def test_cancelling_says_whether_a_place_or_a_waiting_list_entry_went():
    session = SessionFactory(capacity=1)
    holder = RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, status=WAITLISTED)

    left = services.registration_cancel(member=waiting.member, session=session)
    assert left.outcome == services.Outcome.LEFT_WAITLIST
    assert left.message == services.LEFT_WAITLIST

    cancelled = services.registration_cancel(member=holder.member, session=session)
    assert cancelled.outcome == services.Outcome.CANCELLED_PLACE
    assert cancelled.message == services.CANCELLED


def test_an_invitation_is_one_calendar_part_in_london_time_with_one_charset(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(online=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(member=member, session=session)
    (message,) = mailoutbox
    (part,) = message.attachments
    assert part["Content-Type"].count("charset") == 1
    assert part.get_param("method") == "REQUEST"
    text = part.get_payload(decode=True).decode()
    assert "DTSTART;TZID=Europe/London:" in text
    assert "meet.example.org" in text  # a member's own invitation carries the joining link
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert session.page.title in html
