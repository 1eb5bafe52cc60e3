"""Everything in `network` that writes."""

import uuid
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import DomainError
from core.services import model_update
from network.models import Member, Organisation, Place, User
from network.slugs import unique_slug


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    place: Place,
    charity_number: str = "",
    website: str = "",
    annual_income: int | None = None,
) -> Organisation:
    """Create an organisation; model validation enforces the charity number's format."""
    organisation = Organisation(
        name=name,
        slug=unique_slug(Organisation, name, max_length=200, fallback="organisation"),
        kind=kind,
        place=place,
        charity_number=charity_number,
        website=website,
        annual_income=annual_income,
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def member_save(
    *,
    user: User,
    role: str,
    organisation: Organisation | None = None,
    new_organisation: dict | None = None,
    job_title: str = "",
    bio: str = "",
    listed_in_directory: bool = True,
    show_organisation: bool = True,
    show_email: bool = False,
) -> Member:
    """Onboard `user` as a member, or update the member they already are."""
    if organisation is None:
        if new_organisation is None:
            raise ValueError("An organisation, existing or new, is required.")
        organisation = organisation_create(**new_organisation)
    member = Member.objects.filter(user=user).first() or Member(
        user=user, organisation=organisation
    )
    model_update(
        member,
        role=role,
        organisation=organisation,
        job_title=job_title,
        bio=bio,
        listed_in_directory=listed_in_directory,
        show_organisation=show_organisation,
        show_email=show_email,
    )
    return member


# --- Avatars ------------------------------------------------------------------------------

AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_MAX_PIXELS = 40_000_000  # a 40-megapixel photo; anything bigger is refused unopened
AVATAR_SIZE = 256  # stored square, shown at most 96 CSS pixels wide
AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
AVATAR_NOT_AN_IMAGE = "That file is not a photo we can read. Choose a JPEG, PNG, WebP or GIF image."
AVATAR_TOO_BIG = "That photo is larger than 5 MB. Choose a smaller one, or resize it first."
AVATAR_TOO_MANY_PIXELS = "That photo is too large to process. Choose one under 40 megapixels."
AVATAR_EMPTY = "Choose a photo to upload."


class AvatarError(DomainError):
    code = "avatar_refused"
    field = "photo"


def _square_jpeg(upload: UploadedFile) -> bytes:
    """The upload as a fresh JPEG: turned upright, cropped square, shrunk to AVATAR_SIZE, and
    with no metadata (camera, place) carried over. Anything Pillow cannot read is refused."""
    if not upload or not upload.size:
        raise AvatarError(message=AVATAR_EMPTY)
    if upload.size > AVATAR_MAX_BYTES:
        raise AvatarError(message=AVATAR_TOO_BIG)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in AVATAR_FORMATS:
                raise AvatarError(message=AVATAR_NOT_AN_IMAGE)
            if image.width * image.height > AVATAR_MAX_PIXELS:
                raise AvatarError(message=AVATAR_TOO_MANY_PIXELS)
            image.load()
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                background = Image.new("RGB", image.size, (255, 255, 255))
                background.paste(image, mask=image.getchannel("A"))
                image = background
            image = ImageOps.fit(image.convert("RGB"), (AVATAR_SIZE, AVATAR_SIZE))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise AvatarError(message=AVATAR_NOT_AN_IMAGE) from error
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def _delete_after_commit(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def member_avatar_set(*, member: Member, upload: UploadedFile) -> Member:
    """Replace `member`'s photo with a re-encoded copy of `upload`. The old file goes once
    the change is committed; a refused upload changes nothing."""
    content = _square_jpeg(upload)
    old = member.avatar.name
    member.avatar.save(f"{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
    member.save(update_fields=["avatar", "updated_at"])
    _delete_after_commit(member.avatar.storage, old)
    return member


@transaction.atomic
def member_avatar_remove(*, member: Member) -> Member:
    """Back to initials."""
    old = member.avatar.name
    if old:
        member.avatar = ""
        member.save(update_fields=["avatar", "updated_at"])
        _delete_after_commit(member.avatar.storage, old)
    return member
