"""Every page, signed out and signed in, at a phone's and a laptop's width: axe-core finds no
serious or critical violation, and no page scrolls sideways at 390 px.

The pages are not listed by hand. Every URL pattern of the project is walked
(`tests/routes.py`) with its parameters filled from the demo content, plus one live page of
every kind of Wagtail page; whatever answers a GET with HTML is checked. A new view or page
type is covered the day it is added, and a new parameter name fails until it has a value here.
"""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from commissioning.models import Challenge, Lot
from core.demo import DEMO_PASSWORD
from network.booking_time import LONDON
from network.models import Booking, Member, Opportunity
from peer_support.models import Circle, Invitation, Message, Thread
from tests.conftest import LAPTOP, PHONE, log_in
from tests.routes import fill, parameters, project_routes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAILING_IMPACTS = {"serious", "critical"}
# Pages whose other states look different enough to check as well.
STATES = ["/", "/search/?q=commissioning", "/bookings/?view=calendar"]
MEMBER_EMAIL = "facilitator@example.org"  # facilitates both demo circles, so sees their tools
PROVIDER_EMAIL = "provider@example.org"


def _world() -> dict[str, dict[str, object]]:
    """The demo content, a booking for the member, and a value for every route parameter: by
    parameter name, and where `pk` means different things, by URL name."""
    call_command("seed_demo", verbosity=0)
    member = Member.objects.get(user__email=MEMBER_EMAIL)
    provider = Member.objects.get(user__email=PROVIDER_EMAIL)
    circle = Circle.objects.filter(facilitator=member).order_by("pk").first()
    thread = Thread.objects.filter(circle=circle).order_by("pk").first()
    message = Message.objects.filter(thread=thread).order_by("pk").first()
    starts = dt.datetime.combine(dt.date.today() + dt.timedelta(days=9), dt.time(10), tzinfo=LONDON)
    booking = Booking.objects.create(
        provider=provider,
        requester=member,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=45),
        blocked_until=starts + dt.timedelta(minutes=60),
        purpose="Talk through a pilot",
    )
    invitation = Invitation.objects.order_by("pk").first()
    opportunity = Opportunity.objects.order_by("pk").first()
    challenge = Challenge.objects.order_by("pk").first()
    lot = Lot.objects.order_by("pk").first()
    return {
        "by_parameter": {
            "slug": circle.slug,
            "member_pk": provider.pk,
            "token": invitation.token if invitation else "no-such-token",
            "key": "no-such-key",
            "uidb36": "1",
            "page_view_restriction_id": 1,
            "restriction_id": 1,
            "page_id": 1,
            "action_pk": 999_999,  # reviews are POST only
            "challenge_pk": challenge.pk,
            "signed": "no-such-link",
        },
        "pk_by_name": {
            "member_detail": provider.pk,
            "booking_create": provider.pk,
            "opportunity_detail": opportunity.pk,
            "opportunity_edit": opportunity.pk,
            "booking_detail": booking.pk,
            "booking_reschedule": booking.pk,
            "thread_detail": thread.pk,
            "message_edit": message.pk,
            "message_report": message.pk,
            "challenge_detail": challenge.pk,
            "resources": challenge.pk,
            "appraisal": challenge.pk,
            "lot_detail": lot.pk,
        },
    }


def _paths(world, client: Client) -> list[str]:
    """Every path that answers `client`'s GET with an HTML page (after redirects), once."""
    candidates = []
    for route, name in project_routes():
        values = {}
        for _converter, parameter in parameters(route):
            if parameter == "pk":
                # A pk route not listed is an action (POST only) or a file; asking with a
                # pk that exists for nothing finds out which without a guess.
                values[parameter] = world["pk_by_name"].get(name, 999_999)
            else:
                assert parameter in world["by_parameter"], (
                    f"{route} has a parameter this test has no value for: add one"
                )
                values[parameter] = world["by_parameter"][parameter]
        candidates.append(fill(route, values))
    candidates += STATES
    kinds = Page.objects.live().public().filter(depth__gt=1).order_by("content_type", "path")
    seen_kinds = set()
    for page in kinds:
        if page.content_type_id not in seen_kinds:
            seen_kinds.add(page.content_type_id)
            candidates.append(page.url)

    paths, finals = [], set()
    for path in candidates:
        response = client.get(path, follow=True)
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        html = response.get("Content-Type", "").startswith("text/html")
        final = response.redirect_chain[-1][0] if response.redirect_chain else path
        split = urlsplit(final)
        final = f"{split.path}?{split.query}" if split.query else split.path
        if response.status_code == 200 and html and final not in finals:
            finals.add(final)
            paths.append(path)
    return paths


def _problems(page, path: str, axe: Axe) -> list[str]:
    problems = []
    for label, size in (("1280 px", LAPTOP), ("390 px", PHONE)):
        page.set_viewport_size(size)
        page.goto(path)
        page.wait_for_load_state("load")
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in FAILING_IMPACTS:
                targets = "; ".join(", ".join(n["target"]) for n in violation["nodes"][:3])
                problems.append(
                    f"{path} at {label}: {violation['id']} ({violation['impact']}): "
                    f"{violation['help']} [{targets}]"
                )
        if size is PHONE:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"{path} scrolls sideways at 390 px by {overflow} px")
    return problems


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_every_page_passes_axe_and_fits_a_phone(page, signed_in):
    def discover() -> list[str]:
        world = _world()
        client = Client()
        if signed_in:
            client.login(email=MEMBER_EMAIL, password=DEMO_PASSWORD)
        return _paths(world, client)

    # Off the thread where Playwright runs its event loop, which Django's sync code refuses.
    with ThreadPoolExecutor(max_workers=1) as pool:
        paths = pool.submit(discover).result()
    if signed_in:
        log_in(page, MEMBER_EMAIL, DEMO_PASSWORD)
    # A walk that found only a handful of pages would prove little.
    assert len(paths) >= (35 if signed_in else 15), paths

    axe = Axe()
    problems = [problem for path in paths for problem in _problems(page, path, axe)]

    assert problems == [], "\n".join(problems)
