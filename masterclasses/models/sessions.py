"""Scheduled sessions of a masterclass and the members registered for them."""

from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from core.calendar import CalendarEvent, Person, Status, event_uid
from network.models import Member

# Changing any of these changes the event in people's calendars, so SEQUENCE goes up.
SCHEDULE_FIELDS = ("start", "end", "venue", "joining_url")


class SessionQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(end__gte=timezone.now())

    def live(self):
        return self.filter(page__live=True)

    def with_counts(self):
        """Registered and waiting numbers in the same query, for lists of sessions."""
        return self.annotate(
            registered_count=models.Count(
                "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
            ),
            waitlisted_count=models.Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
            ),
        )

    def with_status_for(self, member: Member):
        """`my_status`: `member`'s registration on each session ("registered", "waitlisted",
        or None), in the same query as the sessions."""
        mine = Registration.objects.filter(session=OuterRef("pk"), member=member).active()
        return self.annotate(my_status=Subquery(mine.values("status")[:1]))


class Session(Orderable):
    """One sitting of a masterclass. Times are stored in UTC and entered in Europe/London."""

    page = ParentalKey(
        "masterclasses.MasterclassPage", on_delete=models.CASCADE, related_name="sessions"
    )
    start = models.DateTimeField(help_text="UK time (Europe/London).")
    end = models.DateTimeField(help_text="UK time (Europe/London).")
    capacity = models.PositiveIntegerField(
        default=30, help_text="Places available; further members join the waiting list."
    )
    venue = models.CharField(
        max_length=250, blank=True, help_text="Address, for in-person and hybrid sessions."
    )
    joining_url = models.URLField(
        "joining link",
        blank=True,
        help_text="Online meeting link. Only members registered for the session see it.",
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # The sequence registered members last received an invitation for.
    notified_sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("capacity"),
        FieldPanel("venue"),
        FieldPanel("joining_url"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="session_ends_after_it_starts",
                violation_error_message="A session must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="session_has_at_least_one_place",
                violation_error_message="A session needs at least one place.",
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        title = self.page.title if self.page_id else "Session"
        return f"{title}, {local:%-d %B %Y %H:%M}"

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "A session must end after it starts."})
        if not self.venue and not self.joining_url:
            raise ValidationError("Give a venue, a joining link, or both.")

    def save(self, *args, **kwargs):
        """Bump SEQUENCE when the time or place changes, so calendars take the update.

        The counters come from the database, not from the (possibly older) revision the
        editor publishes.
        """
        if self.pk:
            before = (
                Session.objects.filter(pk=self.pk)
                .values_list(*SCHEDULE_FIELDS, "sequence", "notified_sequence")
                .first()
            )
            if before is not None:
                *schedule, self.sequence, self.notified_sequence = before
                if tuple(schedule) != tuple(getattr(self, f) for f in SCHEDULE_FIELDS):
                    self.sequence += 1
        super().save(*args, **kwargs)

    @property
    def has_started(self) -> bool:
        return self.start <= timezone.now()

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def is_online(self) -> bool:
        return bool(self.joining_url)

    @property
    def places_left(self) -> int:
        """Needs `with_counts()`."""
        return max(self.capacity - self.registered_count, 0)

    def calendar_event(
        self,
        *,
        uid: str | None = None,
        sequence: int | None = None,
        private: bool = False,
        status: str = Status.CONFIRMED,
        attendees: tuple[Person, ...] = (),
    ) -> CalendarEvent:
        """This session in a calendar. `private` (for a member's own place) adds the
        joining link, which the public download leaves out."""
        page = self.page
        url = settings.SITE_URL + (page.url or "/")
        description = [strip_tags(page.summary), "", url]
        if private and self.joining_url:
            description[1:1] = ["", f"Join online: {self.joining_url}"]
        location = self.venue or ("Online" if self.joining_url else "")
        if private and self.joining_url and not self.venue:
            location = self.joining_url
        organiser_name, organiser_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
        return CalendarEvent(
            uid=uid or event_uid("masterclass-session", self.pk),
            sequence=self.sequence if sequence is None else sequence,
            starts_at=self.start,
            ends_at=self.end,
            summary=f"Masterclass: {page.title}",
            description="\n".join(description),
            location=location,
            url=url,
            status=status,
            organizer=Person(organiser_email, organiser_name or "Common Ground"),
            attendees=attendees,
        )


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def registered(self):
        return self.filter(status=Registration.Status.REGISTERED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED)

    def in_queue_order(self):
        return self.order_by("queued_at", "pk")


class Registration(models.Model):
    """A member's place (or place in the queue) for one session; one row per member and session."""

    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        WAITLISTED = "waitlisted", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(max_length=16, choices=Status.choices)
    # When the member (re)joined: the waiting list is served in this order.
    queued_at = models.DateTimeField(default=timezone.now)
    # Bumped on every status change; added to the session's sequence in .ics invitations.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"], name="registration_one_per_member_and_session"
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.member} · {self.session} ({self.get_status_display()})"

    @property
    def calendar_sequence(self) -> int:
        return self.session.sequence + self.sequence

    @property
    def calendar_uid(self) -> str:
        """Stable per member and session, so updates and cancellations replace the event."""
        return event_uid("masterclass-session", f"{self.session_id}-member-{self.member_id}")

    def calendar_event(self) -> CalendarEvent:
        """The member's own event: their place while they hold it, cancelled once they don't."""
        cancelled = self.status == self.Status.CANCELLED
        user = self.member.user
        return self.session.calendar_event(
            uid=self.calendar_uid,
            sequence=self.calendar_sequence,
            private=not cancelled,
            status=Status.CANCELLED if cancelled else Status.CONFIRMED,
            attendees=(Person(user.email, str(user), "DECLINED" if cancelled else "ACCEPTED"),),
        )
