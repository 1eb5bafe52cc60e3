"""Reports go to the facilitator, who hides the message or dismisses the report."""

import pytest

from peer_support import errors, selectors
from peer_support.models import Report
from peer_support.services import messages, moderation

pytestmark = pytest.mark.django_db


def test_a_report_goes_to_the_facilitator_who_can_hide_the_message(
    circle, thread, alice, bob, mailoutbox, committed
):
    message = messages.message_post(thread=thread, author=bob, body="Something unkind")
    with committed():
        report = moderation.message_report(
            message=message, reporter=alice, reason="Personal attack"
        )
    assert mailoutbox[-1].to == [circle.facilitator.user.email]
    assert f"/circles/{circle.slug}/moderation/" in mailoutbox[-1].body
    with pytest.raises(errors.AlreadyReported):
        moderation.message_report(message=message, reporter=alice, reason="Again")
    assert list(selectors.open_reports(circle=circle)) == [report]

    moderation.message_hide(message=message, facilitator=circle.facilitator)
    report.refresh_from_db()
    message.refresh_from_db()
    assert report.status == Report.Status.HIDDEN
    assert "Something unkind" not in message.body_html


def test_a_report_needs_a_reason_and_only_the_facilitator_dismisses_it(circle, thread, alice, bob):
    message = messages.message_post(thread=thread, author=bob, body="Hmm")
    with pytest.raises(errors.ReasonMissing):
        moderation.message_report(message=message, reporter=alice, reason=" ")
    report = moderation.message_report(message=message, reporter=alice, reason="Off topic")
    with pytest.raises(errors.NotPermitted):
        moderation.report_dismiss(report=report, facilitator=alice)
    moderation.report_dismiss(report=report, facilitator=circle.facilitator)
    assert list(selectors.open_reports(circle=circle)) == []
