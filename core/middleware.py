"""Turn a `DomainError` that a view let through into a message on the page it came from.

Views that render a form catch the error themselves (`error.add_to(form)`); every other POST
just calls its service and lets this one place show the refusal, never a 500.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

from core.errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        back = request.headers.get("Referer", "")
        if url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            messages.error(request, exception.message)
            return redirect(back)
        response = TemplateResponse(
            request, "core/domain_error.html", {"error": exception}, status=400
        )
        return response.render()


NUL_REFUSED = (
    "Your request contained a character we cannot accept (a NUL byte). "
    "Check what you typed or pasted and try again."
)


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


class RejectNulBytesMiddleware:
    """Refuse a request carrying a NUL byte with a 400, before anything reaches the database.

    No person types one, PostgreSQL cannot store one in text, and every route that looks
    up a token, slug or search term would otherwise fail with a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        suspect = [
            request.path,
            *request.COOKIES.values(),
            *(value for _key, values in request.GET.lists() for value in [_key, *values]),
        ]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            suspect += [value for key, values in request.POST.lists() for value in [key, *values]]
        if _has_nul(suspect):
            return TemplateResponse(
                request, "core/bad_request.html", {"message": NUL_REFUSED}, status=400
            ).render()
        return self.get_response(request)
