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
    lines.extend(seed_matching())
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


# --- Matching and booking (issue 5) -------------------------------------------------------------
# More members across the demo places, with matching profiles, opportunities and availability,
# so every demo commissioner, chief executive and provider has meaningful suggestions.

MATCHING_ORGANISATIONS = [
    ("wirral-council-public-health", "Wirral Council Public Health", "local_authority", "wirral"),
    ("sefton-council-communities", "Sefton Council Communities", "local_authority", "sefton"),
    (
        "somerset-council-adult-services",
        "Somerset Council Adult Services",
        "local_authority",
        "somerset",
    ),
    ("cornish-connect-cic", "Cornish Connect CIC", "social_enterprise", "cornwall"),
    (
        "salford-skills-co-operative",
        "Salford Skills Co-operative",
        "social_enterprise",
        "greater-manchester",
    ),
    ("suffolk-befriending-network", "Suffolk Befriending Network", "charity", "suffolk"),
]

MATCHING_MEMBERS = [
    # email, first, last, role, organisation slug, job title
    (
        "sefton-ceo@example.org",
        "Declan",
        "Murphy",
        Member.Role.CHIEF_EXECUTIVE,
        "sefton-young-peoples-network",
        "Chief Executive",
    ),
    (
        "kernow-ceo@example.org",
        "Morwenna",
        "Tregear",
        Member.Role.CHIEF_EXECUTIVE,
        "kernow-food-partnership",
        "Chief Executive",
    ),
    (
        "somerset-ceo@example.org",
        "Harriet",
        "Fry",
        Member.Role.CHIEF_EXECUTIVE,
        "somerset-rural-links",
        "Chief Executive",
    ),
    (
        "manchester-provider@example.org",
        "Kwame",
        "Boateng",
        Member.Role.PROVIDER,
        "manchester-community-enterprise-hub",
        "Director of Services",
    ),
    (
        "cornwall-provider@example.org",
        "Jory",
        "Angove",
        Member.Role.PROVIDER,
        "cornish-connect-cic",
        "Managing Director",
    ),
    (
        "salford-provider@example.org",
        "Aisha",
        "Rahman",
        Member.Role.PROVIDER,
        "salford-skills-co-operative",
        "Head of Partnerships",
    ),
    (
        "suffolk-provider@example.org",
        "Oliver",
        "Pryke",
        Member.Role.PROVIDER,
        "suffolk-befriending-network",
        "Services Manager",
    ),
    (
        "gm-commissioner@example.org",
        "Nadia",
        "Hussain",
        Member.Role.COMMISSIONER,
        "greater-manchester-health-and-care-partnership",
        "Commissioning Lead, Prevention",
    ),
    (
        "east-commissioner@example.org",
        "Richard",
        "Barnes",
        Member.Role.COMMISSIONER,
        "east-of-england-commissioning-hub",
        "Senior Commissioner",
    ),
    (
        "somerset-commissioner@example.org",
        "Lucy",
        "Coombes",
        Member.Role.COMMISSIONER,
        "somerset-council-adult-services",
        "Commissioning Manager",
    ),
    (
        "wirral-commissioner@example.org",
        "Sean",
        "McAllister",
        Member.Role.COMMISSIONER,
        "wirral-council-public-health",
        "Public Health Commissioner",
    ),
    (
        "sefton-commissioner@example.org",
        "Bernadette",
        "Kelly",
        Member.Role.COMMISSIONER,
        "sefton-council-communities",
        "Communities Commissioner",
    ),
]

