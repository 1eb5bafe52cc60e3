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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Take the circle's next change id, as the services do."""
        from peer_support.services.rules import next_change_id

        kwargs.setdefault("change_id", next_change_id(kwargs["circle"]))
        return super()._create(model_class, *args, **kwargs)


# --- Masterclasses and guidance ----------------------------------------------------------

from datetime import timedelta  # noqa: E402

from django.utils import timezone  # noqa: E402

from masterclasses.models import (  # noqa: E402
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    MasterclassIndexPage,
    MasterclassPage,
    ProgrammePage,
    Registration,
    Session,
    Speaker,
    Topic,
)


def _index(model, slug: str, title: str):
    """The one index page of each kind under the home page made by migration."""
    home = HomePage.objects.get()
    page = model.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = model(title=title, slug=slug)
        home.add_child(instance=page)
    return page


def masterclass_index() -> MasterclassIndexPage:
    return _index(MasterclassIndexPage, "masterclasses", "Masterclasses")


def guidance_index() -> GuidanceIndexPage:
    return _index(GuidanceIndexPage, "guidance", "Guidance")


def topic(slug: str = "collaborative-commissioning") -> Topic:
    """Topics are a shared taxonomy created by migration; tests use the real ones."""
    return Topic.objects.get(slug=slug)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Faker("name", locale="en_GB")
    role = "Chief Executive"
    organisation = factory.Sequence(lambda n: f"Community Trust {n}")


class _PageFactory(factory.django.DjangoModelFactory):
    """Pages are added under their parent (the index unless `parent=` is given), live."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    first_published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        many = {name: kwargs.pop(name) for name in ("topics", "speakers") if name in kwargs}
        page = model_class(*args, **kwargs)
        for name, values in many.items():
            setattr(page, name, values)
        (parent or cls._default_parent()).add_child(instance=page)
        return page


class MasterclassPageFactory(_PageFactory):
    class Meta:
        model = MasterclassPage

    title = factory.Sequence(lambda n: f"Commissioning masterclass {n}")
    slug = factory.Sequence(lambda n: f"masterclass-{n}")
    summary = "How commissioners and charities design services together."

    @staticmethod
    def _default_parent():
        return masterclass_index()


class GuidancePageFactory(_PageFactory):
    class Meta:
        model = GuidancePage

    title = factory.Sequence(lambda n: f"Guidance note {n}")
    slug = factory.Sequence(lambda n: f"guidance-{n}")
    summary = "A practical note on outcomes-first commissioning."

    @staticmethod
    def _default_parent():
        return guidance_index()


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    page = factory.SubFactory(MasterclassPageFactory)
    start = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    )
    end = factory.LazyAttribute(lambda session: session.start + timedelta(hours=2))
    capacity = 10
    venue = "Birkenhead Town Hall"
    joining_url = ""

    class Params:
        online = factory.Trait(venue="", joining_url="https://meet.example.org/room-42")
        past = factory.Trait(start=factory.LazyFunction(lambda: timezone.now() - timedelta(days=3)))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    member = factory.SubFactory(MemberFactory)
    status = Registration.Status.REGISTERED


# --- Commissioning (issue 13) -----------------------------------------------------------------

from commissioning.models import (  # noqa: E402
    Appraisal,
    Challenge,
    Expression,
    Lot,
    Method,
    Outcome,
    Stage,
)


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    commissioner = factory.SubFactory(MemberFactory, commissioner=True)
    title = factory.Sequence(lambda n: f"Older people living safely at home {n}")
    summary = "People over 75 stay well and independent in their own homes."
    place = factory.LazyFunction(lambda: place("cornwall"))
    stage = Stage.OUTCOMES


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    challenge = factory.SubFactory(ChallengeFactory)
    title = factory.Sequence(lambda n: f"Fewer people feel lonely {n}")
    outcome_area = factory.LazyFunction(outcome)


def chosen_contract(challenge: Challenge) -> Appraisal:
    appraisal = Appraisal.objects.create(
        challenge=challenge,
        method=Method.CONTRACT,
        reasons="Several small lots let local groups bid.",
        verdict=Appraisal.Verdict.CHOSEN,
    )
    appraisal.outcomes.set(challenge.outcomes.all())
    return appraisal


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    challenge = factory.SubFactory(ChallengeFactory, stage=Stage.METHODS)
    outcome = factory.LazyAttribute(lambda lot: OutcomeFactory(challenge=lot.challenge))
    title = factory.Sequence(lambda n: f"Lot {n}: befriending")
    value_band = "under_50k"
    length_months = 24
    requirements = "Tell us how you would reach people at home."


class ExpressionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expression

    lot = factory.SubFactory(LotFactory)
    lead = factory.SubFactory(MemberFactory, provider=True)
    organisation = factory.LazyAttribute(lambda e: e.lead.organisation)
    statement = "We already visit 200 people at home each week."


class ProgrammePageFactory(_PageFactory):
    class Meta:
        model = ProgrammePage

    title = factory.Sequence(lambda n: f"Leaders' academy {n}")
    slug = factory.Sequence(lambda n: f"academy-{n}")
    summary = "A year-long local academy for chief executives and commissioners."
    place = factory.LazyFunction(place)

    @staticmethod
    def _default_parent():
        return masterclass_index()


# --- Site-wide pages (issue 12) ---------------------------------------------------------------

from sitewide.models import InformationPage, SitemapPage  # noqa: E402


class InformationPageFactory(_PageFactory):
    """A legal or help page under the home page."""

    class Meta:
        model = InformationPage

    title = factory.Sequence(lambda n: f"Help page {n}")
    slug = factory.Sequence(lambda n: f"help-{n}")
    summary = "How Common Ground looks after members."
    body = "<p>Plain information for members.</p>"

    @staticmethod
    def _default_parent():
        return HomePage.objects.get()


class SitemapPageFactory(_PageFactory):
    class Meta:
        model = SitemapPage

    title = "Sitemap"
    slug = "sitemap"

    @staticmethod
    def _default_parent():
        return HomePage.objects.get()


# --- Images ---------------------------------------------------------------------------------

from io import BytesIO  # noqa: E402

from django.core.files.images import ImageFile  # noqa: E402
from PIL import Image as PillowImage  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (1200, 800)) -> bytes:
    buffer = BytesIO()
    PillowImage.new("RGB", size, (29, 94, 58)).save(buffer, fmt)
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    """A Wagtail image: a plain green PNG. Point MEDIA_ROOT at a temporary folder first."""

    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Picture {n}")
    description = ""
    file = factory.LazyAttribute(
        lambda o: ImageFile(BytesIO(image_bytes()), name=f"{o.title.lower().replace(' ', '-')}.png")
    )
