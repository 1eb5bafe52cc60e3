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
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError
    if not 0 <= value <= MAX_ID:
        raise FrameError(errors.BAD_FRAME, f"Ids are whole numbers from 0 to {MAX_ID}.")
    return value


def frame_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value
