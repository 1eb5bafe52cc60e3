"""Tasks the worker runs for notifications. The queue and the schedules name these by their
dotted path, so they stay put while the code behind them moves."""

from notifications import outbox


def email_send(email_id: int) -> str:
    return outbox.email_deliver(email_id=email_id)


def outbox_sweep() -> int:
    return outbox.outbox_sweep()
