"""Checks every peer_support service makes before it writes: who may act, and on what."""

from django.db import connection

from network.models import Member
from peer_support import errors
from peer_support.models import Circle, CircleMembership, Message, Thread


def membership_of(circle: Circle, member: Member) -> CircleMembership | None:
    return CircleMembership.objects.filter(circle=circle, member=member).first()


def require_participant(circle: Circle, member: Member) -> CircleMembership:
    membership = membership_of(circle, member)
    if membership is None or not membership.is_participating:
        raise errors.NotPermitted()
    return membership


def require_facilitator(circle: Circle, member: Member) -> CircleMembership:
    membership = require_participant(circle, member)
    if not membership.is_facilitator:
        raise errors.NotPermitted(message="Only the circle's facilitator can do that.")
    return membership


def require_open(circle: Circle) -> None:
    if circle.is_closed:
        raise errors.CircleClosed()


def lock(circle: Circle) -> Circle:
    """Lock the circle row: serialises joins (size limit) and message ids (commit order)."""
    return Circle.objects.select_for_update().get(pk=circle.pk)


def lock_thread(thread: Thread) -> Thread:
    """Lock the thread's circle row, as `lock` does, and return the thread fresh with it, in
    one statement: the thread need be known only by its id and its circle's (a socket's post),
    and `Thread.DoesNotExist` says it is not in that circle."""
    return (
        Thread.objects.select_related("circle")
        .select_for_update(of=("circle",))
        .get(pk=thread.pk, circle_id=thread.circle_id)
    )


def lock_message(message: Message) -> Message:
    """Lock the circle row, then the message row (always in that order, as posting does, so
    two writers never wait on each other), and return the message fresh."""
    lock(Circle(pk=message.circle_id))
    return (
        Message.objects.select_for_update(of=("self",))
        .select_related("author__user", "circle", "thread")
        .get(pk=message.pk)
    )


def next_change_id(circle: Circle) -> int:
    """The next id in the circle's one sequence of changes (created, edited, deleted, hidden).

    Call inside the transaction that makes the change. The update holds the circle row until
    commit, so change ids of one circle are allocated in commit order: once change N is
    visible every smaller one is, and "every change after N" (a reconnecting socket's
    replay) never skips a change that commits late.

    One statement, `UPDATE … RETURNING` (PostgreSQL, and SQLite since 3.35): Django's
    `update()` returns only a row count, and reading the id back cost every change a second
    round trip.
    """
    table = connection.ops.quote_name(Circle._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_change_id = last_change_id + 1 WHERE id = %s "
            "RETURNING last_change_id",
            [circle.pk],
        )
        return cursor.fetchone()[0]


def may_create_circles(member: Member) -> bool:
    """Staff, and members who already facilitate a circle that is still open."""
    return (
        member.user.is_staff
        or CircleMembership.objects.filter(
            member=member,
            role=CircleMembership.Role.FACILITATOR,
            status=CircleMembership.Status.ACTIVE,
            circle__closed_at__isnull=True,
        ).exists()
    )
