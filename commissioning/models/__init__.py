"""Commissioning data, one module per stage: challenges, outcomes, resources, methods, bids."""

from commissioning.models.challenges import *  # noqa: F403
from commissioning.models.methods import *  # noqa: F403
from commissioning.models.outcomes import *  # noqa: F403
from commissioning.models.resources import *  # noqa: F403
from commissioning.models.taking_part import *  # noqa: F403
