"""People, the organisations they lead or commission for, and the places they work in."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse

from network.models.matching import SIZE_BAND_FLOORS, SizeBand
from network.validators import validate_charity_number


def _size_band_expression() -> Case:
    """`size_band_for_income` in SQL, so fairness figures can group by it in the database."""
    return Case(
        When(annual_income__isnull=True, then=Value("")),
        *(
            When(annual_income__gte=floor, then=Value(str(band)))
            for band, floor in SIZE_BAND_FLOORS
        ),
        default=Value(str(SizeBand.MICRO)),
    )


__all__ = ["Member", "MemberQuerySet", "Organisation", "Place", "User", "UserManager"]


class UserManager(BaseUserManager):
    """Accounts are keyed by email: allauth signs people in by address, never by username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Place(models.Model):
    """A region or local authority area the sector organises itself around."""

    class Kind(models.TextChoices):
        REGION = "region", "Region"
        COMBINED_AUTHORITY = "combined_authority", "Combined authority area"
        LOCAL_AUTHORITY = "local_authority", "Local authority area"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    region = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="areas",
        limit_choices_to={"kind": "region"},
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        CHARITY = "charity", "Charity"
        SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
        COMMUNITY_GROUP = "community_group", "Community group"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        NHS_BODY = "nhs_body", "NHS body"
        OTHER_PUBLIC_BODY = "other_public_body", "Other public body"
        PRIVATE_PROVIDER = "private_provider", "Private or independent provider"

    PUBLIC_KINDS = frozenset({Kind.LOCAL_AUTHORITY, Kind.NHS_BODY, Kind.OTHER_PUBLIC_BODY})
    VOLUNTARY_KINDS = frozenset({Kind.CHARITY, Kind.SOCIAL_ENTERPRISE, Kind.COMMUNITY_GROUP})

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="organisations")
    charity_number = models.CharField(
        "registered charity number",
        max_length=12,
        blank=True,
        validators=[validate_charity_number],
        help_text="England and Wales: 6 or 7 digits. Scotland: SC and 6 digits. "
        "Northern Ireland: NIC and 6 digits.",
    )
    website = models.URLField(blank=True)
    annual_income = models.PositiveBigIntegerField(
        "annual income (£)",
        null=True,
        blank=True,
        help_text="From your latest accounts. It places you in a size band (NCVO's).",
    )
    size_band = models.GeneratedField(
        expression=_size_band_expression(),
        output_field=models.CharField(max_length=16, choices=SizeBand.choices, blank=True),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["charity_number"],
                condition=~Q(charity_number=""),
                name="organisation_charity_number_unique",
                violation_error_message="An organisation with this charity number is already "
                "registered on Common Ground.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public_body(self) -> bool:
        return self.kind in self.PUBLIC_KINDS


class MemberQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(listed_in_directory=True, user__is_active=True)

    def with_profile(self):
        return self.select_related("user", "organisation__place")


class Member(models.Model):
    """Someone who has finished onboarding: their role, organisation and what they share."""

    class Role(models.TextChoices):
        CHIEF_EXECUTIVE = "chief_executive", "Chief executive (charity or social enterprise)"
        COMMISSIONER = "commissioner", "Commissioner (local authority, NHS or other public body)"
        PROVIDER = "provider", "Provider"
        EDITOR = "editor", "Editor"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="member")
    role = models.CharField(max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="members")
    job_title = models.CharField(max_length=120, blank=True)
    bio = models.TextField("about you", max_length=2000, blank=True)
    listed_in_directory = models.BooleanField(
        "list me in the member directory",
        default=True,
        help_text="Other members can find you and see your member page.",
    )
    show_organisation = models.BooleanField(
        "show my organisation and place",
        default=True,
    )
    show_email = models.BooleanField("show my email address to other members", default=False)
    avatar = models.ImageField(
        "photo",
        upload_to="avatars/",
        blank=True,
        help_text="Set through network.services.members.member_avatar_set, which re-encodes it "
        "as a square JPEG.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["user__first_name", "user__last_name"]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("network:member_detail", kwargs={"pk": self.pk})

    @property
    def name(self) -> str:
        return str(self.user)

    @property
    def initials(self) -> str:
        """One or two letters for an avatar without a photo: first and last name, or email."""
        words = [w for w in (self.user.first_name, self.user.last_name) if w.strip()]
        if not words:
            return (self.user.email[:1] or "?").upper()
        return "".join(w.strip()[0] for w in words[:1] + words[1:][-1:]).upper()
