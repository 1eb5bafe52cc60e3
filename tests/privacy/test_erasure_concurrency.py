"""A booking confirmed at the moment its requester erases their account ends consistent:
either the confirmation lands first and the erasure then cancels it, or the erasure lands
first and the confirmation is refused. Never a confirmed session with a former member."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections
from django.utils import timezone

from core.errors import DomainError
from network.models import Booking, Member
from network.services.bookings import booking_confirm
from privacy.services import erasure
from tests.factories import PASSWORD, MemberFactory, availability

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run_together(*calls):
    start = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(i, call):
        try:
            start.wait()
            outcomes[i] = call()
        except Exception as error:
            outcomes[i] = error
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_confirmation_racing_erasure_ends_consistent(attempt):
    provider = MemberFactory(provider=True)
    availability(provider)
    requester = MemberFactory()
    start = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    booking = Booking.objects.create(
        provider=provider,
        requester=requester,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=45),
        blocked_until=start + dt.timedelta(minutes=60),
        purpose="Talk",
    )

    def confirm():
        copy = Booking.objects.get(pk=booking.pk)  # read before either commits
        return booking_confirm(booking=copy, by=Member.objects.get(pk=provider.pk))

    def erase():
        return erasure.account_erase(member=Member.objects.get(pk=requester.pk), password=PASSWORD)

    confirmed, erased = _run_together(confirm, erase)

    assert not isinstance(erased, Exception), erased
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert not Booking.objects.active().involving(requester.pk).exists()
    if isinstance(confirmed, Exception):
        assert isinstance(confirmed, DomainError), confirmed
        assert "awaiting confirmation" in confirmed.message  # refused: already cancelled
