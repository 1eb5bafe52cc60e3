"""Download my data: the archive is built on the worker, holds each kind of record the member
has (and nobody else's words), and its emailed link works for them alone, for a week."""

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.core import signing
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from masterclasses.models import Registration
from network.models import Booking, Connection, MatchResponse
from notifications.models import Notification
from peer_support.models import Report
from privacy.models import AuditEntry, DataExport
from privacy.services import export as service
from tests.factories import (
    CircleMembershipFactory,
    MemberFactory,
    MessageFactory,
    RegistrationFactory,
    ThreadFactory,
    match_profile,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def build(member) -> DataExport:
    """Ask for the archive as the page does; the worker builds it once the request commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        asked = service.export_request(member=member)
    return DataExport.objects.get(pk=asked.pk)


def archive(export: DataExport) -> zipfile.ZipFile:
    return zipfile.ZipFile(service.export_path(export))


def part(export, name) -> list[dict]:
    return json.loads(archive(export).read(f"{name}.json"))


@pytest.fixture
def full_member():
    """A member with one of each kind of record, and neighbours with records of their own."""
    member = MemberFactory(bio="I run a food bank.")
    other = MemberFactory(provider=True)
    match_profile(member, outcomes=("loneliness-and-isolation",), places=("cornwall",))
    MatchResponse.objects.create(member=member, other=other, kind="interest")
    MatchResponse.objects.create(member=other, other=member, kind="decline")
    first, second = sorted([member, other], key=lambda m: m.pk)
    Connection.objects.create(first=first, second=second)
    start = (timezone.now() + dt.timedelta(days=4)).replace(microsecond=0)
    Booking.objects.create(
        provider=other,
        requester=member,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=45),
        blocked_until=start + dt.timedelta(minutes=60),
        purpose="Volunteer pathways",
        status=Booking.Status.CONFIRMED,
    )
    RegistrationFactory(member=member)
    membership = CircleMembershipFactory(member=member)
    thread = ThreadFactory(circle=membership.circle, title="Board trouble")
    MessageFactory(thread=thread, author=member, body="My chair resigned.")
    theirs = MessageFactory(thread=thread, body="Someone else's confidence")
    Report.objects.create(
        message=theirs, circle=thread.circle, reporter=member, reason="Names a client"
    )
    Notification.objects.create(member=member, text="You and Sam are connected")
    return member


def test_the_archive_holds_each_kind_of_record(full_member):
    export = build(full_member)
    assert export.status == DataExport.Status.READY
    names = set(archive(export).namelist())
    assert {"README.txt", "profile.json", "profile.csv", "bookings.ics"} <= names

    profile = part(export, "profile")[0]
    assert profile["email"] == full_member.user.email
    assert profile["about_you"] == "I run a food bank."
    assert part(export, "matching-profile")[0]["places_served"] == ["Cornwall"]
    assert [r["your_answer"] for r in part(export, "interests")] == ["Interested"]
    assert len(part(export, "connections")) == 1
    assert part(export, "bookings")[0]["purpose"] == "Volunteer pathways"
    calendar = Calendar.from_ical(archive(export).read("bookings.ics"))
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["summary"]).startswith("Volunteer")
    assert part(export, "masterclass-registrations")[0]["status"] == "Registered"
    assert "masterclass-registrations.ics" in names
    assert part(export, "circle-memberships")[0]["status"] == "Active"
    assert part(export, "circle-reports-made")[0]["your_reason"] == "Names a client"
    assert part(export, "notifications")[0]["text"] == "You and Sam are connected"

    rows = list(csv.DictReader(io.StringIO(archive(export).read("profile.csv").decode())))
    assert rows[0]["email"] == full_member.user.email


def test_messages_are_their_own_with_the_thread_title_and_no_one_elses_words(full_member):
    export = build(full_member)
    messages = part(export, "circle-messages")
    assert messages == [{**messages[0], "thread": "Board trouble", "message": "My chair resigned."}]
    every_file = b"".join(archive(export).read(n) for n in archive(export).namelist())
    assert b"Someone else's confidence" not in every_file


def test_the_organisation_record_only_when_they_are_its_only_member():
    alone = MemberFactory()
    shared = MemberFactory()
    MemberFactory(organisation=shared.organisation)
    mine, ours = build(alone), build(shared)
    assert part(mine, "organisation")[0]["name"] == alone.organisation.name
    assert part(ours, "organisation") == []


def test_the_link_is_emailed_and_works_for_them(client, member):
    export = build(member)
    note = Notification.objects.get(member=member)
    assert note.url.startswith("/account/data/download/")
    assert AuditEntry.objects.filter(action="data_exported", subject=member).exists()
    client.force_login(member.user)
    response = client.get(note.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).read("profile.json")
    assert export.file_name.startswith("exports/")


def test_the_link_does_not_work_for_anyone_else(client, member):
    build(member)
    url = Notification.objects.get(member=member).url
    client.force_login(MemberFactory().user)
    response = client.get(url, HTTP_REFERER="")
    assert response.status_code == 400
    assert "not valid or has expired" in response.content.decode()


def test_the_link_expires(client, member):
    export = build(member)
    url = Notification.objects.get(member=member).url
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    client.force_login(member.user)
    assert client.get(url).status_code == 400


def test_a_signature_older_than_a_week_is_refused(member, monkeypatch):
    export = DataExport.objects.create(member=member, status="ready")
    signed = service.export_link_token(export)
    later = signing.time.time() + service.EXPORT_LINK_LIFETIME.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(service.ExportError):
        service.export_for_download(member=member, signed=signed)


def test_the_expiry_job_deletes_the_file(member):
    export = build(member)
    path = service.export_path(export)
    assert path.is_file()
    assert service.exports_expire(now=export.expires_at + dt.timedelta(seconds=1)) == 1
    assert not path.exists()
    assert DataExport.objects.get(pk=export.pk).status == DataExport.Status.EXPIRED


def test_the_archive_is_not_under_media(member, settings):
    export = build(member)
    assert not str(service.export_path(export)).startswith(str(settings.MEDIA_ROOT))


def test_asking_twice_while_one_is_being_prepared_says_so(member_client, member):
    DataExport.objects.create(member=member)
    response = member_client.post(
        reverse("privacy:data_request"), HTTP_REFERER="http://testserver/account/data/"
    )
    assert response.status_code == 302
    page = member_client.get(reverse("privacy:data")).content.decode()
    assert "already preparing" in page


def test_registration_rows_follow_status(member):
    RegistrationFactory(member=member, status=Registration.Status.WAITLISTED)
    export = build(member)
    assert part(export, "masterclass-registrations")[0]["status"] == "On the waiting list"


def test_the_archive_holds_their_part_in_commissioning_and_no_one_elses_words(member):
    from commissioning.models import (
        Clarification,
        Comment,
        CommunityAsset,
        ConsortiumPartner,
        Declaration,
        Evaluator,
        FundingStream,
        Proposal,
    )
    from tests.factories import ChallengeFactory, ExpressionFactory, OutcomeFactory

    commissioned = ChallengeFactory(commissioner=member, title="Warm homes, Sutton")
    outcome = OutcomeFactory(title="Fewer people feel lonely")
    challenge = outcome.challenge
    mine = Comment.objects.create(challenge=challenge, author_member=member, body="Vans help.")
    Comment.objects.create(
        challenge=challenge, parent=mine, author_member=MemberFactory(), body="Not our vans"
    )
    Proposal.objects.create(challenge=challenge, author_member=member, title="Fewer falls")
    common = {"challenge": challenge, "outcome": outcome, "offered_by": member}
    CommunityAsset.objects.create(**common, kind="venue", name="Church hall")
    FundingStream.objects.create(**common, name="Lottery", amount=50_000, terms="Two years")
    led = ExpressionFactory(lead=member, organisation=member.organisation)
    invited = ExpressionFactory()
    ConsortiumPartner.objects.create(
        expression=invited, member=member, organisation=member.organisation
    )
    Clarification.objects.create(challenge=challenge, asked_by=member, question="TUPE?")
    Evaluator.objects.create(lot=invited.lot, member=member)
    Declaration.objects.create(
        lot=invited.lot,
        member=member,
        organisation=invited.organisation,
        kind=Declaration.Kind.INTEREST,
        description="My sister is its chair.",
    )

    export = build(member)
    assert part(export, "challenges-commissioned")[0]["challenge"] == commissioned.title
    assert [c["comment"] for c in part(export, "challenge-comments")] == ["Vans help."]
    assert part(export, "challenge-proposals")[0]["title"] == "Fewer falls"
    assert part(export, "challenge-assets-offered")[0]["name"] == "Church hall"
    assert part(export, "challenge-funding-offered")[0]["amount_gbp"] == 50_000
    assert part(export, "expressions-of-interest")[0]["lot"] == led.lot.title
    assert part(export, "consortium-invitations")[0]["status"] == "Invited"
    assert part(export, "clarification-questions")[0]["question"] == "TUPE?"
    assert part(export, "lots-evaluated")[0]["lot"] == invited.lot.title
    declared = part(export, "conflict-of-interest-declarations")[0]
    assert declared["description"] == "My sister is its chair."
    every_file = b"".join(archive(export).read(n) for n in archive(export).namelist())
    assert b"Not our vans" not in every_file
