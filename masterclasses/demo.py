"""Demo content for this area, loaded by `manage.py seed_demo`. Idempotent."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from masterclasses import demo_content as content
from masterclasses.models import (
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    MasterclassIndexPage,
    MasterclassPage,
    ProgrammePage,
    Session,
    Speaker,
    Topic,
)
from network.demo import demo_user
from network.models import Member, Organisation, Place

MODERATOR_EMAIL = "moderator@example.org"


def _body(blocks):
    return [(kind, RichText(value) if kind == "paragraph" else value) for kind, value in blocks]


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _child(parent: Page, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _session_start(days: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@transaction.atomic
def seed() -> list[str]:
    home = HomePage.objects.first()
    if home is None:
        return ["No home page: run migrations first."]
    lines = []

    moderator = demo_user(MODERATOR_EMAIL, "Sam", "Whitfield", groups=("Moderators",))
    Member.objects.get_or_create(
        user=moderator,
        defaults={
            "role": Member.Role.EDITOR,
            "organisation": Organisation.objects.get(slug="north-west-voluntary-sector-academy"),
            "job_title": "Publishing Moderator",
        },
    )
    lines.append(f"  Moderator          {MODERATOR_EMAIL} (TOTP, Moderators group)")

    speakers = []
    for name, role, organisation, bio in content.SPEAKERS:
        speaker, _ = Speaker.objects.update_or_create(
            name=name, defaults={"role": role, "organisation": organisation, "bio": bio}
        )
        speakers.append(speaker)
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    places = {place.slug: place for place in Place.objects.all()}

    masterclass_index = _child(home, MasterclassIndexPage, "masterclasses") or _publish(
        home,
        MasterclassIndexPage(
            title="Masterclasses",
            slug="masterclasses",
            intro="<p>Practical sessions on commissioning with the voluntary sector, led by "
            "people who have done it.</p>",
        ),
    )
    guidance_index = _child(home, GuidanceIndexPage, "guidance") or _publish(
        home,
        GuidanceIndexPage(
            title="Guidance",
            slug="guidance",
            intro="<p>Short, practical guidance on collaborative commissioning, reviewed "
            "by practitioners.</p>",
        ),
    )
    slug, title, summary, place = content.PROGRAMME
    programme = _child(masterclass_index, ProgrammePage, slug) or _publish(
        masterclass_index,
        ProgrammePage(
            title=title,
            slug=slug,
            summary=summary,
            place=places[place],
            body=_body(
                [
                    (
                        "paragraph",
                        "<p>The academy brings together around thirty leaders each year. "
                        "Each masterclass stands alone, and members who attend four or more "
                        "join an alumni peer circle.</p>",
                    )
                ]
            ),
        ),
    )

    created = 0
    masterclasses = {}
    for (
        slug,
        title,
        summary,
        place,
        format_,
        audience,
        topic_slugs,
        speaker_indexes,
        offsets,
        in_programme,
    ) in content.MASTERCLASSES:
        parent = programme if in_programme else masterclass_index
        page = MasterclassPage.objects.filter(slug=slug).first()
        if page is None:
            page = MasterclassPage(
                title=title,
                slug=slug,
                summary=summary,
                place=places[place],
                format=format_,
                audience=audience,
                body=_body(content.MASTERCLASS_BODY),
            )
            page.topics = [topics[t] for t in topic_slugs]
            page.speakers = [speakers[i] for i in speaker_indexes]
            page.sessions = [
                Session(
                    start=_session_start(days),
                    end=_session_start(days) + timedelta(hours=2, minutes=30),
                    capacity=24,
                    venue="" if format_ == "online" else f"Community Hub, {places[place].name}",
                    joining_url=""
                    if format_ == "in_person"
                    else f"https://meet.example.org/commonground/{slug}",
                )
                for days in offsets
            ]
            _publish(parent, page)
            created += 1
        masterclasses[slug] = page
    lines.append(f"Masterclasses: {created} created, {len(content.MASTERCLASSES)} in total")

    created = 0
    for index, (slug, title, summary, topic_slugs, paragraphs) in enumerate(content.GUIDANCE):
        if _child(guidance_index, GuidancePage, slug):
            continue
        page = GuidancePage(
            title=title,
            slug=slug,
            summary=summary,
            last_reviewed=timezone.localdate() - timedelta(days=20 + 9 * index),
            body=_body([("paragraph", f"<p>{text}</p>") for text in paragraphs]),
        )
        page.topics = [topics[t] for t in topic_slugs]
        page.related_masterclasses = [
            m
            for m in masterclasses.values()
            if set(topic_slugs) & set(m.topics.values_list("slug", flat=True))
        ][:3]
        _publish(guidance_index, page)
        created += 1
    lines.append(f"Guidance pages: {created} created, {len(content.GUIDANCE)} in total")
    return lines
