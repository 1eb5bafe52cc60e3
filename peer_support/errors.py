"""Errors a member can cause, shared by views, the consumer and tests.

Each is a `core.errors.DomainError` with a stable `code` (sent in the socket's error frames,
listed in docs/realtime-protocol.md) and a message fit to show. Views let the error reach
`core.middleware.DomainErrorMiddleware` or put it on their form (`error.add_to(form)`, on
`field` where one is named); the consumer turns it into an `error` frame.
"""

from core import errors as core_errors
from peer_support.models import MESSAGE_MAX_LENGTH


class CircleError(core_errors.DomainError):
    code = "invalid"
    message = "That did not work."


class NotPermitted(CircleError, core_errors.NotPermitted):
    """Not a participant, not the facilitator, or not the author: what the page or socket
    offers never leads here, so views may answer a forged request with 403."""

    code = "forbidden"
    message = "You cannot do that in this circle."


class CircleClosed(CircleError):
    """Any write to a closed circle: its history stays readable, nothing more."""

    code = "circle_closed"
    message = "This circle has closed."


# --- Joining ---------------------------------------------------------------------------------


class CircleFull(CircleError):
    """Approving a request or accepting an invitation once every place is taken."""

    code = "circle_full"
    message = "This circle is full."


class AlreadyMember(CircleError):
    """Asking to join, or being invited to, a circle one is already in."""

    code = "already_member"
    message = "You are already a member of this circle."


class AlreadyRequested(CircleError):
    code = "already_requested"
    message = "You have already asked to join; the facilitator will reply."


class AlreadyDecided(CircleError):
    """Two tabs, or two clicks: the facilitator already approved or declined."""

    code = "already_decided"
    message = "This request has already been answered."


class NotOpenToRequests(CircleError):
    """Views answer 404: an invitation-only circle is not shown to non-members at all."""

    code = "invitation_only"
    message = "This circle is by invitation only."


class InvitationInvalid(CircleError):
    """Over 14 days old, already used, or opened by an account with another
    address than the one invited."""

    code = "invitation_invalid"
    message = "This invitation has expired, been used, or was sent to another address."


# --- Discussion ------------------------------------------------------------------------------


class TitleMissing(CircleError):
    code = "title_missing"
    field = "title"
    message = "Give the thread a title."


class MessageEmpty(CircleError):
    """Only whitespace, from the socket (the form says so before the service is asked)."""

    code = "message_empty"
    field = "body"
    message = "Write something before sending."


class MessageTooLong(CircleError):
    code = "message_too_long"
    field = "body"
    message = f"Messages can be at most {MESSAGE_MAX_LENGTH:,} characters."


class TextInvalid(CircleError):
    """A NUL byte or an unpaired surrogate: characters the database cannot store. Only a
    hand-made socket frame can carry them (forms refuse NUL, and HTTP bodies are UTF-8)."""

    code = "text_invalid"
    field = "body"
    message = "Your message contains a character that cannot be saved (such as a NUL byte)."


class RateLimited(CircleError):
    """More posts and edits than `PEER_SUPPORT_RATE_LIMIT` allows, counted per member across
    every socket and the form."""

    code = "rate_limited"
    field = "body"
    message = "You are sending messages very quickly. Wait a few seconds and try again."


class MessageGone(CircleError):
    """Editing, deleting or reporting a message after it was deleted or hidden."""

    code = "message_gone"
    message = "That message has been deleted or hidden."


class NotifyChoiceInvalid(CircleError):
    code = "notify_invalid"
    field = "notify"
    message = "Choose follow, normal or mute."


# --- Moderation ------------------------------------------------------------------------------


class ReasonMissing(CircleError):
    code = "reason_missing"
    field = "reason"
    message = "Say briefly what concerns you about this message."


class AlreadyReported(CircleError):
    """One open report per member and message; the facilitator sees it already."""

    code = "already_reported"
    message = "You have already reported this message."


# Socket-only errors: the frame, not the message, was wrong.
BAD_JSON = "bad_json"
UNKNOWN_TYPE = "unknown_type"
BAD_FRAME = "bad_frame"
NOT_FOUND = "not_found"
FRAME_TOO_LARGE = "frame_too_large"
FRAME_TOO_DEEP = "frame_too_deep"
SERVER_ERROR = "server_error"

# WebSocket close codes (documented in docs/realtime-protocol.md).
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_REMOVED = 4409
CLOSE_CIRCLE_CLOSED = 4410
# 4503 (the channel layer lost Redis) is core.channel_layer.CLOSE_CHANNEL_LAYER_UNAVAILABLE.


class CannotCreateCircles(NotPermitted):
    message = (
        "Only Common Ground staff and circle facilitators can start a circle. "
        "Ask a facilitator if you would like one."
    )
