"""Reads for privacy: what the archive gives of each kind of record, and the audit log.

Each exporter takes the member and returns a `Part` (or None when there is nothing of that
kind to give). Only the member's own words are given: their messages with the thread's
title, never anyone else's message.
"""

from django.db.models import Q

from network.models import Member
from privacy.models import AuditEntry, DataExport
from privacy.services.export import Part


def _when(value):
    return value.isoformat() if value else None


def profile(member: Member) -> Part:
    user = member.user
    return Part(
        "profile",
        [
            {
                "name": member.name,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "role": member.get_role_display(),
                "organisation": member.organisation.name,
                "job_title": member.job_title,
                "about_you": member.bio,
                "listed_in_directory": member.listed_in_directory,
                "show_organisation": member.show_organisation,
                "show_email": member.show_email,
                "joined": _when(user.date_joined),
                "last_login": _when(user.last_login),
            }
        ],
    )


def organisation(member: Member) -> Part:
    """The organisation record, where they are its only member (otherwise it is also other
    people's, and only its name is in the profile)."""
    org = member.organisation
    if org.members.exclude(pk=member.pk).exists():
        return Part("organisation", [], note="Your organisation has other members too.")
    return Part(
        "organisation",
        [
            {
                "name": org.name,
                "kind": org.get_kind_display(),
                "place": org.place.name,
                "charity_number": org.charity_number,
                "website": org.website,
                "created": _when(org.created_at),
            }
        ],
    )


def availability(member: Member) -> Part:
    from network.models import Availability

    rows = []
    for rules in Availability.objects.filter(member=member).prefetch_related("windows"):
        for window in rules.windows.all():
            rows.append(
                {
                    "when": str(window),
                    "session_minutes": rules.session_minutes,
                    "buffer_minutes": rules.buffer_minutes,
                    "notice_hours": rules.notice_hours,
                    "cancellation_notice_hours": rules.cancellation_notice_hours,
                    "max_per_day": rules.max_per_day,
                    "max_per_week": rules.max_per_week,
                    "open_for_bookings": rules.accepting,
                }
            )
    return Part("booking-availability", rows)


def calendar_feed(member: Member) -> Part:
    from network.models import CalendarFeed

    feed = CalendarFeed.objects.filter(member=member).first()
    rows = [{"private_calendar_feed": "yes, made at your request"}] if feed else []
    return Part("calendar-feed", rows)


def match_profile(member: Member) -> Part:
    from network.models import MatchProfile

    profile = (
        MatchProfile.objects.filter(member=member)
        .prefetch_related("outcome_areas", "places", "assets_offered", "assets_sought")
        .first()
    )
    if profile is None:
        return Part("matching-profile", [])
    return Part(
        "matching-profile",
        [
            {
                "outcome_areas": [o.name for o in profile.outcome_areas.all()],
                "places_served": [p.name for p in profile.places.all()],
                "what_you_bring": [a.name for a in profile.assets_offered.all()],
                "what_you_look_for": [a.name for a in profile.assets_sought.all()],
                "in_your_words": profile.looking_for,
                "size": profile.get_size_band_display(),
                "new_connections_a_month": profile.monthly_connection_cap,
                "not_suggested_to_others": profile.opted_out,
                "updated": _when(profile.updated_at),
            }
        ],
    )


def opportunities(member: Member) -> Part:
    from network.models import Opportunity

    rows = [
        {
            "title": o.title,
            "summary": o.summary,
            "outcome_area": o.outcome_area.name,
            "place": o.place.name,
            "value": o.get_value_band_display(),
            "closes_on": str(o.closes_on),
            "starts_on": str(o.starts_on),
            "status": o.get_status_display(),
            "created": _when(o.created_at),
        }
        for o in Opportunity.objects.filter(commissioner=member).select_related(
            "outcome_area", "place"
        )
    ]
    return Part("opportunities", rows)


