"""A member adds a photo, or keeps their initials; a bad upload is a clear form error, never a
500, and never changes the photo they had."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from network.services import members as services
from tests.factories import MemberFactory, UserFactory, image_bytes

pytestmark = pytest.mark.django_db

URL = reverse("network:member_photo")


def upload(content: bytes, name: str = "me.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored(member) -> Image.Image:
    member.refresh_from_db()
    with member.avatar.open("rb") as file:
        image = Image.open(BytesIO(file.read()))
        image.load()
    return image


def test_a_member_uploads_a_photo_and_it_shows_in_the_directory(member, member_client):
    response = member_client.post(URL, {"photo": upload(image_bytes("PNG", (1200, 800)))})

    assert response.status_code == 302
    photo = stored(member)
    assert photo.format == "JPEG"
    assert photo.size == (services.AVATAR_SIZE, services.AVATAR_SIZE)
    directory = member_client.get(reverse("network:member_directory")).content.decode()
    assert f'<img src="{member.avatar.url}" alt=""' in directory


def test_without_a_photo_members_see_initials(member_client):
    MemberFactory(user=UserFactory(first_name="Aisha", last_name="Okafor"))
    directory = member_client.get(reverse("network:member_directory")).content.decode()
    assert '<span class="avatar" aria-hidden="true">AO</span>' in directory


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 not a photo at all", "cv.pdf", services.AVATAR_NOT_AN_IMAGE),
        (b"just some text", "photo.jpg", services.AVATAR_NOT_AN_IMAGE),
        (image_bytes("PNG")[:200], "cut-short.png", services.AVATAR_NOT_AN_IMAGE),
        (b"\0" * (services.AVATAR_MAX_BYTES + 1), "huge.jpg", services.AVATAR_TOO_BIG),
    ],
    ids=["pdf", "text-named-jpg", "truncated-png", "over-5-mb"],
)
def test_a_bad_upload_is_a_clear_form_error_and_keeps_the_old_photo(
    member, member_client, content, name, message
):
    services.member_avatar_set(member=member, upload=upload(image_bytes("JPEG"), "old.jpg"))
    before = member.avatar.name

    response = member_client.post(URL, {"photo": upload(content, name)})

    assert response.status_code == 400
    assert escape(message) in response.content.decode()
    member.refresh_from_db()
    assert member.avatar.name == before
    assert member.avatar.storage.exists(before)


def test_posting_no_file_asks_for_one(member_client):
    response = member_client.post(URL, {})
    assert response.status_code == 400
    assert "Choose a photo to upload." in response.content.decode()


def test_removing_the_photo_goes_back_to_initials_and_deletes_the_file(
    member, member_client, django_capture_on_commit_callbacks
):
    services.member_avatar_set(member=member, upload=upload(image_bytes()))
    name = member.avatar.name
    storage = member.avatar.storage

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(URL, {"remove": "1"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.avatar
    assert not storage.exists(name)
    page = member_client.get(member.get_absolute_url()).content.decode()
    assert f">{member.initials}</span>" in page


def test_photos_and_initials_show_in_circles_and_bookings(client):
    from network.models import Booking
    from tests.factories import CircleMembershipFactory, MessageFactory, ThreadFactory

    membership = CircleMembershipFactory()
    alice = membership.member
    services.member_avatar_set(member=alice, upload=upload(image_bytes()))
    thread = ThreadFactory(circle=membership.circle)
    MessageFactory(thread=thread, author=alice)
    client.force_login(alice.user)

    circle_page = client.get(
        reverse("peer_support:thread_detail", args=[thread.circle.slug, thread.pk])
    )

    html = circle_page.content.decode()
    assert (
        html.count(f'<img src="{alice.avatar.url}" alt=""') >= 2
    )  # the member list and her message
    assert f">{thread.circle.facilitator.initials}</span>" in html

    provider = MemberFactory(provider=True)
    starts_at = timezone.now() + timedelta(days=3)
    booking = Booking.objects.create(
        provider=provider,
        requester=alice,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=45),
        blocked_until=starts_at + timedelta(minutes=60),
        purpose="Talk about the alliance",
    )
    detail = client.get(booking.get_absolute_url()).content.decode()
    assert f'<img src="{alice.avatar.url}" alt=""' in detail
    assert f">{provider.initials}</span>" in detail
