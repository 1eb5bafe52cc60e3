"""Erasing an account, model by model: each rule in privacy/rules.py has a case here that
builds a row pointing at the member and checks what erasure left of it."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from masterclasses.models import Registration
from network.models import (
    Availability,
    Booking,
    CalendarFeed,
    Connection,
    MatchProfile,
    MatchResponse,
    Member,
    Opportunity,
    Organisation,
    User,
)
from notifications.models import Notification, OutgoingEmail, Preference
from peer_support.models import (
    Circle,
    CircleMembership,
    Invitation,
    JoinRequest,
    Mention,
    Message,
    Presence,
    Report,
    ThreadState,
)
from privacy.models import FORMER_MEMBER, AuditEntry, DataExport, Erasure
from privacy.rules import RULES_BY_MODEL
from privacy.services import erasure
from privacy.services.audit import audit_record
from tests.factories import (
    PASSWORD,
    CircleFactory,
    CircleMembershipFactory,
    MemberFactory,
    MessageFactory,
    OpportunityFactory,
    RegistrationFactory,
    SessionFactory,
    ThreadFactory,
    availability,
    match_profile,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def erase(member, *, keep_messages=False):
    return erasure.account_erase(member=member, password=PASSWORD, keep_messages=keep_messages)


def _booking(provider, requester, *, days, status=Booking.Status.CONFIRMED):
    start = (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0)
    return Booking.objects.create(
        provider=provider,
        requester=requester,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=45),
        blocked_until=start + dt.timedelta(minutes=60),
        purpose="Talk about the loneliness programme",
        status=status,
    )


# --- One case per rule: build(member) -> handle; check(handle, member) after erasure ----------


def booking_build(member):
    other = MemberFactory(provider=True)
    return {
        "future": _booking(other, member, days=5),
        "past": _booking(other, member, days=-5),
        "other": other,
    }


def booking_check(h, member):
    future, past = h["future"], h["past"]
    future.refresh_from_db()
    past.refresh_from_db()
    assert future.status == Booking.Status.CANCELLED
    assert future.change_reason == erasure.CLOSING_REASON
    assert past.status == Booking.Status.CONFIRMED  # history kept
    told = Notification.objects.get(member=h["other"])
    assert "cancelled the session" in told.text
    assert OutgoingEmail.objects.filter(to=h["other"].user.email).exists()


def availability_build(member):
    return availability(member)


def availability_check(h, member):
    assert not Availability.objects.filter(member=member).exists()


def registration_build(member):
    session = SessionFactory(capacity=1)
    past = RegistrationFactory(member=member, session=SessionFactory(past=True))
    mine = RegistrationFactory(session=session, member=member)
    waiting = RegistrationFactory(
        session=session, member=MemberFactory(), status=Registration.Status.WAITLISTED
    )
    return {"mine": mine, "waiting": waiting, "past": past}


def registration_check(h, member):
    for r in h.values():
        r.refresh_from_db()
    assert h["mine"].status == Registration.Status.CANCELLED
    assert h["waiting"].status == Registration.Status.REGISTERED  # the waiting list moved up
    assert Notification.objects.filter(member=h["waiting"].member).exists()
    assert h["past"].status == Registration.Status.REGISTERED  # attendance kept


def membership_build(member):
    return CircleMembershipFactory(member=member)


def membership_check(h, member):
    h.refresh_from_db()
    assert h.status == CircleMembership.Status.LEFT
    assert not Circle.objects.with_member(member).exists()


def circle_build(member):
    circle = CircleFactory(facilitator=member)
    circle.closed_at = timezone.now()
    circle.save()
    return circle


def circle_check(h, member):
    h.refresh_from_db()
    assert h.facilitator.name == FORMER_MEMBER


def message_build(member):
    membership = CircleMembershipFactory(member=member)
    thread = ThreadFactory(circle=membership.circle)
    return {
        "mine": MessageFactory(thread=thread, author=member, body="My board is in trouble"),
        "theirs": MessageFactory(thread=thread, body="I have been there too"),
    }


def message_check(h, member):
    mine, theirs = h["mine"], h["theirs"]
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.author is None
    assert mine.body == ""
    assert mine.deleted_at is not None
    assert theirs.body == "I have been there too"
    assert theirs.author is not None


def thread_build(member):
    return ThreadFactory(started_by=member)


def thread_check(h, member):
    h.refresh_from_db()
    assert h.started_by is None


def opportunity_build(member):
    return OpportunityFactory(commissioner=member)


def opportunity_check(h, member):
    h.refresh_from_db()
    assert h.status == Opportunity.Status.CLOSED


def calendar_feed_build(member):
    return CalendarFeed.objects.create(member=member)


def calendar_feed_check(h, member):
    assert not CalendarFeed.objects.filter(pk=h.pk).exists()


def match_profile_build(member):
    return match_profile(member)


def match_profile_check(h, member):
    assert not MatchProfile.objects.filter(pk=h.pk).exists()


def match_response_build(member):
    other = MemberFactory()
    mine = MatchResponse.objects.create(member=member, other=other, kind="interest")
    theirs = MatchResponse.objects.create(member=other, other=member, kind="decline")
    return [mine, theirs]


def match_response_check(h, member):
    assert not MatchResponse.objects.filter(pk__in=[r.pk for r in h]).exists()


def connection_build(member):
    other = MemberFactory()
    first, second = sorted([member, other], key=lambda m: m.pk)
    return Connection.objects.create(first=first, second=second)


def connection_check(h, member):
    assert not Connection.objects.filter(pk=h.pk).exists()


def join_request_build(member):
    return JoinRequest.objects.create(circle=CircleFactory(), member=member, note="Please")


def join_request_check(h, member):
    assert not JoinRequest.objects.filter(pk=h.pk).exists()


def invitation_build(member):
    circle = CircleFactory()
    return {
        "sent": Invitation.objects.create(circle=circle, email="x@example.org", invited_by=member),
        "accepted": Invitation.objects.create(
            circle=circle, email="y@example.org", invited_by=member, accepted_at=timezone.now()
        ),
        "to_them": Invitation.objects.create(
            circle=circle, email=member.user.email.upper(), invited_by=circle.facilitator
        ),
    }


def invitation_check(h, member):
    left = set(Invitation.objects.values_list("pk", flat=True))
    assert left == {h["accepted"].pk}


def thread_state_build(member):
    return ThreadState.objects.create(thread=ThreadFactory(), member=member)


def thread_state_check(h, member):
    assert not ThreadState.objects.filter(pk=h.pk).exists()


def mention_build(member):
    return Mention.objects.create(message=MessageFactory(), member=member)


def mention_check(h, member):
    assert not Mention.objects.filter(pk=h.pk).exists()
    assert Message.objects.filter(pk=h.message_id).exists()  # the other person's words stay


def report_build(member):
    message = MessageFactory()
    return Report.objects.create(
        message=message, circle=message.circle, reporter=member, reason="Names a client"
    )


def report_check(h, member):
    assert not Report.objects.filter(pk=h.pk).exists()


def presence_build(member):
    return Presence.objects.create(circle=CircleFactory(), member=member, channel_name="c.1")


def presence_check(h, member):
    assert not Presence.objects.filter(pk=h.pk).exists()


def data_export_build(member, settings=None):
    from django.conf import settings

    root = settings.PRIVATE_ROOT / "exports"
    root.mkdir(parents=True)
    (root / "a.zip").write_bytes(b"zip")
    return DataExport.objects.create(member=member, status="ready", file_name="exports/a.zip")


def data_export_check(h, member):
    from django.conf import settings

    assert not DataExport.objects.filter(pk=h.pk).exists()
    assert not (settings.PRIVATE_ROOT / "exports" / "a.zip").exists()


def audit_build(member):
    circle = CircleFactory(facilitator=MemberFactory())
    return [
        audit_record(action="member_removed", actor=circle.facilitator, subject=member),
        audit_record(action="message_hidden", actor=member, subject=circle.facilitator),
    ]


def audit_check(h, member):
    about, by = (AuditEntry.objects.get(pk=e.pk) for e in h)
    assert about.subject is None
    assert about.subject_label == FORMER_MEMBER
    assert about.actor_label != FORMER_MEMBER  # the other person's name stays
    assert by.actor is None
    assert by.actor_label == FORMER_MEMBER


def erasure_build(member):
    return None


def erasure_check(h, member):
    record = Erasure.objects.get(member=member)
    assert record.erased_at is not None
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ACCOUNT_ERASED)
    assert member.user.email not in entry.subject_label + entry.actor_label + entry.detail


def notification_build(member):
    return Notification.objects.create(member=member, text="Hello")


def notification_check(h, member):
    assert not Notification.objects.filter(member=member).exists()


def preference_build(member):
    return Preference.objects.create(member=member, kind="reply", channel="site")


def preference_check(h, member):
    assert not Preference.objects.filter(member=member).exists()


def authenticator_build(member):
    return Authenticator.objects.create(user=member.user, type="totp", data={"secret": "x"})


def authenticator_check(h, member):
    assert not Authenticator.objects.filter(pk=h.pk).exists()


def user_profile_build(member):
    from wagtail.users.models import UserProfile

    return UserProfile.get_for_user(member.user)


def user_profile_check(h, member):
    from wagtail.users.models import UserProfile

    assert not UserProfile.objects.filter(pk=h.pk).exists()


def _home():
    from masterclasses.models import HomePage

    return HomePage.objects.get()


def editing_session_build(member):
    from wagtail.admin.models import EditingSession

    home = _home()
    return EditingSession.objects.create(
        user=member.user,
        content_type=ContentType.objects.get_for_model(home),
        object_id=str(home.pk),
        last_seen_at=timezone.now(),
    )


def editing_session_check(h, member):
    assert not type(h).objects.filter(pk=h.pk).exists()


def form_state_build(member):
    from django.apps import apps

    FormState = apps.get_model("wagtailadmin", "FormState")
    home = _home()
    return FormState.objects.create(
        user=member.user,
        data={},
        last_updated_at=timezone.now(),
        content_type=ContentType.objects.get_for_model(home),
        object_id=str(home.pk),
    )


def form_state_check(h, member):
    assert not type(h).objects.filter(pk=h.pk).exists()


def api_token_build(member):
    from wagtail.models import APIToken

    return APIToken.objects.create(user=member.user, name="t", key_hash="h", prefix="p")


def api_token_check(h, member):
    assert not type(h).objects.filter(pk=h.pk).exists()


def page_subscription_build(member):
    from wagtail.models import PageSubscription

    return PageSubscription.objects.create(
        user=member.user, page=_home(), comment_notifications=True
    )


def page_subscription_check(h, member):
    assert not type(h).objects.filter(pk=h.pk).exists()


def comment_build(member):
    from wagtail.models import Comment, CommentReply

    other = MemberFactory().user
    mine = Comment.objects.create(page=_home(), user=member.user, text="Fix", contentpath="x")
    resolved = Comment.objects.create(
        page=_home(), user=other, text="Typo", contentpath="y", resolved_by=member.user
    )
    reply = CommentReply.objects.create(comment=resolved, user=member.user, text="Done")
    return {"mine": mine, "resolved": resolved, "reply": reply}


def comment_check(h, member):
    from wagtail.models import Comment, CommentReply

    assert not Comment.objects.filter(pk=h["mine"].pk).exists()
    assert Comment.objects.get(pk=h["resolved"].pk).resolved_by is None
    assert not CommentReply.objects.filter(pk=h["reply"].pk).exists()


def page_build(member):
    page = _home()
    page.owner = member.user
    page.locked = True
    page.locked_by = member.user
    page.save()
    return page


def page_check(h, member):
    h.refresh_from_db()
    assert h.owner is None
    assert h.locked_by is None
    assert not h.locked


def revision_build(member):
    page = _home()
    return page.save_revision(user=member.user)


def revision_check(h, member):
    h.refresh_from_db()
    assert h.user is None


def _workflow_state(member):
    from wagtail.models import Task, Workflow, WorkflowState

    page = _home()
    revision = page.save_revision()
    workflow = Workflow.objects.create(name="Review")
    task = Task.objects.create(name="Check", content_type=ContentType.objects.get_for_model(Task))
    ct = ContentType.objects.get_for_model(page)
    state = WorkflowState.objects.create(
        content_type=ct,
        base_content_type=ct,
        object_id=str(page.pk),
        workflow=workflow,
        status="in_progress",
        requested_by=member.user,
    )
    return state, task, revision


def workflow_state_build(member):
    return _workflow_state(member)[0]


def workflow_state_check(h, member):
    h.refresh_from_db()
    assert h.requested_by is None


def task_state_build(member):
    from wagtail.models import TaskState

    state, task, revision = _workflow_state(MemberFactory())
    return TaskState.objects.create(
        workflow_state=state,
        revision=revision,
        task=task,
        status="approved",
        finished_by=member.user,
        content_type=ContentType.objects.get_for_model(TaskState),
    )


def task_state_check(h, member):
    h.refresh_from_db()
    assert h.finished_by is None


def uploaded_file_build(member):
    from wagtail.models import UploadedFile

    return UploadedFile.objects.create(
        file=ContentFile(b"x", name="x.txt"), uploaded_by_user=member.user
    )


def uploaded_file_check(h, member):
    h.refresh_from_db()
    assert h.uploaded_by_user is None


def image_build(member):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    return get_image_model().objects.create(
        title="Photo", file=get_test_image_file(), uploaded_by_user=member.user
    )


def image_check(h, member):
    h.refresh_from_db()
    assert h.uploaded_by_user is None


def document_build(member):
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title="Guide", file=ContentFile(b"pdf", name="g.pdf"), uploaded_by_user=member.user
    )


def document_check(h, member):
    h.refresh_from_db()
    assert h.uploaded_by_user is None


def page_log_build(member):
    from wagtail.models import PageLogEntry

    return PageLogEntry.objects.log_action(_home(), "wagtail.edit", user=member.user)


def model_log_build(member):
    from wagtail.models import ModelLogEntry

    return ModelLogEntry.objects.log_action(OrganisationFactory(), "wagtail.edit", user=member.user)


def log_kept_check(h, member):
    h.refresh_from_db()
    assert h.user_id == member.user_id
    assert str(h.user) == FORMER_MEMBER


def admin_log_build(member):
    return LogEntry.objects.log_actions(
        user_id=member.user_id, queryset=[OrganisationFactory()], action_flag=ADDITION
    )[0]


def email_address_build(member):
    OutgoingEmail.objects.create(to=member.user.email, subject="Old news", text="x", html="x")
    return member.user.email


def email_address_check(email, member):
    assert not EmailAddress.objects.filter(email__iexact=email).exists()
    assert not User.objects.filter(email__iexact=email).exists()
    assert not OutgoingEmail.objects.filter(to=email).exists()


def organisation_build(member):
    return member.organisation


def organisation_check(h, member):
    assert Organisation.objects.filter(pk=h.pk).exists()


def member_build(member):
    return None


def member_check(h, member):
    member = Member.objects.select_related("user").get(pk=member.pk)
    user = member.user
    assert member.name == FORMER_MEMBER
    assert member.bio == ""
    assert member.job_title == ""
    assert not member.listed_in_directory
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.email.endswith("@erased.invalid")


def user_check(h, member):
    member_check(h, member)


from tests.factories import OrganisationFactory  # noqa: E402


def _action_set(member):
    from peer_support.models import (
        ActionLearningAction,
        ActionLearningIssue,
        ActionLearningQuestion,
        ActionLearningSet,
    )

    circle = CircleFactory()
    action_set = ActionLearningSet.objects.create(circle=circle, created_by=member)
    issue = ActionLearningIssue.objects.create(action_set=action_set, holder=member, order=0)
    question = ActionLearningQuestion.objects.create(issue=issue, author=member, body="Why?")
    action = ActionLearningAction.objects.create(issue=issue, holder=member, text="Call chair")
    return {"set": action_set, "issue": issue, "question": question, "action": action}


def action_learning_check(h, member):
    from peer_support.models import ActionLearningAction, ActionLearningQuestion

    h["set"].refresh_from_db()
    h["issue"].refresh_from_db()
    assert h["set"].created_by is None
    assert h["issue"].holder is None
    assert not ActionLearningQuestion.objects.filter(pk=h["question"].pk).exists()
    assert not ActionLearningAction.objects.filter(pk=h["action"].pk).exists()


# --- Commissioning ------------------------------------------------------------------------------


def challenge_build(member):
    from tests.factories import ChallengeFactory

    return ChallengeFactory(commissioner=member, stage="closed")


def challenge_check(h, member):
    h.refresh_from_db()
    assert h.commissioner.name == FORMER_MEMBER  # the public record stays


def challenge_invitation_build(member):
    from commissioning.models import Invitation as ChallengeInvitation
    from tests.factories import ChallengeFactory

    return ChallengeInvitation.objects.create(challenge=ChallengeFactory(), member=member)


def challenge_invitation_check(h, member):
    h.refresh_from_db()
    assert h.revoked_at is not None
    assert h.name == FORMER_MEMBER


def proposal_build(member):
    from commissioning.models import Proposal
    from tests.factories import ChallengeFactory

    challenge = ChallengeFactory()
    return {
        "open": Proposal.objects.create(challenge=challenge, author_member=member, title="Mine"),
        "declined": Proposal.objects.create(
            challenge=challenge,
            author_member=member,
            title="Decided",
            status=Proposal.Status.DECLINED,
            decision_note="Out of scope.",
        ),
    }


def proposal_check(h, member):
    from commissioning.models import Proposal

    assert not Proposal.objects.filter(pk=h["open"].pk).exists()
    h["declined"].refresh_from_db()
    assert h["declined"].author_name == FORMER_MEMBER
    assert h["declined"].decision_note == "Out of scope."


def challenge_comment_build(member):
    from commissioning.models import Comment
    from tests.factories import ChallengeFactory

    challenge = ChallengeFactory()
    mine = Comment.objects.create(challenge=challenge, author_member=member, body="Vans!")
    reply = Comment.objects.create(
        challenge=challenge, parent=mine, author_member=MemberFactory(), body="Yes, vans"
    )
    hidden = Comment.objects.create(
        challenge=challenge,
        author_member=MemberFactory(),
        body="Rude",
        hidden_at=timezone.now(),
        hidden_by=member,
        hidden_reason="Personal attack",
    )
    return {"mine": mine, "reply": reply, "hidden": hidden}


def challenge_comment_check(h, member):
    for c in h.values():
        c.refresh_from_db()
    assert h["mine"].body == ""
    assert h["mine"].author_name == FORMER_MEMBER
    assert h["reply"].parent_id == h["mine"].pk
    assert h["reply"].body == "Yes, vans"
    assert h["hidden"].hidden_by is None
    assert h["hidden"].hidden_at is not None
    assert h["hidden"].hidden_reason == "Personal attack"


def _resource_build(member):
    from commissioning.models import CommunityAsset, FundingStream
    from tests.factories import OutcomeFactory

    outcome = OutcomeFactory()
    common = {"challenge": outcome.challenge, "outcome": outcome, "offered_by": member}
    return {
        "asset": CommunityAsset.objects.create(**common, kind="venue", name="Church hall"),
        "fund": FundingStream.objects.create(
            **common, name="Lottery", amount=50_000, terms="Two years"
        ),
    }


def resource_check(h, member):
    for r in h.values():
        r.refresh_from_db()
        assert r.offered_by.name == FORMER_MEMBER
    assert h["asset"].name == "Church hall"
    assert h["fund"].amount == 50_000


def expression_build(member):
    from tests.factories import ExpressionFactory

    return ExpressionFactory(lead=member, organisation=member.organisation)


def expression_check(h, member):
    h.refresh_from_db()
    assert h.lead.name == FORMER_MEMBER
    assert h.statement  # the organisation's bid stays


def consortium_partner_build(member):
    from commissioning.models import ConsortiumPartner
    from tests.factories import ExpressionFactory

    pending = ExpressionFactory()
    answered = ExpressionFactory()
    return {
        "pending": ConsortiumPartner.objects.create(
            expression=pending, member=member, organisation=member.organisation
        ),
        "accepted": ConsortiumPartner.objects.create(
            expression=answered,
            member=member,
            organisation=member.organisation,
            status=ConsortiumPartner.Status.ACCEPTED,
        ),
    }


def consortium_partner_check(h, member):
    from commissioning.models import ConsortiumPartner

    for p in h.values():
        p.refresh_from_db()
    assert h["pending"].status == ConsortiumPartner.Status.DECLINED
    told = Notification.objects.get(member=h["pending"].expression.lead)
    assert "declines to join" in told.text
    assert h["accepted"].status == ConsortiumPartner.Status.ACCEPTED


def clarification_build(member):
    from commissioning.models import Clarification
    from tests.factories import ChallengeFactory

    return Clarification.objects.create(
        challenge=ChallengeFactory(stage="methods"), asked_by=member, question="TUPE?"
    )


def clarification_check(h, member):
    h.refresh_from_db()
    assert h.question == "TUPE?"  # still to be answered to everyone, never naming who asked


def _panel_build(member):
    from commissioning.models import Declaration, Evaluator
    from tests.factories import ExpressionFactory, LotFactory

    awarded = ExpressionFactory()
    awarded.lot.awarded_to = awarded
    awarded.lot.save()
    open_lot = LotFactory()
    return {
        "open": Evaluator.objects.create(lot=open_lot, member=member),
        "awarded": Evaluator.objects.create(lot=awarded.lot, member=member),
        "declaration": Declaration.objects.create(
            lot=awarded.lot,
            member=member,
            organisation=awarded.organisation,
            kind=Declaration.Kind.INTEREST,
            description="My sister is its chair.",
        ),
    }


def panel_check(h, member):
    from commissioning.models import Evaluator

    assert not Evaluator.objects.filter(pk=h["open"].pk).exists()
    assert Evaluator.objects.filter(pk=h["awarded"].pk).exists()
    declaration = h["declaration"]
    declaration.refresh_from_db()  # the register is kept, without a name
    assert declaration.description == "My sister is its chair."
    assert str(declaration.member) == FORMER_MEMBER


CASES = {
    "network.Booking": (booking_build, booking_check),
    "network.Availability": (availability_build, availability_check),
    "masterclasses.Registration": (registration_build, registration_check),
    "peer_support.CircleMembership": (membership_build, membership_check),
    "peer_support.Circle": (circle_build, circle_check),
    "peer_support.Message": (message_build, message_check),
    "peer_support.Thread": (thread_build, thread_check),
    "network.Opportunity": (opportunity_build, opportunity_check),
    "peer_support.ActionLearningSet": (_action_set, action_learning_check),
    "peer_support.ActionLearningIssue": (_action_set, action_learning_check),
    "peer_support.ActionLearningQuestion": (_action_set, action_learning_check),
    "peer_support.ActionLearningAction": (_action_set, action_learning_check),
    "network.CalendarFeed": (calendar_feed_build, calendar_feed_check),
    "network.MatchProfile": (match_profile_build, match_profile_check),
    "network.MatchResponse": (match_response_build, match_response_check),
    "network.Connection": (connection_build, connection_check),
    "peer_support.JoinRequest": (join_request_build, join_request_check),
    "peer_support.Invitation": (invitation_build, invitation_check),
    "peer_support.ThreadState": (thread_state_build, thread_state_check),
    "peer_support.Mention": (mention_build, mention_check),
    "peer_support.Report": (report_build, report_check),
    "peer_support.Presence": (presence_build, presence_check),
    "privacy.DataExport": (data_export_build, data_export_check),
    "privacy.AuditEntry": (audit_build, audit_check),
    "privacy.Erasure": (erasure_build, erasure_check),
    "notifications.Notification": (notification_build, notification_check),
    "notifications.Preference": (preference_build, preference_check),
    "mfa.Authenticator": (authenticator_build, authenticator_check),
    "wagtailusers.UserProfile": (user_profile_build, user_profile_check),
    "wagtailadmin.EditingSession": (editing_session_build, editing_session_check),
    "wagtailadmin.FormState": (form_state_build, form_state_check),
    "wagtailcore.APIToken": (api_token_build, api_token_check),
    "wagtailcore.PageSubscription": (page_subscription_build, page_subscription_check),
    "wagtailcore.Comment": (comment_build, comment_check),
    "wagtailcore.CommentReply": (comment_build, comment_check),
    "wagtailcore.Page": (page_build, page_check),
    "wagtailcore.Revision": (revision_build, revision_check),
    "wagtailcore.WorkflowState": (workflow_state_build, workflow_state_check),
    "wagtailcore.TaskState": (task_state_build, task_state_check),
    "wagtailcore.UploadedFile": (uploaded_file_build, uploaded_file_check),
    "wagtailimages.Image": (image_build, image_check),
    "wagtaildocs.Document": (document_build, document_check),
    "wagtailcore.PageLogEntry": (page_log_build, log_kept_check),
    "wagtailcore.ModelLogEntry": (model_log_build, log_kept_check),
    "admin.LogEntry": (admin_log_build, log_kept_check),
    "account.EmailAddress": (email_address_build, email_address_check),
    "network.Organisation": (organisation_build, organisation_check),
    "network.Member": (member_build, member_check),
    "network.User": (member_build, user_check),
    "commissioning.Challenge": (challenge_build, challenge_check),
    "commissioning.Invitation": (challenge_invitation_build, challenge_invitation_check),
    "commissioning.Proposal": (proposal_build, proposal_check),
    "commissioning.Comment": (challenge_comment_build, challenge_comment_check),
    "commissioning.CommunityAsset": (_resource_build, resource_check),
    "commissioning.FundingStream": (_resource_build, resource_check),
    "commissioning.Expression": (expression_build, expression_check),
    "commissioning.ConsortiumPartner": (consortium_partner_build, consortium_partner_check),
    "commissioning.Clarification": (clarification_build, clarification_check),
    "commissioning.Evaluator": (_panel_build, panel_check),
    "commissioning.Declaration": (_panel_build, panel_check),
}


def test_every_rule_has_a_case():
    assert set(CASES) == set(RULES_BY_MODEL)


@pytest.mark.parametrize("label", sorted(CASES))
def test_erasure_of(label):
    build, check = CASES[label]
    member = MemberFactory()
    handle = build(member)
    erase(member)
    member.refresh_from_db()
    check(handle, member)


# --- The account as a whole -------------------------------------------------------------------


def test_wrong_password_refuses_and_changes_nothing():
    member = MemberFactory()
    with pytest.raises(erasure.ErasureError) as error:
        erasure.account_erase(member=member, password="not it")
    assert error.value.template == erasure.ERASE_WRONG_PASSWORD
    member.user.refresh_from_db()
    assert member.user.is_active


def test_facilitator_of_an_open_circle_is_asked_to_close_it_first():
    circle = CircleFactory()
    with pytest.raises(erasure.ErasureError) as error:
        erase(circle.facilitator)
    assert error.value.template == erasure.ERASE_FACILITATING
    assert circle.name in error.value.message


def test_commissioner_of_an_open_challenge_is_asked_to_close_it_first():
    from tests.factories import ChallengeFactory

    challenge = ChallengeFactory(stage="resources")
    with pytest.raises(erasure.ErasureError) as error:
        erase(challenge.commissioner)
    assert error.value.template == erasure.ERASE_COMMISSIONING
    assert challenge.title in error.value.message
    challenge.commissioner.user.refresh_from_db()
    assert challenge.commissioner.user.is_active


def test_challenge_words_can_stay_without_a_name():
    from commissioning.models import Comment, Proposal
    from tests.factories import ChallengeFactory

    member = MemberFactory()
    challenge = ChallengeFactory()
    comment = Comment.objects.create(challenge=challenge, author_member=member, body="Vans!")
    proposal = Proposal.objects.create(challenge=challenge, author_member=member, title="Mine")
    erase(member, keep_messages=True)
    comment.refresh_from_db()
    proposal.refresh_from_db()
    assert comment.body == "Vans!"
    assert comment.author_name == FORMER_MEMBER
    assert proposal.status == Proposal.Status.OPEN
    assert proposal.author_name == FORMER_MEMBER


def test_an_account_is_erased_once():
    member = MemberFactory()
    erase(member)
    with pytest.raises(erasure.ErasureError):
        erasure.account_erase(member=Member.objects.get(pk=member.pk), password=PASSWORD)


def test_messages_can_stay_without_a_name():
    member = MemberFactory()
    membership = CircleMembershipFactory(member=member)
    message = MessageFactory(thread=ThreadFactory(circle=membership.circle), author=member)
    erase(member, keep_messages=True)
    message.refresh_from_db()
    assert message.author is None
    assert message.body
    assert message.deleted_at is None
    assert Erasure.objects.get(member=member).messages_kept


def test_the_address_can_join_again(client):
    member = MemberFactory()
    email = member.user.email
    erase(member)
    assert not client.login(email=email, password=PASSWORD)
    User.objects.create_user(email=email, password=PASSWORD)  # the unique address is free
    EmailAddress.objects.create(user=User.objects.get(email=email), email=email, verified=True)