def interests(member: Member) -> Part:
    """Their own answers to suggestions; what others answered about them is theirs."""
    from network.models import MatchResponse

    rows = [
        {
            "member": r.other.name,
            "your_answer": r.get_kind_display(),
            "opportunity": r.opportunity.title if r.opportunity else "",
            "when": _when(r.created_at),
        }
        for r in MatchResponse.objects.filter(member=member).select_related(
            "other__user", "opportunity"
        )
    ]
    return Part("interests", rows)


def connections(member: Member) -> Part:
    from network.models import Connection

    rows = []
    for c in Connection.objects.involving(member.pk).select_related(
        "first__user", "first__organisation", "second__user", "second__organisation"
    ):
        other = c.second if c.first_id == member.pk else c.first
        rows.append(
            {
                "connected_with": other.name,
                "organisation": other.organisation.name,
                "when": _when(c.created_at),
            }
        )
    return Part("connections", rows)


def bookings(member: Member) -> Part:
    from network.models import Booking

    found = list(Booking.objects.involving(member.pk).with_people())
    rows = [
        {
            "starts": _when(b.starts_at),
            "ends": _when(b.ends_at),
            "you_were": "provider" if b.provider_id == member.pk else "requester",
            "with": (b.requester if b.provider_id == member.pk else b.provider).name,
            "purpose": b.purpose,
            "agenda": b.agenda,
            "status": b.get_status_display(),
            "reason_for_change": b.change_reason,
            "requested": _when(b.created_at),
        }
        for b in found
    ]
    return Part("bookings", rows, events=[b.calendar_event() for b in found])


def notifications(member: Member) -> Part:
    from notifications.models import Notification

    rows = [
        {
            "when": _when(n.created_at),
            "kind": n.get_kind_display(),
            "text": n.text,
            "link": n.url,
            "read": _when(n.read_at),
        }
        for n in Notification.objects.filter(member=member)
    ]
    return Part("notifications", rows)


def notification_preferences(member: Member) -> Part:
    from notifications.models import Preference

    rows = [
        {"kind": p.get_kind_display(), "how": p.get_channel_display()}
        for p in Preference.objects.filter(member=member)
    ]
    return Part("notification-preferences", rows, note="Kinds not listed use the default.")


def registrations(member: Member) -> Part:
    from masterclasses.models import Registration

    found = list(
        Registration.objects.filter(member=member).select_related("session__page", "member__user")
    )
    rows = [
        {
            "masterclass": r.session.page.title,
            "starts": _when(r.session.start),
            "ends": _when(r.session.end),
            "venue": r.session.venue,
            "status": r.get_status_display(),
            "since": _when(r.queued_at),
        }
        for r in found
    ]
    return Part("masterclass-registrations", rows, events=[r.calendar_event() for r in found])


def circle_memberships(member: Member) -> Part:
    from peer_support.models import CircleMembership

    rows = [
        {
            "circle": m.circle.name,
            "role": m.get_role_display(),
            "status": m.get_status_display(),
            "joined": _when(m.joined_at),
            "agreement_accepted": _when(m.agreement_accepted_at),
            "ended": _when(m.ended_at),
        }
        for m in CircleMembership.objects.filter(member=member).select_related("circle")
    ]
    return Part("circle-memberships", rows)


def circles_facilitated(member: Member) -> Part:
    from peer_support.models import Circle

    rows = [
        {"circle": c.name, "purpose": c.purpose, "created": _when(c.created_at)}
        for c in Circle.objects.filter(facilitator=member)
    ]
    return Part("circles-facilitated", rows)


def join_requests(member: Member) -> Part:
    from peer_support.models import JoinRequest

    rows = [
        {
            "circle": r.circle.name,
            "your_note": r.note,
            "status": r.get_status_display(),
            "asked": _when(r.created_at),
            "decided": _when(r.decided_at),
        }
        for r in JoinRequest.objects.filter(member=member).select_related("circle")
    ]
    return Part("circle-join-requests", rows)


