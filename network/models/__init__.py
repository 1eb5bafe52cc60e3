"""Network data, one module per concern: members and organisations, matching, bookings."""

from network.models.bookings import *  # noqa: F403
from network.models.matching import *  # noqa: F403
from network.models.members import *  # noqa: F403