# email: (outcome slugs, place slugs, offers, seeks, size band)
MATCHING_PROFILES = {
    "ceo@example.org": (
        ["mental-health", "health-and-wellbeing", "loneliness-and-isolation"],
        ["wirral", "liverpool-city-region"],
        ["volunteers", "lived-experience", "premises-and-venues"],
        ["funding-and-match-funding", "data-and-evidence"],
        "medium",
    ),
    "commissioner@example.org": (
        ["loneliness-and-isolation", "older-people", "food-and-poverty"],
        ["cornwall"],
        ["data-and-evidence", "funding-and-match-funding"],
        ["reach-into-communities", "volunteers", "lived-experience"],
        "",
    ),
    "provider@example.org": (
        ["older-people", "carers", "disability-and-independent-living"],
        ["norfolk", "suffolk", "east-of-england"],
        ["skills-and-expertise", "partnership-and-consortium-working", "training-and-mentoring"],
        ["data-and-evidence"],
        "medium",
    ),
    "sefton-ceo@example.org": (
        ["young-people", "mental-health", "children-and-families"],
        ["sefton"],
        ["reach-into-communities", "lived-experience", "volunteers"],
        ["premises-and-venues", "funding-and-match-funding"],
        "small",
    ),
    "kernow-ceo@example.org": (
        ["food-and-poverty", "loneliness-and-isolation", "environment-and-climate"],
        ["cornwall"],
        ["volunteers", "reach-into-communities", "transport"],
        ["data-and-evidence", "premises-and-venues"],
        "small",
    ),
    "somerset-ceo@example.org": (
        ["loneliness-and-isolation", "older-people", "carers"],
        ["somerset", "south-west"],
        ["volunteers", "transport", "lived-experience"],
        ["digital-tools", "funding-and-match-funding"],
        "micro",
    ),
    "manchester-provider@example.org": (
        ["employment-and-skills", "young-people", "housing-and-homelessness"],
        ["greater-manchester"],
        ["training-and-mentoring", "premises-and-venues", "partnership-and-consortium-working"],
        ["data-and-evidence"],
        "small",
    ),
    "cornwall-provider@example.org": (
        ["loneliness-and-isolation", "older-people", "health-and-wellbeing"],
        ["cornwall", "south-west"],
        ["volunteers", "digital-tools", "reach-into-communities"],
        ["funding-and-match-funding"],
        "small",
    ),
    "salford-provider@example.org": (
        ["employment-and-skills", "mental-health"],
        ["greater-manchester", "north-west"],
        ["skills-and-expertise", "lived-experience", "partnership-and-consortium-working"],
        ["premises-and-venues"],
        "medium",
    ),
    "suffolk-provider@example.org": (
        ["loneliness-and-isolation", "older-people"],
        ["suffolk", "east-of-england"],
        ["volunteers", "transport"],
        ["training-and-mentoring"],
        "micro",
    ),
    "gm-commissioner@example.org": (
        ["mental-health", "employment-and-skills", "health-and-wellbeing"],
        ["greater-manchester"],
        ["data-and-evidence"],
        ["lived-experience", "reach-into-communities", "skills-and-expertise"],
        "",
    ),
    "east-commissioner@example.org": (
        ["older-people", "carers", "loneliness-and-isolation"],
        ["east-of-england"],
        ["funding-and-match-funding", "data-and-evidence"],
        ["volunteers", "partnership-and-consortium-working"],
        "",
    ),
    "somerset-commissioner@example.org": (
        ["older-people", "loneliness-and-isolation", "disability-and-independent-living"],
        ["somerset"],
        ["data-and-evidence"],
        ["volunteers", "transport"],
        "",
    ),
    "wirral-commissioner@example.org": (
        ["mental-health", "health-and-wellbeing", "housing-and-homelessness"],
        ["wirral"],
        ["data-and-evidence", "premises-and-venues"],
        ["lived-experience", "volunteers"],
        "",
    ),
    "sefton-commissioner@example.org": (
        ["young-people", "children-and-families", "community-safety"],
        ["sefton", "liverpool-city-region"],
        ["funding-and-match-funding"],
        ["reach-into-communities", "lived-experience"],
        "",
    ),
}