def invitations_sent(member: Member) -> Part:
    """That they invited someone, not whom: the address is the other person's."""
    from peer_support.models import Invitation

    rows = [
        {"circle": i.circle.name, "sent": _when(i.created_at), "accepted": _when(i.accepted_at)}
        for i in Invitation.objects.filter(invited_by=member).select_related("circle")
    ]
    return Part("circle-invitations-sent", rows)


def threads_started(member: Member) -> Part:
    from peer_support.models import Thread

    rows = [
        {"circle": t.circle.name, "thread": t.title, "started": _when(t.created_at)}
        for t in Thread.objects.filter(started_by=member).select_related("circle")
    ]
    return Part("circle-threads-started", rows)


def messages(member: Member) -> Part:
    """Their own messages, with the thread's title; no one else's words."""
    from peer_support.models import Message

    rows = [
        {
            "circle": m.circle.name,
            "thread": m.thread.title,
            "sent": _when(m.created_at),
            "edited": _when(m.edited_at),
            "message": "" if m.deleted_at else m.body,
            "deleted": _when(m.deleted_at),
            "hidden_by_facilitator": _when(m.hidden_at),
        }
        for m in Message.objects.filter(author=member).select_related("circle", "thread")
    ]
    return Part("circle-messages", rows)


def thread_states(member: Member) -> Part:
    from peer_support.models import ThreadState

    rows = [
        {"thread": s.thread.title, "notifications": s.get_notify_display()}
        for s in ThreadState.objects.filter(member=member).select_related("thread")
    ]
    return Part("circle-thread-settings", rows)


def mentions(member: Member) -> Part:
    """That someone mentioned them, where and when: the words are the other person's."""
    from peer_support.models import Mention

    rows = [
        {"thread": m.message.thread.title, "when": _when(m.created_at)}
        for m in Mention.objects.filter(member=member).select_related("message__thread")
    ]
    return Part("circle-mentions", rows)


def reports(member: Member) -> Part:
    """Reports they made: their reason, not the reported message (someone else's words)."""
    from peer_support.models import Report

    rows = [
        {
            "circle": r.circle.name,
            "thread": r.message.thread.title,
            "your_reason": r.reason,
            "status": r.get_status_display(),
            "made": _when(r.created_at),
            "resolved": _when(r.resolved_at),
        }
        for r in Report.objects.filter(reporter=member).select_related("circle", "message__thread")
    ]
    return Part("circle-reports-made", rows)


def audit_entries(member: Member) -> Part:
    rows = [
        {
            "when": _when(e.created_at),
            "what": e.get_action_display(),
            "by": e.actor_label,
            "about": e.subject_label,
            "circle": e.circle.name if e.circle else "",
            "detail": e.detail,
        }
        for e in AuditEntry.objects.filter(Q(actor=member) | Q(subject=member)).select_related(
            "circle"
        )
    ]
    return Part("audit-log", rows, note="Actions by you or about you that staff can see.")


def data_exports(member: Member) -> Part:
    rows = [
        {"asked": _when(e.created_at), "status": e.get_status_display()}
        for e in DataExport.objects.filter(member=member)
    ]
    return Part("data-archives", rows)


def email_addresses(member: Member) -> Part:
    from allauth.account.models import EmailAddress

    rows = [
        {"email": e.email, "verified": e.verified, "primary": e.primary}
        for e in EmailAddress.objects.filter(user=member.user)
    ]
    return Part("email-addresses", rows)


def authenticators(member: Member) -> Part:
    """That they set up two-factor sign-in; never the secrets."""
    from allauth.mfa.models import Authenticator

    rows = [
        {
            "type": a.get_type_display(),
            "added": _when(a.created_at),
            "last_used": _when(a.last_used_at),
        }
        for a in Authenticator.objects.filter(user=member.user)
    ]
    return Part("two-factor", rows)


