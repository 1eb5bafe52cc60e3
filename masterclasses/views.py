"""Thin views for the pages that are not Wagtail pages. (Masterclass and guidance pages serve
their own routes: see `masterclasses.models.pages`.)"""

from django.template.response import TemplateResponse

from masterclasses import selectors
from network.decorators import member_required


@member_required
def my_masterclasses(request):
    registrations = selectors.member_registrations(member=request.user.member)
    return TemplateResponse(request, "masterclasses/my_masterclasses.html", registrations)
