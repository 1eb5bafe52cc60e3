"""Who may evaluate a lot: declarations made for every bidding organisation, none of them an
interest. Shared by the pages (what to show) and the services (what to allow)."""

import enum
from dataclasses import dataclass

from django.db.models import Q

from commissioning.models import ConsortiumPartner, Declaration, Evaluator, Expression, Lot
from network.models import Member, Organisation


class Standing(enum.Enum):
    NOT_EVALUATOR = "not_evaluator"
    UNDECLARED = "undeclared"  # some bidding organisation has no declaration yet
    CONFLICTED = "conflicted"  # declared an interest: off this lot's evaluation
    CLEARED = "cleared"


@dataclass(frozen=True)
class EvaluationStatus:
    standing: Standing
    to_declare: tuple[Organisation, ...] = ()

    @property
    def state(self) -> str:
        """The standing as text, for templates (which would call the enum class)."""
        return self.standing.value

    @property
    def sees_expressions(self) -> bool:
        return self.standing is Standing.CLEARED


def bidding_organisations(lot: Lot) -> list[Organisation]:
    """Every organisation in an expression of interest: leads, and partners invited or in."""
    return list(
        Organisation.objects.filter(
            Q(pk__in=Expression.objects.filter(lot=lot).values("organisation"))
            | Q(
                pk__in=ConsortiumPartner.objects.filter(expression__lot=lot)
                .exclude(status=ConsortiumPartner.Status.DECLINED)
                .values("organisation")
            )
        ).order_by("name")
    )


def is_evaluator(member: Member, lot: Lot) -> bool:
    if lot.challenge.commissioner_id == member.pk:
        return True
    return Evaluator.objects.filter(lot=lot, member=member).exists()


def evaluation_status(member: Member, lot: Lot) -> EvaluationStatus:
    if not is_evaluator(member, lot):
        return EvaluationStatus(Standing.NOT_EVALUATOR)
    declared = dict(
        Declaration.objects.filter(lot=lot, member=member).values_list("organisation_id", "kind")
    )
    if Declaration.Kind.INTEREST in declared.values():
        return EvaluationStatus(Standing.CONFLICTED)
    missing = tuple(o for o in bidding_organisations(lot) if o.pk not in declared)
    if missing:
        return EvaluationStatus(Standing.UNDECLARED, missing)
    return EvaluationStatus(Standing.CLEARED)
