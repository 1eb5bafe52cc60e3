"""Nonsense in any URL, query or form gets a 4xx or a form error, never a 500.

The routes are not listed by hand: every URL pattern in the project (and the routes of each
kind of Wagtail page) is walked, so a new view is covered the day it is added. Each request
puts hostile values in one place at a time: the path parameters, every query parameter the
project reads, or every form field the project declares. First a fixed sweep of the values
that broke things before, then Hypothesis mixes generated values in. CI runs it on
PostgreSQL too, which refuses NUL bytes and integers beyond 64 bits where SQLite does not.
"""

import datetime as dt
from urllib.parse import quote

import pytest
from django import forms
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commissioning.models import Clarification, Comment, ConsortiumPartner, Invitation, Proposal
from network.models import Member
from tests.factories import (
    CircleFactory,
    CircleMembershipFactory,
    ExpressionFactory,
    LotFactory,
    MemberFactory,
    MessageFactory,
    OpportunityFactory,
    SessionFactory,
    ThreadFactory,
    availability,
    guidance_index,
    masterclass_index,
)
from tests.routes import fill, parameters, project_routes

pytestmark = pytest.mark.django_db

INVALID_UTF8 = object()  # stands for the bytes FF FE, which are not UTF-8
HOSTILE = [
    "a\x00b",
    "99999999999999999999999999999999",
    "-1",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "9999-12",
    "0001-01",
    "1e309",
    "x" * 2000,
    "<script>alert(1)</script>",
    INVALID_UTF8,
]
# Query parameters views read directly (form fields are added to these below).
QUERY_NAMES = ["page", "month", "view", "past", "before", "next", "q", "slot", "fragment"]


def form_field_names() -> list[str]:
    """Every field of every form class the project declares."""
    names: set[str] = set()
    pending = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in {
            "network",
            "masterclasses",
            "peer_support",
            "commissioning",
            "privacy",
            "insight",
        }:
            names.update(getattr(cls, "base_fields", {}))
    return sorted(names)


def _encode(value) -> str:
    return "%FF%FE" if value is INVALID_UTF8 else quote(str(value), safe="")


def _query(names, value) -> str:
    return "&".join(f"{name}={_encode(value)}" for name in names)


def _path(route: str, values: dict[str, object]) -> str:
    return fill(route, {name: _encode(value) for name, value in values.items()})


@pytest.fixture
def world(db):
    """One of everything a route can point at, with an insider who can reach them all."""
    insider = MemberFactory(role=Member.Role.COMMISSIONER)
    provider = MemberFactory(role=Member.Role.PROVIDER)
    availability(provider)
    circle = CircleFactory(facilitator=insider)
    other = CircleMembershipFactory(circle=circle).member
    thread = ThreadFactory(circle=circle)
    message = MessageFactory(thread=thread, author=other)
    session = SessionFactory()
    opportunity = OpportunityFactory(commissioner=insider)
    # Commissioning: a challenge of the insider's at the methods stage, with a lot and a bid.
    lot = LotFactory(challenge__commissioner=insider)
    challenge = lot.challenge
    expression = ExpressionFactory(lot=lot)
    partner = ConsortiumPartner.objects.create(
        expression=expression, member=insider, organisation=insider.organisation
    )
    comment = Comment.objects.create(challenge=challenge, author_member=insider, body="Hello")
    proposal = Proposal.objects.create(challenge=challenge, author_member=insider, title="More")
    question = Clarification.objects.create(challenge=challenge, asked_by=insider, question="?")
    invitation = Invitation.objects.create(challenge=challenge, guest_name="Guest")
    page = session.page
    valid = {
        "pk": message.pk,
        "member_pk": other.pk,
        "slug": circle.slug,
        "token": "no-such-token",
        "key": "no-such-key",
        "uidb36": "1",
        "restriction_id": 1,
        "page_view_restriction_id": 1,
        "page_id": page.pk,
        "session_id": session.pk,
        "challenge_pk": challenge.pk,
    }
    by_name = {
        "member_detail": provider.pk,
        "booking_create": provider.pk,
        "interest": provider.pk,
        "decline": provider.pk,
        "opportunity_detail": opportunity.pk,
        "opportunity_edit": opportunity.pk,
        "thread_detail": thread.pk,
        "thread_notify": thread.pk,
        **dict.fromkeys(
            [
                "challenge_detail",
                "challenge_edit",
                "challenge_stage",
                "invite_member",
                "invite_guest",
                "proposal_create",
                "comment_create",
                "resources",
                "asset_add",
                "funding_add",
                "appraisal",
                "question_ask",
            ],
            challenge.pk,
        ),
        **dict.fromkeys(
            ["lot_detail", "lot_edit", "interest", "evaluator_add", "declarations", "award"],
            lot.pk,
        ),
        "invitation_revoke": invitation.pk,
        "outcome_edit": lot.outcome_id,
        "proposal_decide": proposal.pk,
        "comment_hide": comment.pk,
        "partner_invite": expression.pk,
        "partner_answer": partner.pk,
        "question_answer": question.pk,
    }
    page_routes = [
        (page.url.lstrip("/") + "sessions/<int:session_id>/register/", "page:register"),
        (page.url.lstrip("/") + "sessions/<int:session_id>/cancel/", "page:cancel"),
        (page.url.lstrip("/") + "sessions/<int:session_id>/calendar/", "page:calendar"),
        (page.url.lstrip("/"), "page:masterclass"),
        (masterclass_index().url.lstrip("/"), "page:masterclass-index"),
        (masterclass_index().url.lstrip("/") + "feed/", "page:feed"),
        (guidance_index().url.lstrip("/"), "page:guidance-index"),
        ("", "page:home"),
    ]
    insider_client = Client(raise_request_exception=False)
    insider_client.force_login(insider.user)
    return {
        "insider": insider,
        "valid": valid,
        "by_name": by_name,
        "routes": project_routes() + page_routes,
        "fields": form_field_names(),
        "clients": {"insider": insider_client, "anonymous": Client(raise_request_exception=False)},
    }