def admin_actions(member: Member) -> Part:
    from django.contrib.admin.models import LogEntry

    rows = [
        {"when": _when(e.action_time), "object": e.object_repr, "change": e.get_change_message()}
        for e in LogEntry.objects.filter(user=member.user)
    ]
    return Part("admin-actions", rows)


def cms_profile(member: Member) -> Part:
    from wagtail.users.models import UserProfile

    rows = [
        {
            "preferred_language": p.preferred_language,
            "time_zone": p.current_time_zone,
            "theme": p.theme,
        }
        for p in UserProfile.objects.filter(user=member.user)
    ]
    return Part("cms-preferences", rows)


def nothing(member: Member) -> None:
    """Not in the archive: the rule's note says why."""
    return None


# --- The audit log, for staff ---------------------------------------------------------------


def audit_log(*, action: str = "", limit: int = 200):
    entries = AuditEntry.objects.with_people()
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    return entries[:limit]


def action_learning_turns(member: Member) -> Part:
    from peer_support.models import ActionLearningIssue

    rows = [
        {"circle": i.action_set.circle.name, "set": _when(i.action_set.created_at)}
        for i in ActionLearningIssue.objects.filter(holder=member).select_related(
            "action_set__circle"
        )
    ]
    return Part("action-learning-issues-held", rows)


def action_learning_questions(member: Member) -> Part:
    """Questions they asked; not the issue-holder's words."""
    from peer_support.models import ActionLearningQuestion

    rows = [
        {
            "circle": q.issue.action_set.circle.name,
            "set": _when(q.issue.action_set.created_at),
            "question": q.body,
        }
        for q in ActionLearningQuestion.objects.filter(author=member).select_related(
            "issue__action_set__circle"
        )
    ]
    return Part("action-learning-questions", rows)


def action_learning_actions(member: Member) -> Part:
    from peer_support.models import ActionLearningAction

    rows = [
        {
            "circle": a.issue.action_set.circle.name,
            "action": a.text,
            "status": a.get_status_display(),
            "review_note": a.review_note,
            "set": _when(a.created_at),
        }
        for a in ActionLearningAction.objects.filter(holder=member).select_related(
            "issue__action_set__circle"
        )
    ]
    return Part("action-learning-actions", rows)


def action_learning_sets_run(member: Member) -> Part:
    from peer_support.models import ActionLearningSet

    rows = [
        {"circle": s.circle.name, "created": _when(s.created_at)}
        for s in ActionLearningSet.objects.filter(created_by=member).select_related("circle")
    ]
    return Part("action-learning-sets-run", rows)


# --- Commissioning (issue 13) -------------------------------------------------------------


def challenges_commissioned(member: Member) -> Part:
    from commissioning.models import Challenge

    rows = [
        {
            "challenge": c.title,
            "summary": c.summary,
            "place": c.place.name,
            "who_can_see_it": c.get_visibility_display(),
            "stage": c.get_stage_display(),
            "created": _when(c.created_at),
        }
        for c in Challenge.objects.filter(commissioner=member).select_related("place")
    ]
    return Part("challenges-commissioned", rows)


def challenge_invitations(member: Member) -> Part:
    from commissioning.models import Invitation

    rows = [
        {
            "challenge": i.challenge.title,
            "invited": _when(i.created_at),
            "revoked": _when(i.revoked_at),
        }
        for i in Invitation.objects.filter(member=member).select_related("challenge")
    ]
    return Part("challenge-invitations", rows)


def challenge_proposals(member: Member) -> Part:
    from commissioning.models import Proposal

    rows = [
        {
            "challenge": p.challenge.title,
            "title": p.title,
            "description": p.description,
            "status": p.get_status_display(),
            "commissioner_note": p.decision_note,
            "proposed": _when(p.created_at),
            "decided": _when(p.decided_at),
        }
        for p in Proposal.objects.filter(author_member=member).select_related("challenge")
    ]
    return Part("challenge-proposals", rows)


