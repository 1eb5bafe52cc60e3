"""The one way a circle page handles a form: run the service, or show why not on the form."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.errors import DomainError

T = TypeVar("T")


def form_submitted(
    request: HttpRequest, form: Form, save: Callable[[dict[str, Any]], T]
) -> T | None:
    """The outcome of `save(cleaned_data)` for a valid POSTed `form`, or None, having put
    the service's refusal (a `DomainError`) on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except DomainError as error:
        error.add_to(form)
        return None


def render_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A form page, answered with 400 while `context["form"]` shows errors."""
    return render(request, template, context, status=400 if context["form"].errors else 200)
