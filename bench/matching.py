"""`python -m bench matching`: suggestions for one member among 10,000 matching profiles.

Seeds the benchmark database as production would have it (demo data), adds `--profiles`
synthetic members with matching profiles spread over every place and outcome, then loads
the real suggestions page (`/matches/`) as the demo commissioner under uvicorn with
production settings, next to the bare view measured in the same run. Also reports the
selector's own time and query count in-process, which must not grow with the profiles.
"""

import argparse
import random
import time

import httpx

from bench.report import Page, measure_pages
from bench.server import prepared_environment, running_servers, session_cookie_for, setup_django

VIEWER = "commissioner@example.org"
BATCH = 2000
TARGET = 0.25  # issue 11: the suggestions page at a quarter of the bare view or better


def build_profiles(count: int, *, seed: int = 5) -> int:
    """Bulk-insert `count` members with matching profiles; returns how many exist after."""
    from django.db import transaction

    from network.models import (
        Asset,
        MatchProfile,
        Member,
        Organisation,
        OutcomeArea,
        Place,
        User,
    )

    rng = random.Random(seed)
    # Only this benchmark's members (bench-N@), not the fan-out's (bench-C-M@).
    existing = User.objects.filter(email__regex=r"^bench-[0-9]+@").count()
    if existing >= count:
        _analyse()
        return MatchProfile.objects.count()
    places = list(Place.objects.values_list("pk", "slug"))
    outcomes = list(OutcomeArea.objects.values_list("pk", flat=True))
    assets = list(Asset.objects.values_list("pk", flat=True))
    roles = (
        [Member.Role.CHIEF_EXECUTIVE] * 9
        + [Member.Role.PROVIDER] * 4
        + [Member.Role.COMMISSIONER] * 7
    )
    sizes = ["micro", "small", "medium", "large"]
    outcome_through = MatchProfile.outcome_areas.through
    place_through = MatchProfile.places.through
    offered_through = MatchProfile.assets_offered.through
    sought_through = MatchProfile.assets_sought.through
    for start in range(existing, count, BATCH):
        n = min(BATCH, count - start)
        with transaction.atomic():
            organisations = Organisation.objects.bulk_create(
                Organisation(
                    name=f"Bench organisation {start + i}",
                    slug=f"bench-organisation-{start + i}",
                    kind="charity",
                    place_id=rng.choice(places)[0],
                )
                for i in range(n)
            )
            users = User.objects.bulk_create(
                User(
                    email=f"bench-{start + i}@example.org",
                    first_name="Bench",
                    last_name=f"Member {start + i}",
                    password="!",
                )
                for i in range(n)
            )
            members = Member.objects.bulk_create(
                Member(user=u, organisation=o, role=rng.choice(roles), job_title="Director")
                for u, o in zip(users, organisations, strict=True)
            )
            # Drawn in the same order as before the id copies existed, so the data is the same.
            settings = [
                (rng.choice(sizes), rng.randint(1, 10), rng.random() < 0.05) for _ in members
            ]
            chosen = [
                (
                    sorted(rng.sample(outcomes, rng.randint(1, 3))),
                    sorted(pl[0] for pl in rng.sample(places, rng.randint(1, 2))),
                    rng.sample(assets, 2),
                    rng.sample(assets, 1),
                )
                for _ in members
            ]
            # bulk_create sends no signals: the copies are written with the rows.
            profiles = MatchProfile.objects.bulk_create(
                MatchProfile(
                    member=m,
                    size_band=size_band,
                    monthly_connection_cap=cap,
                    opted_out=opted_out,
                    outcome_area_ids=outcome_ids,
                    place_ids=place_ids,
                    offered_asset_ids=sorted(offers),
                    sought_asset_ids=sorted(seeks),
                    suggested_as="" if opted_out else m.role,
                )
                for m, (size_band, cap, opted_out), (outcome_ids, place_ids, offers, seeks) in zip(
                    members, settings, chosen, strict=True
                )
            )
            rows = {outcome_through: [], place_through: [], offered_through: [], sought_through: []}
            for p, (outcome_ids, place_ids, offered, sought) in zip(profiles, chosen, strict=True):
                for o in outcome_ids:
                    rows[outcome_through].append(
                        outcome_through(matchprofile_id=p.pk, outcomearea_id=o)
                    )
                for pl in place_ids:
                    rows[place_through].append(place_through(matchprofile_id=p.pk, place_id=pl))
                for a in offered:
                    rows[offered_through].append(offered_through(matchprofile_id=p.pk, asset_id=a))
                for a in sought:
                    rows[sought_through].append(sought_through(matchprofile_id=p.pk, asset_id=a))
            for model, objs in rows.items():
                model.objects.bulk_create(objs)
    # bulk_create sends no signals: say the profiles changed, as a save would.
    from network.selectors.matching import suggestions_invalidate

    suggestions_invalidate()
    _analyse()
    return MatchProfile.objects.count()


def _analyse() -> None:
    """Give PostgreSQL's planner the row counts autovacuum would have gathered by now: right
    after a bulk load its estimates are of an empty table."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def in_process(email: str, repeat: int = 20, *, cached: bool) -> tuple[float, int, int]:
    """(median seconds, queries, suggestions) for the selector alone: worked out afresh each
    time, or (`cached`) from the cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from network.models import Member
    from network.selectors.matching import suggestions_for, suggestions_invalidate

    member = Member.objects.get(user__email=email)
    suggestions_for(member=member)
    timings = []
    for _ in range(repeat):
        if not cached:
            suggestions_invalidate(member_ids=[member.pk])
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            suggestions = suggestions_for(member=member)
            timings.append(time.perf_counter() - started)
    timings.sort()
    return timings[len(timings) // 2], len(queries), len(suggestions)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench matching", description=__doc__)
    parser.add_argument("--profiles", type=int, default=10_000, help="synthetic profiles")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per page")
    parser.add_argument("--concurrency", type=int, default=8, help="simultaneous clients")
    args = parser.parse_args(argv)

    env = prepared_environment()
    setup_django(env)
    started = time.perf_counter()
    total = build_profiles(args.profiles)
    print(f"{total} matching profiles ready in {time.perf_counter() - started:.1f}s")
    for cached in (False, True):
        seconds, queries, shown = in_process(VIEWER, cached=cached)
        print(
            f"suggestions_for({VIEWER}) in-process, "
            f"{'from the cache' if cached else 'worked out'}: {seconds * 1000:.1f} ms median, "
            f"{queries} queries, {shown} suggestions"
        )
    cookie = session_cookie_for(VIEWER)
    with running_servers(env) as (url,):
        check = httpx.get(f"{url}/matches/", headers=cookie)
        if check.status_code != 200 or 'class="card match"' not in check.text:
            print(f"suggestions page did not show suggestions (HTTP {check.status_code})")
            return 1
        pages = [
            Page("bare HttpResponse", "/bench/bare/"),
            Page(f"suggestions ({total} profiles)", "/matches/", cookie, TARGET),
        ]
        measure_pages(url, pages, concurrency=args.concurrency, duration=args.duration)
    return 0