def challenge_comments(member: Member) -> Part:
    """Their own comments only, with the challenge's title: never the thread around them."""
    from commissioning.models import Comment

    rows = [
        {
            "challenge": c.challenge.title,
            "comment": c.body,
            "a_reply": c.parent_id is not None,
            "written": _when(c.created_at),
            "hidden": _when(c.hidden_at),
            "hidden_because": c.hidden_reason,
        }
        for c in Comment.objects.filter(author_member=member).select_related("challenge")
    ]
    return Part("challenge-comments", rows, note="Comments you hid as a moderator are not here.")


def community_assets_offered(member: Member) -> Part:
    from commissioning.models import CommunityAsset

    rows = [
        {
            "challenge": a.challenge.title,
            "outcome": a.outcome.title,
            "kind": a.get_kind_display(),
            "name": a.name,
            "description": a.description,
            "offered": _when(a.created_at),
        }
        for a in CommunityAsset.objects.filter(offered_by=member).select_related(
            "challenge", "outcome"
        )
    ]
    return Part("challenge-assets-offered", rows)


def funding_streams_offered(member: Member) -> Part:
    from commissioning.models import FundingStream

    rows = [
        {
            "challenge": f.challenge.title,
            "outcome": f.outcome.title,
            "name": f.name,
            "amount_gbp": f.amount,
            "terms": f.terms,
            "offered": _when(f.created_at),
        }
        for f in FundingStream.objects.filter(offered_by=member).select_related(
            "challenge", "outcome"
        )
    ]
    return Part("challenge-funding-offered", rows)


def expressions_led(member: Member) -> Part:
    from commissioning.models import Expression

    rows = [
        {
            "challenge": e.lot.challenge.title,
            "lot": e.lot.title,
            "organisation": e.organisation.name,
            "statement": e.statement,
            "delivery_plan": e.delivery_plan,
            "submitted": _when(e.created_at),
        }
        for e in Expression.objects.filter(lead=member).select_related(
            "lot__challenge", "organisation"
        )
    ]
    return Part("expressions-of-interest", rows)


def consortium_invitations(member: Member) -> Part:
    """Invitations to join a consortium that came to them, and how they answered."""
    from commissioning.models import ConsortiumPartner

    rows = [
        {
            "lot": p.expression.lot.title,
            "lead_organisation": p.expression.organisation.name,
            "as_organisation": p.organisation.name,
            "status": p.get_status_display(),
            "invited": _when(p.invited_at),
            "answered": _when(p.answered_at),
        }
        for p in ConsortiumPartner.objects.filter(member=member).select_related(
            "expression__lot", "expression__organisation", "organisation"
        )
    ]
    return Part("consortium-invitations", rows)


def clarifications_asked(member: Member) -> Part:
    from commissioning.models import Clarification

    rows = [
        {
            "challenge": c.challenge.title,
            "question": c.question,
            "answer": c.answer,
            "asked": _when(c.created_at),
            "published": _when(c.published_at),
        }
        for c in Clarification.objects.filter(asked_by=member).select_related("challenge")
    ]
    return Part("clarification-questions", rows)


def evaluator_places(member: Member) -> Part:
    from commissioning.models import Evaluator

    rows = [
        {"challenge": e.lot.challenge.title, "lot": e.lot.title, "added": _when(e.added_at)}
        for e in Evaluator.objects.filter(member=member).select_related("lot__challenge")
    ]
    return Part("lots-evaluated", rows)


def declarations_made(member: Member) -> Part:
    from commissioning.models import Declaration

    rows = [
        {
            "lot": d.lot.title,
            "organisation": d.organisation.name,
            "declared": d.get_kind_display(),
            "description": d.description,
            "when": _when(d.declared_at),
        }
        for d in Declaration.objects.filter(member=member).select_related("lot", "organisation")
    ]
    return Part("conflict-of-interest-declarations", rows)
