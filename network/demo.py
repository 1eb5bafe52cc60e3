"""Demo organisations and one member per role, with known credentials. Idempotent."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group

from network.models import Member, Organisation, Place, User

DEMO_PASSWORD = "commonground-demo"
# A fixed TOTP secret so demo editors can add it to an authenticator app (demo only).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ORGANISATIONS = [
    # slug, name, kind, place slug, charity number
    ("mersey-wellbeing-trust", "Mersey Wellbeing Trust", "charity", "wirral", "1123456"),
    (
        "sefton-young-peoples-network",
        "Sefton Young People's Network",
        "charity",
        "sefton",
        "1098765",
    ),
    ("kernow-food-partnership", "Kernow Food Partnership", "social_enterprise", "cornwall", ""),
    ("somerset-rural-links", "Somerset Rural Links", "charity", "somerset", "1045678"),
    (
        "manchester-community-enterprise-hub",
        "Manchester Community Enterprise Hub",
        "social_enterprise",
        "greater-manchester",
        "",
    ),
    ("anglia-care-cooperative", "Anglia Care Co-operative", "private_provider", "norfolk", ""),
    (
        "greater-manchester-health-and-care-partnership",
        "Greater Manchester Health and Care Partnership",
        "nhs_body",
        "greater-manchester",
        "",
    ),
    (
        "cornwall-commissioning-team",
        "Cornwall Council Commissioning Team",
        "local_authority",
        "cornwall",
        "",
    ),
    (
        "east-of-england-commissioning-hub",
        "East of England Commissioning Hub",
        "other_public_body",
        "east-of-england",
        "",
    ),
    (
        "north-west-voluntary-sector-academy",
        "North West Voluntary Sector Academy",
        "charity",
        "north-west",
        "1187654",
    ),
]


@dataclass(frozen=True)
class DemoMember:
    email: str
    first_name: str
    last_name: str
    role: str
    organisation: str
    job_title: str
    bio: str
    groups: tuple[str, ...] = ()


MEMBERS = [
    DemoMember(
        "ceo@example.org",
        "Amira",
        "Okafor",
        Member.Role.CHIEF_EXECUTIVE,
        "mersey-wellbeing-trust",
        "Chief Executive",
        "I lead a mental health charity on the Wirral with 40 staff and 120 volunteers. "
        "Interested in outcomes-based contracts that leave room for small providers.",
    ),
    DemoMember(
        "commissioner@example.org",
        "Tom",
        "Pendry",
        Member.Role.COMMISSIONER,
        "cornwall-commissioning-team",
        "Head of Commissioning, Communities",
        "Looking to co-produce our next loneliness and isolation programme with local charities.",
    ),
    DemoMember(
        "provider@example.org",
        "Grace",
        "Holloway",
        Member.Role.PROVIDER,
        "anglia-care-cooperative",
        "Partnerships Director",
        "Employee-owned care provider across Norfolk and Suffolk, open to partnership bids.",
    ),
    DemoMember(
        "editor@example.org",
        "Priya",
        "Shah",
        Member.Role.EDITOR,
        "north-west-voluntary-sector-academy",
        "Programme Editor",
        "I edit masterclasses and guidance for the North West academy.",
        groups=("Editors",),
    ),
]


def seed() -> list[str]:
    places = {place.slug: place for place in Place.objects.all()}
    organisations = {}
    for slug, name, kind, place, number in ORGANISATIONS:
        organisations[slug], _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "place": places[place], "charity_number": number},
        )
    lines = [f"Password for every demo account: {DEMO_PASSWORD}"]
    for demo in MEMBERS:
        user = demo_user(demo.email, demo.first_name, demo.last_name, groups=demo.groups)
        Member.objects.update_or_create(
            user=user,
            defaults={
                "role": demo.role,
                "organisation": organisations[demo.organisation],
                "job_title": demo.job_title,
                "bio": demo.bio,
            },
        )
        lines.append(f"  {Member.Role(demo.role).label.split(' (')[0]:<18} {demo.email}")
    lines.append(
        f"Editors sign in with two-factor authentication; demo TOTP secret: {DEMO_TOTP_SECRET}"
    )
    return lines


def demo_user(email: str, first_name: str, last_name: str, *, groups=()) -> User:
    """A verified demo account with the demo password, and TOTP for CMS groups."""
    user, _ = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    if (
        groups
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user