def _valid_values(world, route: str, name: str) -> dict[str, object]:
    values = {}
    for _converter, parameter in parameters(route):
        if parameter == "pk" and name in world["by_name"]:
            values[parameter] = world["by_name"][name]
        else:
            values[parameter] = world["valid"].get(parameter, "x")
    return values


def _send(client, method, path, query="", body=""):
    extra = {"QUERY_STRING": query}
    if method == "GET":
        return client.get(path, **extra)
    return client.post(path, data=body, content_type="application/x-www-form-urlencoded", **extra)


def _requests(world, route, name, value):
    """Hostile `value` in the path, in every query parameter, in every form field."""
    valid = _valid_values(world, route, name)
    path = _path(route, valid)
    if valid:
        yield "GET", _path(route, dict.fromkeys(valid, value)), "", ""
    yield "GET", path, _query(QUERY_NAMES + world["fields"], value), ""
    yield "POST", path, "", _query(world["fields"], value)


def _failure(world, role, method, path, query, body) -> str | None:
    client = world["clients"][role]
    response = _send(client, method, path, query, body)
    if role == "insider" and "_auth_user_id" not in client.session:
        client.force_login(world["insider"].user)  # that request was a POST to log out
    if response.status_code < 500:
        return None
    return f"{method} {path[:120]}?{query[:120]} body={body[:120]!r} as {role}"


def test_known_hostile_values_never_give_a_500(world):
    failures = [
        failure
        for route, name in world["routes"]
        for value in HOSTILE
        for request in _requests(world, route, name, value)
        # Signed out, a POST only meets the log-in redirect; GETs reach public pages.
        for role in ("insider", "anonymous")[: 2 if request[0] == "GET" else 1]
        if (failure := _failure(world, role, *request))
    ]
    assert failures == [], "\n".join(failures)


hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)).map(
        lambda when: when.isoformat()
    ),
    st.dates().map(lambda day: f"{day:%Y-%m}"),
    st.sampled_from(HOSTILE),
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_values_never_give_a_500(world, data):
    route, name = data.draw(st.sampled_from(world["routes"]), label="route")
    role = data.draw(st.sampled_from(["insider", "anonymous"]), label="role")
    values = _valid_values(world, route, name)
    for parameter in values:
        if data.draw(st.booleans(), label=f"replace {parameter}"):
            values[parameter] = data.draw(hostile_text, label=parameter)
    fields = data.draw(
        st.dictionaries(st.sampled_from(QUERY_NAMES + world["fields"]), hostile_text, max_size=6),
        label="fields",
    )
    query = "&".join(f"{k}={_encode(v)}" for k, v in fields.items())
    method = data.draw(st.sampled_from(["GET", "POST"]), label="method")
    path = _path(route, values)
    request = (path, query, "") if method == "GET" else (path, "", query)
    assert _failure(world, role, method, *request) is None
