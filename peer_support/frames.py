"""Checking the fields of a circle-socket frame: shared by the consumer and the handlers it
adds (action-learning sets), so that every id is bounded the same way."""

from typing import Any

from peer_support import errors

MAX_ID = 2**63 - 1  # PostgreSQL's bigint: a larger id can name nothing


class FrameError(Exception):
    """The frame itself was wrong (not the thing it asked for): answered with `code`."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def frame_id(value: Any) -> int:
    """An id, a read position or a change id: a whole number the database can hold."""
    return frame_int(value, low=0, high=MAX_ID, what="Ids")


def frame_int(value: Any, *, low: int, high: int, what: str = "Numbers") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError
    if not low <= value <= high:
        raise FrameError(errors.BAD_FRAME, f"{what} are whole numbers from {low} to {high}.")
    return value


def frame_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value