# commissioner email, title, outcome slug, place slug, value band, open to small, partnerships
MATCHING_OPPORTUNITIES = [
    (
        "commissioner@example.org",
        "Reducing isolation in rural west Cornwall",
        "loneliness-and-isolation",
        "cornwall",
        "50k_250k",
        True,
        True,
    ),
    (
        "commissioner@example.org",
        "Community food hubs for older residents",
        "food-and-poverty",
        "cornwall",
        "under_50k",
        True,
        False,
    ),
    (
        "gm-commissioner@example.org",
        "Employment support for people with mental ill health",
        "employment-and-skills",
        "greater-manchester",
        "250k_1m",
        True,
        True,
    ),
    (
        "east-commissioner@example.org",
        "Carers' breaks across Norfolk and Suffolk",
        "carers",
        "east-of-england",
        "over_1m",
        False,
        True,
    ),
    (
        "somerset-commissioner@example.org",
        "Village transport and befriending",
        "loneliness-and-isolation",
        "somerset",
        "50k_250k",
        True,
        True,
    ),
    (
        "wirral-commissioner@example.org",
        "Peer support for mental health recovery",
        "mental-health",
        "wirral",
        "50k_250k",
        True,
        True,
    ),
    (
        "sefton-commissioner@example.org",
        "Youth outreach in south Sefton",
        "young-people",
        "sefton",
        "under_50k",
        True,
        False,
    ),
]

# People who publish availability: providers, and chief executives commissioners may meet.
MATCHING_AVAILABILITY = [
    "provider@example.org",
    "cornwall-provider@example.org",
    "manchester-provider@example.org",
    "salford-provider@example.org",
    "suffolk-provider@example.org",
    "ceo@example.org",
    "kernow-ceo@example.org",
    "somerset-ceo@example.org",
    "sefton-ceo@example.org",
]


def seed_matching() -> list[str]:
    """Demo matching profiles, opportunities and open availability. Idempotent."""
    import datetime as dt

    from django.utils import timezone

    from network.models import Asset, Opportunity, OutcomeArea
    from network.services.bookings import WindowInput, availability_save
    from network.services.matching import match_profile_save

    places = {place.slug: place for place in Place.objects.all()}
    for slug, name, kind, place in MATCHING_ORGANISATIONS:
        Organisation.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "place": places[place]}
        )
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for email, first, last, role, organisation, title in MATCHING_MEMBERS:
        user = demo_user(email, first, last)
        Member.objects.update_or_create(
            user=user,
            defaults={
                "role": role,
                "organisation": organisations[organisation],
                "job_title": title,
            },
        )
    members = {m.user.email: m for m in Member.objects.select_related("user")}
    outcomes = {o.slug: o for o in OutcomeArea.objects.all()}
    assets = {a.slug: a for a in Asset.objects.all()}
    for email, (outcome_slugs, place_slugs, offers, seeks, size) in MATCHING_PROFILES.items():
        match_profile_save(
            member=members[email],
            outcome_areas=[outcomes[s] for s in outcome_slugs],
            places=[places[s] for s in place_slugs],
            assets_offered=[assets[s] for s in offers],
            assets_sought=[assets[s] for s in seeks],
            size_band=size,
            monthly_connection_cap=10,
        )
    today = timezone.localdate()
    for email, title, outcome, place, value, small, partnership in MATCHING_OPPORTUNITIES:
        Opportunity.objects.update_or_create(
            commissioner=members[email],
            title=title,
            defaults={
                "summary": f"{title}. We want to work with organisations that already have "
                "the trust of local people, and to co-produce the service with them.",
                "outcome_area": outcomes[outcome],
                "place": places[place],
                "value_band": value,
                "closes_on": today + dt.timedelta(days=45),
                "starts_on": today + dt.timedelta(days=120),
                "open_to_small_providers": small,
                "open_to_partnerships": partnership,
                "status": Opportunity.Status.OPEN,
            },
        )
    weekly = [
        WindowInput(weekday=day, start_time=dt.time(start), end_time=dt.time(end))
        for day, start, end in [(0, 10, 12), (1, 14, 17), (2, 9, 12), (3, 13, 16)]
    ]
    for email in MATCHING_AVAILABILITY:
        availability_save(
            member=members[email],
            windows=[
                *weekly,
                WindowInput(
                    date=today + dt.timedelta(days=10), start_time=dt.time(9), end_time=dt.time(11)
                ),
            ],
            max_per_day=3,
            max_per_week=8,
        )
    return [
        f"Matching: {len(MATCHING_PROFILES)} profiles, {len(MATCHING_OPPORTUNITIES)} "
        f"opportunities, {len(MATCHING_AVAILABILITY)} members open for bookings. More demo "
        "members: " + ", ".join(email for email, *_ in MATCHING_MEMBERS),
    ]
