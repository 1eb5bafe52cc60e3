"""Editors, moderators and the admin views of who registered."""

import csv
import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from wagtail.models import Workflow
from wagtail.test.utils.form_data import querydict_from_html

from core.demo import DEMO_TOTP_SECRET, load_demo
from masterclasses.models import GuidancePage, MasterclassPage, Registration, Topic
from tests.factories import (
    MemberFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = UserFactory(groups=["Editors"])
    TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


@pytest.fixture
def moderator():
    user = UserFactory(groups=["Moderators"])
    TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def test_editors_submit_and_moderators_publish(editor, moderator):
    session = SessionFactory()
    page = session.page
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(moderator).can_publish()

    workflow = page.get_workflow()
    assert workflow is not None
    assert workflow.name == "Moderators approval"
    (task,) = workflow.tasks.specific()
    assert [g.name for g in task.groups.all()] == ["Moderators"]
    assert Workflow.objects.filter(active=True).count() >= 1

    page.save_revision(user=editor)
    state = workflow.start(page, editor)
    assert page.workflow_in_progress
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    assert page.live
    assert page.live_revision == page.latest_revision


def test_the_shared_topics_are_created_by_migration():
    assert {"collaborative-commissioning", "asset-based-approaches", "outcomes"} <= set(
        Topic.objects.values_list("slug", flat=True)
    )


def test_editors_see_attendees_and_waiting_lists(client, editor):
    session = SessionFactory(capacity=1)
    there = RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, status=Registration.Status.WAITLISTED)
    client.force_login(editor)

    listing = client.get("/admin/masterclass-sessions/")
    assert listing.status_code == 200
    assert session.page.title in listing.text

    response = client.get(f"/admin/masterclass-sessions/{session.pk}/")
    assert response.status_code == 200
    registered_part, waiting_part = response.text.split("Waiting list", 1)
    assert there.member.user.email in registered_part
    assert waiting.member.user.email in waiting_part


def test_attendee_csv_export(client, editor):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session, member=MemberFactory(job_title="=HYPERLINK(1)"))
    RegistrationFactory(session=session, status=Registration.Status.WAITLISTED)
    client.force_login(editor)

    response = client.get(f"/admin/masterclass-sessions/{session.pk}/attendees.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Status", "Position", "Name"]
    assert [row[0] for row in rows[1:]] == ["Registered", "Waiting"]
    assert rows[1][5] == "'=HYPERLINK(1)"  # no spreadsheet formula injection


def test_members_without_cms_rights_cannot_see_attendees(member_client):
    session = SessionFactory()
    response = member_client.get(f"/admin/masterclass-sessions/{session.pk}/attendees.csv")
    assert response.status_code in (302, 403)
    assert "text/csv" not in response.get("Content-Type", "")


def test_demo_content_is_complete_and_idempotent():
    load_demo(["masterclasses"])
    load_demo(["masterclasses"])
    masterclasses = MasterclassPage.objects.live()
    assert masterclasses.count() >= 6
    assert GuidancePage.objects.live().count() == 6
    places = set(masterclasses.values_list("place__slug", flat=True))
    assert {"greater-manchester", "cornwall", "somerset", "wirral", "sefton"} <= places
    assert all(m.sessions.upcoming().exists() for m in masterclasses)
    moderator = Registration._meta.apps.get_model("network", "User").objects.get(
        email="moderator@example.org"
    )
    assert moderator.groups.filter(name="Moderators").exists()
    assert hasattr(moderator, "member")


class TestRemovingSessions:
    """An editor cannot delete a session people hold places in: they would vanish unseen."""

    def edit(self, client, page, *, delete_first_session: bool):
        url = f"/admin/pages/{page.pk}/edit/"
        data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
        data.setdefault("body-count", "0")  # the (empty) body's editor is drawn by JavaScript
        if delete_first_session:
            data["sessions-0-DELETE"] = "1"
        return client.post(url, data)

    def test_a_session_with_registrations_stays_and_the_editor_is_told_why(self, client, moderator):
        session = SessionFactory()
        RegistrationFactory(session=session)
        SessionFactory(page=session.page)
        client.force_login(moderator)

        response = self.edit(client, session.page, delete_first_session=True)

        assert response.status_code == 200
        assert "has 1 people registered or on its waiting list" in response.content.decode()
        assert Registration.objects.filter(session=session).exists()
        assert session.page.sessions.count() == 2

    def test_an_empty_session_can_be_removed(self, client, moderator):
        empty = SessionFactory()
        SessionFactory(page=empty.page)
        client.force_login(moderator)

        response = self.edit(client, empty.page, delete_first_session=True)

        assert response.status_code == 302
        draft = MasterclassPage.objects.get(pk=empty.page.pk).get_latest_revision_as_object()
        assert draft.sessions.count() == 1
