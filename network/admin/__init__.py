"""Django admin for network data; importing the modules registers them."""

from network.admin import matching, members  # noqa: F401
