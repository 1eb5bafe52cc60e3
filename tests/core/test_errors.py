"""One kind of error a person can cause, shown the same way wherever it surfaces."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path

from config import urls as site_urls
from core.errors import DomainError, NotPermitted

pytestmark = pytest.mark.django_db

FULL = "{name} is full: choose another day."


class SessionFull(DomainError):
    code = "session_full"
    message = "This session is full."


def test_message_defaults_formats_and_keeps_its_template():
    assert SessionFull().message == "This session is full."
    assert SessionFull().code == "session_full"
    error = DomainError("day_full", FULL, name="Tuesday")
    assert (error.code, error.message, error.template) == (
        "day_full",
        "Tuesday is full: choose another day.",
        FULL,
    )
    assert str(error) == error.message
    assert NotPermitted().code == "forbidden"


class _WhenForm(forms.Form):
    day = forms.CharField()


def test_add_to_puts_the_message_on_its_field_or_on_the_form():
    form = _WhenForm({"day": "Tuesday"})
    assert form.is_valid()
    DomainError("day_full", FULL, field="day", name="Tuesday").add_to(form)
    assert form.errors["day"] == ["Tuesday is full: choose another day."]
    form = _WhenForm({"day": "Tuesday"})
    form.is_valid()
    SessionFull(field="not_in_this_form").add_to(form)
    assert form.non_field_errors() == ["This session is full."]


def _refuse(request):
    raise SessionFull()


def _fine(request):
    return HttpResponse("fine")


# The site's own routes stay, so the error page can render the site's layout.
urlpatterns = [path("refuse/", _refuse), path("fine/", _fine), *site_urls.urlpatterns]


@pytest.mark.urls("tests.core.test_errors")
def test_a_refusal_a_view_lets_through_goes_back_to_the_page_with_a_message(client):
    response = client.post("/refuse/", HTTP_REFERER="http://testserver/fine/?tab=2")
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/fine/?tab=2"
    assert [m.message for m in get_messages(response.wsgi_request)] == ["This session is full."]


@pytest.mark.urls("tests.core.test_errors")
def test_without_a_page_of_ours_to_go_back_to_the_refusal_is_a_400_page(client):
    response = client.post("/refuse/", HTTP_REFERER="https://elsewhere.example/")
    assert response.status_code == 400
    assert b"This session is full." in response.content
    response = client.post("/refuse/")
    assert response.status_code == 400


def test_other_exceptions_are_left_alone():
    from core.middleware import DomainErrorMiddleware

    middleware = DomainErrorMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, ValueError("boom")) is None


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/masterclasses/?audience=everyone%00", None),
        ("get", "/circles/invitations/%00/", None),
        ("post", "/accounts/login/", {"login": "a\x00@example.org", "password": "x"}),
    ],
)
def test_a_nul_byte_anywhere_is_refused_with_a_clear_400(client, method, path, data):
    response = getattr(client, method)(path, data)
    assert response.status_code == 400
    assert "NUL byte" in response.text


def test_a_nul_byte_in_a_cookie_is_refused_too(client):
    client.cookies["sessionid"] = "abc\x00def"
    response = client.get("/")
    assert response.status_code == 400
