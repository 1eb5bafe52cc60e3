"""Everything in `network` that writes."""

from django.db import transaction

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
