"""Reads for a challenge's pages: which challenges a member sees, and one challenge whole."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from commissioning.models import (
    Challenge,
    Clarification,
    Comment,
    ConsortiumPartner,
    Invitation,
    Outcome,
    Proposal,
)
from commissioning.services.rules import visible_filter
from network.models import Member


def challenges_for(member: Member) -> QuerySet[Challenge]:
    challenges = Challenge.objects.select_related("place", "commissioner__user").order_by(
        "-created_at", "-pk"
    )
    if member.user.is_staff:
        return challenges
    return challenges.filter(pk__in=Challenge.objects.filter(visible_filter(member)).values("pk"))


@dataclass
class Thread:
    comment: Comment
    replies: list["Thread"] = field(default_factory=list)


def comment_threads(challenge: Challenge) -> list[Thread]:
    """Every comment, nested under the one it replies to, oldest first (one query)."""
    comments = list(
        Comment.objects.filter(challenge=challenge).select_related(
            "author", "author_member__user", "author_member__organisation", "hidden_by__user"
        )
    )
    threads = {c.pk: Thread(c) for c in comments}
    roots = []
    for comment in comments:
        parent = threads.get(comment.parent_id)
        (parent.replies if parent else roots).append(threads[comment.pk])
    return roots


def outcomes_with_history(challenge: Challenge) -> list[Outcome]:
    return list(
        challenge.outcomes.select_related("outcome_area").prefetch_related(
            "events",
            Prefetch("proposals", queryset=Proposal.objects.select_related("author_member__user")),
        )
    )


def proposals(challenge: Challenge) -> list[Proposal]:
    return list(
        challenge.proposals.select_related(
            "author", "author_member__user", "author_member__organisation", "outcome"
        )
    )


def clarifications_for(member: Member | None, challenge: Challenge) -> dict[str, list]:
    """Published ones, to all alike and without who asked; unanswered ones only to the
    commissioner (to answer) and to the member who asked."""
    published = list(challenge.clarifications.filter(published_at__isnull=False))
    waiting = Clarification.objects.filter(challenge=challenge, published_at__isnull=True)
    if member is None:
        waiting = waiting.none()
    elif challenge.commissioner_id != member.pk:
        waiting = waiting.filter(asked_by=member)
    return {"published": published, "waiting": list(waiting.order_by("created_at"))}


def invitations(challenge: Challenge) -> list[Invitation]:
    return list(
        challenge.invitations.filter(revoked_at__isnull=True).select_related(
            "member__user", "member__organisation"
        )
    )


def my_consortium_invitations(member: Member) -> list[ConsortiumPartner]:
    return list(
        ConsortiumPartner.objects.filter(member=member, status=ConsortiumPartner.Status.INVITED)
        .select_related("expression__organisation", "expression__lot__challenge")
        .order_by("invited_at")
    )


def lots(challenge: Challenge):
    return list(challenge.lots.select_related("outcome", "awarded_to__organisation").order_by("pk"))


def member_by_email(email: str) -> Member | None:
    return (
        Member.objects.select_related("user", "organisation")
        .filter(Q(user__email__iexact=email.strip()), user__is_active=True)
        .first()
    )
