"""factory-boy factories for every area, in one place."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from network.models import Member, Organisation, Place, User

PASSWORD = "a-Long-test-passphrase-91"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Accounts are verified unless a test asks otherwise (`verified=False`)."""
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


def place(slug: str = "wirral") -> Place:
    """Places are reference data created by migration; tests use the real ones."""
    return Place.objects.get(slug=slug)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Community Trust {n}")
    slug = factory.Sequence(lambda n: f"community-trust-{n}")
    kind = Organisation.Kind.CHARITY
    place = factory.LazyFunction(place)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory)
    role = Member.Role.CHIEF_EXECUTIVE
    organisation = factory.SubFactory(OrganisationFactory)
    job_title = "Chief Executive"

    class Params:
        commissioner = factory.Trait(
            role=Member.Role.COMMISSIONER,
            job_title="Commissioning Manager",
            organisation=factory.SubFactory(
                OrganisationFactory, kind=Organisation.Kind.LOCAL_AUTHORITY
            ),
        )
        provider = factory.Trait(
            role=Member.Role.PROVIDER,
            job_title="Director",
            organisation=factory.SubFactory(
                OrganisationFactory, kind=Organisation.Kind.SOCIAL_ENTERPRISE
            ),
        )
        editor = factory.Trait(role=Member.Role.EDITOR, job_title="Editor")


# --- Matching and booking (issue 5) -----------------------------------------------------------

import datetime as _dt  # noqa: E402

from django.utils import timezone as _timezone  # noqa: E402

from network.models import (  # noqa: E402
    Asset,
    Availability,
    AvailabilityWindow,
    MatchProfile,
    Opportunity,
    OutcomeArea,
)


def outcome(slug: str = "loneliness-and-isolation") -> OutcomeArea:
    """Outcome areas and assets are reference data created by migration."""
    return OutcomeArea.objects.get(slug=slug)


def asset(slug: str = "volunteers") -> Asset:
    return Asset.objects.get(slug=slug)


def match_profile(
    member: Member,
    *,
    outcomes=("loneliness-and-isolation",),
    places=("cornwall",),
    offers=(),
    seeks=(),
    size_band="small",
    cap=5,
    opted_out=False,
) -> MatchProfile:
    profile, _ = MatchProfile.objects.update_or_create(
        member=member,
        defaults={"size_band": size_band, "monthly_connection_cap": cap, "opted_out": opted_out},
    )
    profile.outcome_areas.set(OutcomeArea.objects.filter(slug__in=outcomes))
    profile.places.set(Place.objects.filter(slug__in=places))
    profile.assets_offered.set(Asset.objects.filter(slug__in=offers))
    profile.assets_sought.set(Asset.objects.filter(slug__in=seeks))
    return profile


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    commissioner = factory.SubFactory(MemberFactory, commissioner=True)
    title = factory.Sequence(lambda n: f"Reducing loneliness, lot {n}")
    summary = "We want to reach people who are isolated in rural communities."
    outcome_area = factory.LazyFunction(outcome)
    place = factory.LazyFunction(lambda: place("cornwall"))
    value_band = Opportunity.ValueBand.FROM_50K
    closes_on = factory.LazyFunction(lambda: _timezone.localdate() + _dt.timedelta(days=30))
    starts_on = factory.LazyFunction(lambda: _timezone.localdate() + _dt.timedelta(days=90))


def availability(
    member: Member,
    *,
    weekdays=(0, 1, 2, 3, 4),
    start=_dt.time(9, 0),
    end=_dt.time(17, 0),
    dates=(),
    **rules,
) -> Availability:
    """Bookable availability: weekday windows (and one-off dates) with the given rules."""
    rules.setdefault("notice_hours", 24)
    rules.setdefault("cancellation_notice_hours", 24)
    rules.setdefault("session_minutes", 45)
    rules.setdefault("buffer_minutes", 15)
    avail, _ = Availability.objects.update_or_create(member=member, defaults=rules)
    avail.windows.all().delete()
    for weekday in weekdays:
        AvailabilityWindow.objects.create(
            availability=avail, weekday=weekday, start_time=start, end_time=end
        )
    for day in dates:
        AvailabilityWindow.objects.create(
            availability=avail, date=day, start_time=start, end_time=end
        )
    return avail
