"""Tasks the worker runs for peer support, named by dotted path in the schedules (see
`scheduling/migrations`), so the schedules stay put while the services behind them move."""

from peer_support.services.circles import invitations_expire
from peer_support.services.digest import digest_send
from peer_support.services.presence import presence_sweep
from peer_support.services.retention import messages_expire

__all__ = ["digest_send", "invitations_expire", "messages_expire", "presence_sweep"]
