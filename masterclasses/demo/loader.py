"""Load masterclasses/demo/data.yaml as published pages. Creates only what is missing.

Pages are made with Wagtail's page tree API (add_child, then publish a revision), the way an
editor's publishing does; speakers are snippets, which have no service either.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from core.demo import Demo, demo_account, read_data
from core.demo_images import wagtail_image
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
from masterclasses.services import registration_create
from network.models import Member, Organisation, Place
from network.services.members import member_save


def load(demo: Demo) -> None:
    data = read_data("masterclasses")
    home = HomePage.objects.first()
    if home is None:
        raise LookupError("No home page: run migrations first.")
    _moderator(demo, data["moderator"])
    images = {key: wagtail_image(**spec) for key, spec in data["images"].items()}
    pictures = _Pictures(images, data["page_images"], set(data["decorative_images"]))
    speakers = {}
    for name, spec in data["speakers"].items():
        photo = images.get(data["speaker_photos"].get(name, ""))
        speakers[name], _ = Speaker.objects.update_or_create(
            name=name, defaults={**spec, "photo": photo}
        )
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    places = {place.slug: place for place in Place.objects.all()}

    masterclass_index = _child_or_publish(home, MasterclassIndexPage(**data["masterclass_index"]))
    guidance_index = _child_or_publish(home, GuidanceIndexPage(**data["guidance_index"]))
    spec = data["programme"]
    programme = _child_or_publish(
        masterclass_index,
        ProgrammePage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            place=places[spec["place"]],
            body=[("paragraph", RichText(spec["paragraph"]))],
            **pictures.for_page(spec["slug"]),
        ),
    )

    masterclasses = []
    for spec in data["masterclasses"]:
        place = places[spec["place"]]
        page = MasterclassPage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            place=place,
            format=spec["format"],
            audience=spec["audience"],
            body=_body(data["masterclass_body"]),
            **pictures.for_page(spec["slug"]),
        )
        page.topics = [topics[slug] for slug in spec["topics"]]
        page.speakers = [speakers[name] for name in spec["speakers"]]
        page.sessions = [
            _session({**data["session"], **spec}, page, place, days)
            for days in spec["sessions_in_days"]
        ]
        parent = programme if spec.get("in_programme") else masterclass_index
        masterclasses.append(_child_or_publish(parent, page))

    for spec in data["guidance"]:
        page = GuidancePage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            last_reviewed=timezone.localdate() - timedelta(days=spec["reviewed_days_ago"]),
            body=_body([{"type": "paragraph", "value": f"<p>{p}</p>"} for p in spec["paragraphs"]]),
            **pictures.for_page(spec["slug"]),
        )
        page.topics = [topics[slug] for slug in spec["topics"]]
        page.related_masterclasses = [
            m for m in masterclasses if set(spec["topics"]) & {t.slug for t in m.topics.all()}
        ][:3]
        _child_or_publish(guidance_index, page)
    members = {m.user.email: m for m in Member.objects.select_related("user")}
    for slug, emails in data["registrations"].items():
        session = Session.objects.filter(page__slug=slug).order_by("start").first()
        for email in emails:
            registration_create(member=members[email], session=session)  # again: no change
    demo.log.append(
        f"Masterclasses: {len(masterclasses)} masterclasses, {len(data['guidance'])} guidance pages"
    )


class _Pictures:
    """Which drawn image each page shows, and whether it is only decoration."""

    def __init__(self, images: dict, by_slug: dict, decorative: set):
        self.images, self.by_slug, self.decorative = images, by_slug, decorative

    def for_page(self, slug: str) -> dict:
        image = self.images.get(self.by_slug.get(slug, ""))
        return {"image": image, "image_decorative": image is not None and slug in self.decorative}


def _moderator(demo: Demo, spec: dict) -> None:
    first_name, last_name = spec["name"]
    user = demo_account(spec["email"], first_name, last_name, groups=spec["groups"])
    member = member_save(
        user=user,
        role="editor",
        organisation=Organisation.objects.get(name=spec["organisation"]),
        job_title=spec["job_title"],
    )
    demo.account(heading="Moderator", name=member.name, email=spec["email"], sees=spec["sees"])


def _child_or_publish(parent: Page, page: Page) -> Page:
    """The published child with `page`'s slug, or `page` added under `parent` and published."""
    existing = type(page).objects.child_of(parent).filter(slug=page.slug).first()
    if existing is not None:
        if getattr(page, "image", None) is not None and existing.image is None:
            # Seeded before pages had pictures: give it one, as an editor would.
            existing.image, existing.image_decorative = page.image, page.image_decorative
            existing.save_revision().publish()
        return existing
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _body(blocks: list[dict]) -> list:
    return [
        (b["type"], RichText(b["value"]) if b["type"] == "paragraph" else b["value"])
        for b in blocks
    ]


def _session(spec: dict, page: MasterclassPage, place: Place, days: int) -> Session:
    day = timezone.localdate() + timedelta(days=days)
    start = timezone.make_aware(datetime.combine(day, time.fromisoformat(spec["starts_at"])))
    return Session(
        start=start,
        end=start + timedelta(minutes=spec["minutes"]),
        capacity=spec["capacity"],
        venue="" if page.format == "online" else spec["venue"].format(place=place.name),
        joining_url=""
        if page.format == "in_person"
        else spec["joining_url"].format(slug=page.slug),
    )
