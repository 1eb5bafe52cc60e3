"""Tasks the worker runs for the network, named by dotted path in the schedules (see
`scheduling/migrations`)."""

from network.services.bookings import reminders_send


def booking_reminders_send() -> int:
    return reminders_send()
