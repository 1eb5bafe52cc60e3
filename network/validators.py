"""Validation shared by models, forms and tests."""

import re

from django.core.exceptions import ValidationError

CHARITY_NUMBER_INVALID = (
    "Enter a registered charity number in the Charity Commission's format: 6 or 7 digits "
    "for England and Wales (for example 1123456), SC and 6 digits for Scotland, "
    "or NIC and 6 digits for Northern Ireland."
)

_CHARITY_NUMBER = re.compile(r"^(\d{6,7}|SC\d{6}|NIC\d{6})$")


def normalise_charity_number(value: str) -> str:
    """People paste numbers as 'sc 012345' or '1 123 456'; store one canonical form."""
    return re.sub(r"\s+", "", value or "").upper()


def validate_charity_number(value: str) -> None:
    if value and not _CHARITY_NUMBER.match(normalise_charity_number(value)):
        raise ValidationError(CHARITY_NUMBER_INVALID, code="invalid_charity_number")
