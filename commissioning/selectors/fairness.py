"""Fairness figures: for a set of challenges, how many organisations of each size band and
region were suggested, connected, expressed interest and were awarded.

- suggested: an organisation one of whose members' matching profiles was matched to an
  outcome of the challenge (the resource map's matching);
- connected: an organisation one of whose members is connected with the challenge's
  commissioner;
- expressed interest: a lead, or a partner who accepted, in an expression of interest;
- awarded: the lead, or an accepted partner, of an awarded expression of interest.

Each organisation counts once per measure, however many challenges it touched. The number
of queries does not depend on how many challenges, organisations or bids there are.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from commissioning.models import Challenge, ConsortiumPartner, Expression, Lot
from commissioning.selectors.resources import profile_matches
from network.models import Connection, Organisation, Place, SizeBand

MEASURES = (
    ("suggested", "Suggested"),
    ("connected", "Connected"),
    ("expressed", "Expressed interest"),
    ("awarded", "Awarded"),
)
UNKNOWN = "Not known"


@dataclass(frozen=True)
class Row:
    label: str
    suggested: int
    connected: int
    expressed: int
    awarded: int

    def values(self) -> list[int]:
        return [getattr(self, key) for key, _ in MEASURES]


@dataclass(frozen=True)
class Fairness:
    by_size: list[Row]
    by_region: list[Row]
    challenges: int


def _organisations_by_measure(challenges: list[Challenge]) -> dict[str, set[int]]:
    ids = [c.pk for c in challenges]
    found: dict[str, set[int]] = {key: set() for key, _ in MEASURES}
    found["suggested"] = {m.organisation_id for m in profile_matches(challenges)}
    commissioners = {c.commissioner_id for c in challenges}
    for first, second, first_org, second_org in Connection.objects.filter(
        Q(first__in=commissioners) | Q(second__in=commissioners)
    ).values_list("first_id", "second_id", "first__organisation_id", "second__organisation_id"):
        if first in commissioners:
            found["connected"].add(second_org)
        if second in commissioners:
            found["connected"].add(first_org)
    awarded = Lot.objects.filter(awarded_to=OuterRef("pk"))
    for organisation, won in (
        Expression.objects.filter(lot__challenge__in=ids)
        .annotate(won=Exists(awarded))
        .values_list("organisation_id", "won")
    ):
        found["expressed"].add(organisation)
        if won:
            found["awarded"].add(organisation)
    awarded_partner = Lot.objects.filter(awarded_to=OuterRef("expression_id"))
    for organisation, won in (
        ConsortiumPartner.objects.filter(
            expression__lot__challenge__in=ids, status=ConsortiumPartner.Status.ACCEPTED
        )
        .annotate(won=Exists(awarded_partner))
        .values_list("organisation_id", "won")
    ):
        found["expressed"].add(organisation)
        if won:
            found["awarded"].add(organisation)
    return found


def fairness(challenges: Iterable[Challenge]) -> Fairness:
    """The figures for `challenges` (loaded with their place and commissioner ids)."""
    challenges = list(challenges)
    found = _organisations_by_measure(challenges)
    everyone = set().union(*found.values())
    regions = {
        pk: (region or (name if kind == Place.Kind.REGION else UNKNOWN))
        for pk, name, kind, region in Place.objects.values_list(
            "pk", "name", "kind", "region__name"
        )
    }
    organisations = {
        pk: (band, regions.get(place, UNKNOWN))
        for pk, band, place in Organisation.objects.filter(pk__in=everyone).values_list(
            "pk", "size_band", "place_id"
        )
    }
    band_labels = {band.value: band.label for band in SizeBand}
    size_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    region_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for measure, members in found.items():
        for organisation in members:
            band, region = organisations[organisation]
            size_counts[band_labels.get(band, UNKNOWN)][measure] += 1
            region_counts[region][measure] += 1
    size_order = [*band_labels.values(), UNKNOWN]
    by_size = [_row(label, size_counts[label]) for label in size_order]
    by_region = [
        _row(label, region_counts[label])
        for label in sorted(region_counts, key=lambda r: (r == UNKNOWN, r))
    ]
    return Fairness(by_size=by_size, by_region=by_region, challenges=len(challenges))


def _row(label: str, counts: dict[str, int]) -> Row:
    return Row(label, *(counts.get(key, 0) for key, _ in MEASURES))
