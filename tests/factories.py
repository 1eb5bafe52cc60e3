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


# --- Peer-support circles (peer_support) ------------------------------------------------------

from django.utils import timezone  # noqa: E402

from peer_support.models import Circle, CircleMembership, Message, Thread  # noqa: E402


class CircleFactory(factory.django.DjangoModelFactory):
    """A circle with its facilitator already a member who has accepted the agreement."""

    class Meta:
        model = Circle
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Leaders' circle {n}")
    slug = factory.Sequence(lambda n: f"leaders-circle-{n}")
    purpose = "A confidential space for chief executives to think aloud with peers."
    theme = "Leadership under pressure"
    place = factory.LazyFunction(lambda: place("north-west"))
    facilitator = factory.SubFactory(MemberFactory)

    @factory.post_generation
    def facilitator_membership(self, create, extracted, **kwargs):
        if create:
            CircleMembership.objects.create(
                circle=self,
                member=self.facilitator,
                role=CircleMembership.Role.FACILITATOR,
                agreement_accepted_at=timezone.now(),
            )


class CircleMembershipFactory(factory.django.DjangoModelFactory):
    """An active member who has accepted the agreement (`agreement_accepted_at=None` if not)."""

    class Meta:
        model = CircleMembership

    circle = factory.SubFactory(CircleFactory)
    member = factory.SubFactory(MemberFactory)
    agreement_accepted_at = factory.LazyFunction(timezone.now)


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    circle = factory.SubFactory(CircleFactory)
    title = factory.Sequence(lambda n: f"Thread {n}")
    started_by = factory.LazyAttribute(lambda o: o.circle.facilitator)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    thread = factory.SubFactory(ThreadFactory)
    circle = factory.LazyAttribute(lambda o: o.thread.circle)
    author = factory.LazyAttribute(lambda o: o.thread.circle.facilitator)
    body = factory.Sequence(lambda n: f"Message number {n}")
