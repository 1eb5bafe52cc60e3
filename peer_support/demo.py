# ruff: noqa: E501 - demo conversation text reads best unwrapped
"""Demo content for this area, loaded by `manage.py seed_demo`. Idempotent.

Two circles with members and realistic history; ceo@example.org is in the first (agreement
accepted) and can chat live with any of the demo chief executives listed.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from network.demo import DEMO_PASSWORD, demo_user
from network.models import Member, Organisation, Place
from peer_support.models import Circle, CircleMembership, Message, Thread, ThreadState

PEOPLE = [
    # email, first, last, organisation slug, job title
    (
        "facilitator@example.org",
        "Helen",
        "Marsh",
        "north-west-voluntary-sector-academy",
        "Leadership Coach",
    ),
    (
        "ceo.sefton@example.org",
        "Daniel",
        "Rourke",
        "sefton-young-peoples-network",
        "Chief Executive",
    ),
    (
        "ceo.manchester@example.org",
        "Farah",
        "Iqbal",
        "manchester-community-enterprise-hub",
        "Managing Director",
    ),
    ("ceo.cornwall@example.org", "Jenna", "Trewin", "kernow-food-partnership", "Chief Executive"),
    ("ceo.somerset@example.org", "Owen", "Bartlett", "somerset-rural-links", "Chief Executive"),
]

CIRCLES = [
    {
        "slug": "north-west-chief-executives",
        "name": "North West chief executives' circle",
        "purpose": "A fortnightly space for chief executives of charities across the North West "
        "to think through the hardest parts of the job with peers who understand it: funding "
        "cliffs, boards, restructures and looking after yourself.",
        "theme": "Leading through funding pressure",
        "place": "north-west",
        "facilitator": "facilitator@example.org",
        "members": ["ceo@example.org", "ceo.sefton@example.org", "ceo.manchester@example.org"],
        "threads": [
            (
                "Contract renewals with a 0% uplift",
                [
                    (
                        "ceo.sefton@example.org",
                        "Our youth work contract has come back with a 0% uplift for the third year running. Staff costs are up 9%. Has anyone successfully pushed back?",
                    ),
                    (
                        "ceo@example.org",
                        "Same on the Wirral. We shared our full cost recovery model with the commissioner and asked them to choose which outcomes to drop. It moved the conversation.",
                    ),
                    (
                        "ceo.manchester@example.org",
                        "We walked away from one lot last year. Hardest decision I've made, but the board backed it. Happy to share the paper we took to them.",
                    ),
                    (
                        "facilitator@example.org",
                        "Worth bringing to Thursday's meeting: how each of you decides where your red line is.",
                    ),
                ],
            ),
            (
                "Board recruitment that isn't the usual suspects",
                [
                    (
                        "ceo.manchester@example.org",
                        "We want two trustees with lived experience of the services. Any good practice on support and payment?",
                    ),
                    (
                        "ceo@example.org",
                        "We pay expenses and offer a buddy from the board for the first year. NCVO's guidance is good: https://www.ncvo.org.uk/help-and-guidance/governance/",
                    ),
                ],
            ),
            (
                "Looking after ourselves",
                [
                    (
                        "facilitator@example.org",
                        "A standing thread: how are you, really? No need to reply with anything but a line.",
                    ),
                    (
                        "ceo.sefton@example.org",
                        "Tired, but the team are brilliant. Took a proper weekend off for the first time since March.",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "rural-charities-leadership-cornwall-somerset",
        "name": "Rural charities leadership circle (Cornwall and Somerset)",
        "purpose": "For leaders of small rural charities in Cornwall and Somerset: transport, "
        "isolation, volunteer recruitment and working with two very different councils.",
        "theme": "Rural services",
        "place": "south-west",
        "facilitator": "facilitator@example.org",
        "members": ["ceo.cornwall@example.org", "ceo.somerset@example.org"],
        "threads": [
            (
                "Volunteer drivers and mileage rates",
                [
                    (
                        "ceo.somerset@example.org",
                        "Our volunteer drivers are dropping out because 45p a mile doesn't cover fuel any more. What are others paying?",
                    ),
                    (
                        "ceo.cornwall@example.org",
                        "We top up to 55p from unrestricted funds and told the council why. They're looking at it for next year.",
                    ),
                ],
            ),
        ],
    },
]


def _member(email: str, first: str, last: str, organisation: str, job_title: str) -> Member:
    user = demo_user(email, first, last)
    member, _ = Member.objects.get_or_create(
        user=user,
        defaults={
            "role": Member.Role.CHIEF_EXECUTIVE,
            "organisation": Organisation.objects.get(slug=organisation),
            "job_title": job_title,
        },
    )
    return member


@transaction.atomic
def seed() -> list[str]:
    for person in PEOPLE:
        _member(*person)
    members = {m.user.email: m for m in Member.objects.select_related("user")}
    lines = ["Peer-support circles (password for all: " + DEMO_PASSWORD + "):"]
    now = timezone.now()
    for spec in CIRCLES:
        facilitator = members[spec["facilitator"]]
        circle, created = Circle.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "purpose": spec["purpose"],
                "theme": spec["theme"],
                "place": Place.objects.get(slug=spec["place"]),
                "facilitator": facilitator,
                "next_meeting_starts_at": (now + timedelta(days=5)).replace(
                    hour=9, minute=30, second=0, microsecond=0
                ),
                "next_meeting_ends_at": (now + timedelta(days=5)).replace(
                    hour=11, minute=0, second=0, microsecond=0
                ),
                "next_meeting_link": "https://meet.example.org/" + spec["slug"],
            },
        )
        joined = now - timedelta(days=30)
        for email, role in [(spec["facilitator"], "facilitator")] + [
            (e, "member") for e in spec["members"]
        ]:
            CircleMembership.objects.update_or_create(
                circle=circle,
                member=members[email],
                defaults={
                    "role": role,
                    "status": CircleMembership.Status.ACTIVE,
                    "agreement_accepted_at": joined,
                    "joined_at": joined,
                },
            )
        if created:
            at = now - timedelta(days=len(spec["threads"]) * 3)
            for title, history in spec["threads"]:
                thread = Thread.objects.create(
                    circle=circle, title=title, started_by=members[history[0][0]]
                )
                for email, body in history:
                    at += timedelta(hours=7)
                    message = Message.objects.create(
                        thread=thread,
                        circle=circle,
                        author=members[email],
                        body=body,
                        created_at=at,
                    )
                    ThreadState.objects.update_or_create(
                        thread=thread,
                        member=members[email],
                        defaults={"last_read_message_id": message.pk},
                    )
                thread.last_message_at = at
                thread.save(update_fields=["last_message_at"])
        lines.append(f"  {circle.name}")
        lines.append(
            "    facilitator " + spec["facilitator"] + "; members " + ", ".join(spec["members"])
        )
    return lines
