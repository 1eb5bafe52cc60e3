from django.template.response import TemplateResponse

from sitewide import selectors
from sitewide.forms import SearchForm


def search(request):
    """The one search: masterclasses, programmes, guidance, help pages and, for members,
    the member directory. A malformed query is a 400 with the form's message."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    member = getattr(request.user, "member", None) if request.user.is_authenticated else None
    groups = selectors.site_search(query=query, member=member)
    return TemplateResponse(
        request,
        "sitewide/search.html",
        {
            "form": form,
            "query": query,
            "groups": groups,
            "found": sum(len(group.results) for group in groups),
            "members_searched": member is not None,
        },
        status=200 if form.is_valid() else 400,
    )
