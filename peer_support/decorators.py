"""Who may open a circle's pages."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from network.decorators import member_required
from peer_support import selectors
from peer_support.models import CircleMembership


def participant_view(facilitator: bool = False, before_agreement: bool = False):
    """Resolve `slug` to a circle the member takes part in, or 404 (never reveal content).

    Active members who have not accepted the agreement are sent to it first, unless the view
    is `before_agreement` (leaving: one may back out without accepting). The view is called
    as `view(request, circle, membership, *args, **kwargs)`.
    """

    def decorate(view):
        @member_required
        @wraps(view)
        def wrapped(request, slug: str, *args, **kwargs):
            circle = selectors.circle_by_slug(slug=slug)
            membership = selectors.membership_for(circle=circle, member=request.user.member)
            if membership is None or membership.status != CircleMembership.Status.ACTIVE:
                raise Http404
            if membership.agreement_accepted_at is None and not before_agreement:
                return redirect("peer_support:circle_agreement", slug=circle.slug)
            if facilitator and not membership.is_facilitator:
                raise PermissionDenied
            return view(request, circle, membership, *args, **kwargs)

        return wrapped

    return decorate
