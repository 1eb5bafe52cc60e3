"""A photo is re-encoded before it is kept: square, small, and without its metadata."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from network.services import members as services
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db


def _jpeg_with_location() -> bytes:
    image = Image.new("RGB", (640, 480), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # Make
    exif[0x8825] = {1: "N", 2: (53.0, 24.0, 0.0)}  # GPSInfo: where the photo was taken
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_a_photo_is_kept_as_a_square_jpeg_without_its_location(member):
    services.member_avatar_set(
        member=member, upload=SimpleUploadedFile("me.jpg", _jpeg_with_location())
    )

    with member.avatar.open("rb") as file:
        kept = Image.open(BytesIO(file.read()))
    assert kept.format == "JPEG"
    assert kept.size == (services.AVATAR_SIZE, services.AVATAR_SIZE)
    assert dict(kept.getexif()) == {}


def test_a_transparent_png_gets_a_white_background(member):
    buffer = BytesIO()
    Image.new("RGBA", (300, 300), (0, 0, 0, 0)).save(buffer, "PNG")
    services.member_avatar_set(
        member=member, upload=SimpleUploadedFile("me.png", buffer.getvalue())
    )
    with member.avatar.open("rb") as file:
        kept = Image.open(BytesIO(file.read())).convert("RGB")
    assert kept.getpixel((10, 10)) == (255, 255, 255)


def test_a_photo_with_too_many_pixels_is_refused_before_it_is_decoded(member, monkeypatch):
    monkeypatch.setattr(services, "AVATAR_MAX_PIXELS", 100 * 100)
    with pytest.raises(services.AvatarError) as refused:
        services.member_avatar_set(
            member=member, upload=SimpleUploadedFile("big.png", image_bytes("PNG", (101, 100)))
        )
    assert refused.value.message == services.AVATAR_TOO_MANY_PIXELS
    member.refresh_from_db()
    assert not member.avatar


def test_replacing_a_photo_deletes_the_old_file_once_committed(
    member, django_capture_on_commit_callbacks
):
    services.member_avatar_set(member=member, upload=SimpleUploadedFile("a.png", image_bytes()))
    old = member.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        services.member_avatar_set(member=member, upload=SimpleUploadedFile("b.png", image_bytes()))
    assert member.avatar.name != old
    assert not member.avatar.storage.exists(old)
