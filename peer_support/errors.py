"""Errors a member can cause, shared by views, the consumer and tests.

Each has a stable `code` (sent in the socket's error frames) and a message fit to show.
"""


class CircleError(Exception):
    code = "invalid"
    message = "That did not work."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message


class NotPermitted(CircleError):
    code = "forbidden"
    message = "You cannot do that in this circle."


class CircleClosed(CircleError):
    code = "circle_closed"
    message = "This circle has closed."


class CircleFull(CircleError):
    code = "circle_full"
    message = "This circle is full."


class AlreadyMember(CircleError):
    code = "already_member"
    message = "You are already a member of this circle."


class AlreadyRequested(CircleError):
    code = "already_requested"
    message = "You have already asked to join; the facilitator will reply."


class NotOpenToRequests(CircleError):
    code = "invitation_only"
    message = "This circle is by invitation only."


class InvitationInvalid(CircleError):
    code = "invitation_invalid"
    message = "This invitation has expired, been used, or was sent to another address."


class MessageEmpty(CircleError):
    code = "message_empty"
    message = "Write something before sending."


class MessageTooLong(CircleError):
    code = "message_too_long"
    message = "Messages can be at most 4,000 characters."


class RateLimited(CircleError):
    code = "rate_limited"
    message = "You are sending messages very quickly. Wait a few seconds and try again."


class MessageGone(CircleError):
    code = "message_gone"
    message = "That message has been deleted or hidden."


class AlreadyReported(CircleError):
    code = "already_reported"
    message = "You have already reported this message."


# Socket-only errors: the frame, not the message, was wrong.
BAD_JSON = "bad_json"
UNKNOWN_TYPE = "unknown_type"
BAD_FRAME = "bad_frame"
NOT_FOUND = "not_found"

# WebSocket close codes (documented in docs/realtime-protocol.md).
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_REMOVED = 4409
CLOSE_CIRCLE_CLOSED = 4410
