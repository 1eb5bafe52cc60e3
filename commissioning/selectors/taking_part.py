"""Reads for a lot's page: the member's own bid, invitations, bids with their combined
strength (for cleared evaluators only), the award, and the register of declarations."""

from dataclasses import dataclass

from django.db.models import Prefetch

from commissioning.models import ConsortiumPartner, Declaration, Expression, Lot
from commissioning.selectors.resources import consortium_strength
from network.models import Member, Organisation


@dataclass(frozen=True)
class Bid:
    expression: Expression
    partners: list[ConsortiumPartner]  # accepted only
    pending: list[ConsortiumPartner]
    assets: list[str]
    places: list[str]

    @property
    def organisations(self) -> list[Organisation]:
        return [self.expression.organisation, *(p.organisation for p in self.partners)]


def _bid(expression: Expression) -> Bid:
    partners = list(expression.partners.all())
    accepted = [p for p in partners if p.status == ConsortiumPartner.Status.ACCEPTED]
    pending = [p for p in partners if p.status == ConsortiumPartner.Status.INVITED]
    strength = consortium_strength(
        [expression.organisation_id, *(p.organisation_id for p in accepted)]
    )
    return Bid(expression, accepted, pending, strength["assets"], strength["places"])


def _expressions(lot: Lot):
    return lot.expressions.select_related("organisation", "lead__user").prefetch_related(
        Prefetch("partners", queryset=ConsortiumPartner.objects.select_related("organisation"))
    )


def own_expression(member: Member, lot: Lot) -> Bid | None:
    """The bid the member's organisation leads, or is an accepted partner in."""
    expression = (
        _expressions(lot).filter(organisation=member.organisation_id).first()
        or _expressions(lot)
        .filter(
            partners__organisation=member.organisation_id,
            partners__status=ConsortiumPartner.Status.ACCEPTED,
        )
        .first()
    )
    return _bid(expression) if expression else None


def invitations_for(member: Member, lot: Lot) -> list[ConsortiumPartner]:
    return list(
        ConsortiumPartner.objects.filter(
            member=member, expression__lot=lot, status=ConsortiumPartner.Status.INVITED
        ).select_related("expression__organisation", "expression__lead__user")
    )


def expressions_with_strength(lot: Lot) -> list[Bid]:
    """Every bid on the lot. Only for evaluators who have declared and are clear."""
    return [_bid(e) for e in _expressions(lot)]


def award(lot: Lot) -> Bid:
    return _bid(_expressions(lot).get(pk=lot.awarded_to_id))


def declaration_register():
    return list(
        Declaration.objects.select_related(
            "lot__challenge", "member__user", "member__organisation", "organisation"
        ).order_by("-declared_at", "-pk")
    )
