"""Building events."""

from peer_support import events


def test_a_server_builds_its_first_message_event_before_serving_without_the_database():
    """config/asgi.py calls it as the process starts: the first real post used to compile the
    templates while it held its circle's lock (about half a second under load). Not marked
    `django_db`: any query here would fail the test."""
    events.warm_up()
