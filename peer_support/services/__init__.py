"""Everything in `peer_support` that writes, one module per concern: circles (and membership),
messages, moderation, meetings, read_state, presence and digest.

Every service validates before it saves, runs in one transaction and, where others should see
the change live, builds an event and sends it only after commit (`events.broadcast_on_commit`).
Callers import the module: `from peer_support.services import messages`.
"""
