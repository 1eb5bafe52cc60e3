"""Load network/demo/data.yaml through the network's services. Creates only what is missing."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.demo import Demo, demo_account, read_data
from core.demo_images import draw_picture
from network.models import (
    Asset,
    Booking,
    Connection,
    Member,
    Opportunity,
    Organisation,
    OutcomeArea,
    Place,
)
from network.selectors.bookings import open_slots
from network.services.bookings import (
    BookingError,
    WindowInput,
    availability_save,
    booking_confirm,
    booking_request,
)
from network.services.matching import interest_express, match_profile_save, opportunity_save
from network.services.members import member_avatar_set, member_save, organisation_create


def load(demo: Demo) -> None:
    data = read_data("network")
    places = {place.slug: place for place in Place.objects.all()}
    organisations = {
        name: Organisation.objects.filter(name=name).first()
        or organisation_create(name=name, place=places[spec.pop("place")], **spec)
        for name, spec in data["organisations"].items()
    }
    outcomes = {o.slug: o for o in OutcomeArea.objects.all()}
    assets = {a.slug: a for a in Asset.objects.all()}
    members = {}
    for spec in data["members"]:
        first_name, last_name = spec["name"]
        user = demo_account(spec["email"], first_name, last_name, groups=spec.get("groups", ()))
        member = members[spec["email"]] = member_save(
            user=user,
            role=spec["role"],
            organisation=organisations[spec["organisation"]],
            job_title=spec["job_title"],
            bio=spec.get("bio", ""),
        )
        demo.account(
            heading=Member.Role(spec["role"]).label.split(" (")[0],
            name=member.name,
            email=spec["email"],
            sees=spec.get("sees", data["sees_by_role"][spec["role"]]),
        )
        if (photo := data["photos"].get(spec["email"])) and not member.avatar:
            picture = draw_picture(seed=spec["email"], **photo)
            member_avatar_set(member=member, upload=SimpleUploadedFile("photo.png", picture))
        if matching := spec.get("matching"):
            match_profile_save(
                member=member,
                outcome_areas=[outcomes[slug] for slug in matching["outcomes"]],
                places=[places[slug] for slug in matching["places"]],
                assets_offered=[assets[slug] for slug in matching["offers"]],
                assets_sought=[assets[slug] for slug in matching["seeks"]],
                size_band=matching.get("size", ""),
                monthly_connection_cap=data["monthly_connection_cap"],
            )
    today = timezone.localdate()
    defaults = data["opportunity_defaults"]
    for spec in data["opportunities"]:
        commissioner = members[spec["commissioner"]]
        opportunity_save(
            commissioner=commissioner,
            opportunity=commissioner.opportunities.filter(title=spec["title"]).first(),
            title=spec["title"],
            summary=f"{spec['title']}. {defaults['summary']}",
            outcome_area=outcomes[spec["outcome"]],
            place=places[spec["place"]],
            value_band=spec["value_band"],
            closes_on=today + dt.timedelta(days=defaults["closes_in_days"]),
            starts_on=today + dt.timedelta(days=defaults["starts_in_days"]),
            open_to_small_providers=spec["open_to_small_providers"],
            open_to_partnerships=spec["open_to_partnerships"],
            status=Opportunity.Status.OPEN,
        )
    rules = data["availability"]
    windows = [_window(w, weekday=w["weekday"]) for w in rules["weekly"]]
    one_off = rules["one_off"]
    windows.append(_window(one_off, date=today + dt.timedelta(days=one_off["in_days"])))
    bookable = [members[spec["email"]] for spec in data["members"] if spec.get("bookable")]
    for member in bookable:
        availability_save(
            member=member,
            windows=windows,
            max_per_day=rules["max_per_day"],
            max_per_week=rules["max_per_week"],
        )
    for first, second in data["connections"]:
        a, b = members[first], members[second]
        pair = Connection.objects.involving(a.pk).filter(first__in=[a, b], second__in=[a, b])
        if not pair.exists():
            interest_express(member=a, other=b)
            interest_express(member=b, other=a)
    for first, second in data["interested"]:
        interest_express(member=members[first], other=members[second])
    for spec in data["bookings"]:
        _book(spec, members)
    demo.log.append(
        f"Network: {len(organisations)} organisations, {len(members)} members, "
        f"{len(data['opportunities'])} opportunities, {len(bookable)} open for bookings, "
        f"{len(data['connections'])} connections, {len(data['bookings'])} bookings"
    )


def _book(spec: dict, members: dict[str, Member]) -> None:
    """The session `spec` describes, at the provider's first open time from `in_days` on that
    the requester is free for too; once."""
    requester, provider = members[spec["requester"]], members[spec["provider"]]
    if Booking.objects.filter(
        requester=requester, provider=provider, purpose=spec["purpose"]
    ).exists():
        return
    earliest = timezone.localdate() + dt.timedelta(days=spec["in_days"])
    for day in open_slots(provider=provider, days=spec["in_days"] + 21):
        if day.day < earliest:
            continue
        for slot in day.slots:
            try:
                booking = booking_request(
                    requester=requester,
                    provider=provider,
                    starts_at=slot.starts_at,
                    purpose=spec["purpose"],
                )
            except BookingError:
                continue  # the requester is busy then: the next time
            if spec["confirmed"]:
                booking_confirm(booking=booking, by=provider)
            return
    raise LookupError(f"No open time for the demo booking {spec['purpose']!r}")


def _window(spec: dict, **when) -> WindowInput:
    return WindowInput(
        start_time=dt.time.fromisoformat(spec["from"]),
        end_time=dt.time.fromisoformat(spec["to"]),
        **when,
    )
