"""Django admin for network data; importing the modules registers them."""

from network.admin import bookings, matching, members  # noqa: F401
