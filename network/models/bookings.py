"""Provider availability and the sessions booked against it. Imported by `network.models`.

Times are stored as aware UTC datetimes; availability windows are wall-clock times in
Europe/London, turned into instants by `network.booking_time`.
"""

__all__ = ["Availability", "AvailabilityWindow", "Booking", "CalendarFeed"]

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core.calendar import CalendarEvent, Person, Status, event_uid


class Availability(models.Model):
    """A member's booking rules. Windows hang off it; every booking of theirs obeys it."""

    member = models.OneToOneField(
        "network.Member", on_delete=models.CASCADE, related_name="availability"
    )
    session_minutes = models.PositiveSmallIntegerField("session length (minutes)", default=45)
    buffer_minutes = models.PositiveSmallIntegerField("gap between sessions (minutes)", default=15)
    notice_hours = models.PositiveSmallIntegerField("notice needed to book (hours)", default=24)
    cancellation_notice_hours = models.PositiveSmallIntegerField(
        "notice needed to cancel or move a session (hours)", default=24
    )
    max_per_day = models.PositiveSmallIntegerField(
        "most sessions in a day", null=True, blank=True, help_text="Leave empty for no limit."
    )
    max_per_week = models.PositiveSmallIntegerField(
        "most sessions in a week", null=True, blank=True, help_text="Leave empty for no limit."
    )
    accepting = models.BooleanField("open for bookings", default=True)

    class Meta:
        verbose_name_plural = "availabilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(session_minutes__gte=15) & Q(session_minutes__lte=240),
                name="availability_session_length",
                violation_error_message="Sessions last between 15 minutes and 4 hours.",
            ),
        ]

    def __str__(self) -> str:
        return f"Availability of {self.member}"


class AvailabilityWindow(models.Model):
    """A weekly recurring window (weekday set) or a one-off window (date set), local time."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    availability = models.ForeignKey(Availability, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering = ["date", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(weekday__isnull=False) & Q(date__isnull=True))
                | (Q(weekday__isnull=True) & Q(date__isnull=False)),
                name="window_weekly_or_one_off",
                violation_error_message="A window repeats on a weekday or falls on one date.",
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="window_ends_after_start",
                violation_error_message="A window must end after it starts, on the same day.",
            ),
        ]

    def __str__(self) -> str:
        when = self.get_weekday_display() + "s" if self.date is None else f"{self.date:%d %b %Y}"
        return f"{when} {self.start_time:%H:%M} to {self.end_time:%H:%M}"


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Booking.ACTIVE_STATUSES)

    def involving(self, member_id: int):
        return self.filter(Q(provider_id=member_id) | Q(requester_id=member_id))

    def with_people(self):
        return self.select_related(
            "provider__user",
            "provider__organisation",
            "requester__user",
            "requester__organisation",
            "opportunity",
        )


class Booking(models.Model):
    """A session a member asked for with a provider.

    `blocked_until` is the end plus the provider's buffer at booking time: the time range
    [starts_at, blocked_until) is what no two active bookings of one provider may share.
    On PostgreSQL an exclusion constraint (migration 0005) enforces it.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Awaiting confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE_STATUSES = (Status.REQUESTED, Status.CONFIRMED)

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, related_name="bookings_received"
    )
    requester = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, related_name="bookings_made"
    )
    opportunity = models.ForeignKey(
        "network.Opportunity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    blocked_until = models.DateTimeField()
    purpose = models.CharField(max_length=200)
    agenda = models.TextField(max_length=4000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    sequence = models.PositiveIntegerField(default=0)
    change_reason = models.CharField(max_length=500, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")) & Q(blocked_until__gte=F("ends_at")),
                name="booking_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(provider=F("requester")), name="booking_not_with_self"
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "starts_at"], name="booking_provider_start"),
            models.Index(fields=["requester", "starts_at"], name="booking_requester_start"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.starts_at:%Y-%m-%d %H:%M} UTC)"

    def get_absolute_url(self) -> str:
        return reverse("network:booking_detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    def calendar_event(self) -> CalendarEvent:
        """This booking in people's calendars: one UID for its whole life, SEQUENCE rising
        with every change (each service bumps `sequence`)."""
        return CalendarEvent(
            uid=event_uid("booking", self.uid),
            sequence=self.sequence,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            summary=f"{self.purpose} ({self.requester.name} and {self.provider.name})",
            description=f"{self.agenda or self.purpose}\n\n{settings.SITE_URL}"
            f"{self.get_absolute_url()}",
            status={
                self.Status.CONFIRMED: Status.CONFIRMED,
                self.Status.REQUESTED: Status.TENTATIVE,
            }.get(self.status, Status.CANCELLED),
            organizer=Person(self.provider.user.email, self.provider.name),
            attendees=(Person(self.requester.user.email, self.requester.name),),
            updated_at=self.updated_at,
        )


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret behind a member's private iCal feed URL; resetting it revokes old links."""

    member = models.OneToOneField(
        "network.Member", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)

    def __str__(self) -> str:
        return f"Calendar feed of {self.member}"

    def reset(self) -> None:
        self.token = _new_token()
