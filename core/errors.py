"""The one kind of error a person can cause.

Services raise a `DomainError` (or a subclass, where a caller must tell cases apart); views
turn it into a form error or a message (`core.middleware.domain_errors`), and the circle
socket into an `error` frame. Tests assert on `code` and on the message constants.
"""

from typing import Any


class DomainError(Exception):
    """Something a person asked for that cannot be done, with a message fit to show them.

    `code` is stable (it is sent in socket error frames); `template` is the unformatted
    message, so tests can compare against the named constant; `field` names the form field
    the message belongs to, when there is one.
    """

    code: str = "invalid"
    message: str = "That could not be done."
    field: str | None = None

    def __init__(
        self,
        code: str | None = None,
        message: str | None = None,
        *,
        field: str | None = None,
        **values: Any,
    ):
        self.code = code or self.code
        self.template = message or self.message
        self.message = self.template.format(**values) if values else self.template
        if field is not None:
            self.field = field
        super().__init__(self.message)

    def add_to(self, form) -> None:
        """Show this error on `form`: on its field when that field is in the form."""
        form.add_error(self.field if self.field in form.fields else None, self.message)


class NotPermitted(DomainError):
    code = "forbidden"
    message = "You cannot do that."


class NotFound(DomainError):
    code = "not_found"
    message = "That no longer exists."
