"""What every commissioning page shares: finding a challenge the person may see."""

from django.http import Http404
from django.shortcuts import redirect

from commissioning.models import Challenge, Lot
from commissioning.services.rules import can_view
from network.models import Member


def visible_challenge(member: Member, pk: int) -> Challenge:
    """The challenge, or a 404 for one that does not exist or is not open to them."""
    challenge = (
        Challenge.objects.select_related(
            "place", "commissioner__user", "commissioner__organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if challenge is None or not can_view(member, challenge):
        raise Http404("No such challenge.")
    return challenge


def visible_lot(member: Member, pk: int) -> Lot:
    lot = Lot.objects.select_related("challenge__place", "challenge__commissioner__user", "outcome")
    lot = lot.filter(pk=pk).first()
    if lot is None or not can_view(member, lot.challenge):
        raise Http404("No such lot.")
    return lot


def back_to(challenge: Challenge, anchor: str = ""):
    return redirect(challenge.get_absolute_url() + (f"#{anchor}" if anchor else ""))
