"""The matching score: a pure function of two profiles (and optionally an opportunity).

No database access here, so it can be tested exhaustively (tests/network/test_scoring.py,
with Hypothesis) and reasoned about from docs/matching.md. Selectors turn rows into
`ProfileFacts` and call `score` / `rank` on a bounded candidate set.

Points, all non-negative, so adding anything shared can never lower a score:
  shared outcome area ............ 10 each
  same place served ..............  6 each
  one's place is in the other's region (or the reverse) ... 3 each
  something one offers that the other seeks ... 4 each (both directions)
  opportunity: candidate works on its outcome ... 10, in its place (or region) ... 6 / 3,
  small or micro organisation and the opportunity is open to small providers ... 5,
  offers partnership working and the opportunity is open to partnerships ... 3
A pair with no shared outcome and no overlapping place scores 0 and is never suggested:
offers alone are not a reason to introduce people who work on different things elsewhere.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

OUTCOME_POINTS = 10
SAME_PLACE_POINTS = 6
REGION_POINTS = 3
ASSET_POINTS = 4
SMALL_FIT_POINTS = 5
PARTNERSHIP_FIT_POINTS = 3
PARTNERSHIP_ASSET = "Partnership and consortium working"
SMALL_BANDS = frozenset({"micro", "small"})


@dataclass(frozen=True)
class PlaceFact:
    name: str
    region: str | None = None  # the region an area sits in; None for a region itself


@dataclass(frozen=True)
class ProfileFacts:
    member_id: int
    outcomes: frozenset[str] = frozenset()
    places: frozenset[PlaceFact] = frozenset()
    offers: frozenset[str] = frozenset()
    seeks: frozenset[str] = frozenset()
    size_band: str = ""


@dataclass(frozen=True)
class OpportunityFacts:
    outcome: str
    place: PlaceFact
    open_to_small: bool = True
    open_to_partnerships: bool = True


# How a score reads to people: a strength on a five-step scale, never a bare number. The
# lowest score ever suggested (one shared outcome, or one shared place) is "Possible"; each
# step needs roughly one more thing in common.
STRENGTH_SCALE = 5
STRENGTHS: tuple[tuple[int, str], ...] = (  # (lowest score, label), strongest first
    (40, "Very strong match"),
    (28, "Strong match"),
    (18, "Good match"),
    (10, "Fair match"),
    (1, "Possible match"),
)


@dataclass(frozen=True)
class Strength:
    level: int  # 1 to STRENGTH_SCALE
    label: str
    out_of: int = STRENGTH_SCALE

    def __str__(self) -> str:
        return f"{self.label} — {self.level} of {self.out_of}"

    @property
    def steps(self) -> list[bool]:
        """One flag per step of the scale, for the meter: filled or not."""
        return [step <= self.level for step in range(1, self.out_of + 1)]


def strength(points: int) -> Strength | None:
    """The step of the scale a score reaches; None for 0, which is never suggested."""
    for level, (lowest, label) in zip(range(STRENGTH_SCALE, 0, -1), STRENGTHS, strict=True):
        if points >= lowest:
            return Strength(level, label)
    return None


@dataclass(frozen=True)
class Match:
    member_id: int
    score: int
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def strength(self) -> Strength | None:
        return strength(self.score)


def _and_list(names: Iterable[str]) -> str:
    items = sorted(names)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _place_overlap(
    mine: frozenset[PlaceFact], theirs: frozenset[PlaceFact]
) -> tuple[set[str], set[tuple[str, str]]]:
    """Exact shared places, and (area, region) pairs where one side's region holds the other's
    area."""
    same = {p.name for p in mine} & {p.name for p in theirs}
    contained: set[tuple[str, str]] = set()
    for a in mine:
        for b in theirs:
            if a.name == b.name:
                continue
            if a.region is not None and a.region == b.name:
                contained.add((a.name, b.name))
            elif b.region is not None and b.region == a.name:
                contained.add((b.name, a.name))
    return same, contained


def score(
    viewer: ProfileFacts, candidate: ProfileFacts, opportunity: OpportunityFacts | None = None
) -> Match:
    """How well `candidate` fits `viewer` (or `viewer`'s opportunity), with reasons to show."""
    points = 0
    reasons: list[str] = []

    outcomes = viewer.outcomes & candidate.outcomes
    same_places, contained = _place_overlap(viewer.places, candidate.places)
    if opportunity is None and not outcomes and not same_places and not contained:
        return Match(candidate.member_id, 0, ())

    if outcomes:
        points += OUTCOME_POINTS * len(outcomes)
        reasons.append(f"You both work on {_and_list(outcomes).lower()}.")
    if same_places:
        points += SAME_PLACE_POINTS * len(same_places)
        reasons.append(f"You both serve {_and_list(same_places)}.")
    if contained:
        points += REGION_POINTS * len(contained)
        pairs = sorted(contained)
        reasons.append(
            "Overlapping places: "
            + "; ".join(f"{area} is in {region}" for area, region in pairs)
            + "."
        )
    they_give = candidate.offers & viewer.seeks
    if they_give:
        points += ASSET_POINTS * len(they_give)
        reasons.append(f"They offer {_and_list(they_give).lower()}, which you are looking for.")
    you_give = viewer.offers & candidate.seeks
    if you_give:
        points += ASSET_POINTS * len(you_give)
        reasons.append(f"You offer {_and_list(you_give).lower()}, which they are looking for.")

    if opportunity is not None:
        fit = 0
        if opportunity.outcome in candidate.outcomes:
            fit += OUTCOME_POINTS
            reasons.append(f"They work on {opportunity.outcome.lower()}, the outcome sought.")
        place = opportunity.place
        names = {p.name for p in candidate.places}
        regions = {p.region for p in candidate.places if p.region}
        if place.name in names:
            fit += SAME_PLACE_POINTS
            reasons.append(f"They serve {place.name}.")
        elif (place.region and place.region in names) or place.name in regions:
            fit += REGION_POINTS
            reasons.append(f"They work in the same region as {place.name}.")
        if fit == 0:
            return Match(candidate.member_id, 0, ())
        points += fit
        if opportunity.open_to_small and candidate.size_band in SMALL_BANDS:
            points += SMALL_FIT_POINTS
            reasons.append("It is open to small and local providers like them.")
        if opportunity.open_to_partnerships and PARTNERSHIP_ASSET in candidate.offers:
            points += PARTNERSHIP_FIT_POINTS
            reasons.append("It is open to partnership bids, and they work in partnerships.")

    return Match(candidate.member_id, points, tuple(reasons))


def rank(
    viewer: ProfileFacts,
    candidates: Iterable[ProfileFacts],
    *,
    hidden: frozenset[int] = frozenset(),
    opportunity: OpportunityFacts | None = None,
    limit: int = 10,
) -> list[Match]:
    """Best first; never the viewer, never anyone in `hidden`, never a zero score.

    Ties break on member id so the order is stable from one page load to the next.
    """
    matches = [
        m
        for c in candidates
        if c.member_id != viewer.member_id and c.member_id not in hidden
        for m in (score(viewer, c, opportunity),)
        if m.score > 0
    ]
    matches.sort(key=lambda m: (-m.score, m.member_id))
    return matches[:limit]
