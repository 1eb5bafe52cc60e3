"""Circle fan-out: many circles of 12 connected members over two server processes on Redis.

Every member posts at a steady rate through the socket; every member of the circle (the
sender included) receives each message. Reports delivery latency (send -> each receipt) and
throughput, next to a raw Redis publish/subscribe round trip measured in the same run, as
ratios: the price of saving to the database, the consumer and the channel layer.

    REDIS_URL=redis://127.0.0.1:6379/4 CHANNEL_LAYER_PREFIX=bench4 CACHE_KEY_PREFIX=bench4 \
        python -m bench fanout --circles 6 --rate 0.25 --duration 10
"""

import argparse
import asyncio
import json
import os
import time
import uuid

from bench.server import prepared_environment, running_servers, session_cookie_for, setup_django

MEMBERS_PER_CIRCLE = 12


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": float("nan"), "p95": float("nan"), "p99": float("nan")}
    ordered = sorted(values)

    def at(p):
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return {"p50": at(50), "p95": at(95), "p99": at(99)}


def _prepare_circles(count: int) -> list[dict]:
    """Circles of 12 members who accepted the agreement, one thread each, with sessions."""
    from django.utils import timezone

    from core.demo import demo_account
    from network.models import Member, Organisation
    from peer_support.models import Circle, CircleMembership, Thread

    organisation = Organisation.objects.order_by("pk").first()
    circles = []
    for c in range(count):
        members = []
        for m in range(MEMBERS_PER_CIRCLE):
            user = demo_account(f"bench-{c}-{m}@example.org", f"Bench{c}", f"Member{m}")
            member, _ = Member.objects.get_or_create(
                user=user,
                defaults={"role": Member.Role.CHIEF_EXECUTIVE, "organisation": organisation},
            )
            members.append(member)
        circle, _ = Circle.objects.get_or_create(
            slug=f"bench-circle-{c}",
            defaults={
                "name": f"Benchmark circle {c}",
                "purpose": "Benchmark",
                "facilitator": members[0],
            },
        )
        for i, member in enumerate(members):
            CircleMembership.objects.update_or_create(
                circle=circle,
                member=member,
                defaults={
                    "status": CircleMembership.Status.ACTIVE,
                    "role": "facilitator" if i == 0 else "member",
                    "agreement_accepted_at": timezone.now(),
                },
            )
        thread, _ = Thread.objects.get_or_create(circle=circle, title="Benchmark thread")
        circles.append(
            {
                "slug": circle.slug,
                "thread": thread.pk,
                "cookies": [session_cookie_for(m.user.email)["cookie"] for m in members],
            }
        )
    return circles


async def _fanout(urls, circles, *, rate: float, duration: float) -> dict:
    from websockets.asyncio.client import connect

    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    errors: list[str] = []
    sockets = []
    for c, circle in enumerate(circles):
        for m, cookie in enumerate(circle["cookies"]):
            url = urls[(c * MEMBERS_PER_CIRCLE + m) % len(urls)]
            ws = await connect(
                f"{url.replace('http', 'ws')}/ws/circles/{circle['slug']}/",
                origin=url,
                additional_headers={"Cookie": cookie},
                max_queue=None,
            )
            sockets.append((ws, circle["thread"]))

    async def reader(ws):
        async for raw in ws:
            frame = json.loads(raw)
            if frame["type"] == "message.created":
                started = sent_at.get(frame["message"]["body"])
                if started is not None:
                    latencies.append(time.perf_counter() - started)
            elif frame["type"] == "error":
                errors.append(frame["code"])

    async def writer(ws, thread, stop):
        interval = 1 / rate
        await asyncio.sleep(interval * (hash(id(ws)) % 1000) / 1000)  # spread the first posts
        while time.perf_counter() < stop:
            token = f"bench {uuid.uuid4().hex}"
            sent_at[token] = time.perf_counter()
            await ws.send(json.dumps({"type": "message.send", "thread": thread, "body": token}))
            await asyncio.sleep(interval)

    readers = [asyncio.create_task(reader(ws)) for ws, _ in sockets]
    began = time.perf_counter()
    await asyncio.gather(*(writer(ws, thread, began + duration) for ws, thread in sockets))
    # Let the last messages arrive.
    expected = len(sent_at) * MEMBERS_PER_CIRCLE
    drain_until = time.perf_counter() + 10
    while len(latencies) < expected and time.perf_counter() < drain_until:
        await asyncio.sleep(0.05)
    elapsed = time.perf_counter() - began
    for ws, _ in sockets:
        await ws.close()
    for task in readers:
        task.cancel()
    return {
        "posted": len(sent_at),
        "expected": expected,
        "delivered": len(latencies),
        "seconds": elapsed,
        "latencies": latencies,
        "errors": errors,
    }


async def _redis_round_trip(redis_url: str, count: int) -> list[float]:
    """Publish to a channel and time until our own subscriber receives it."""
    import redis.asyncio as redis

    client = redis.from_url(redis_url)
    pubsub = client.pubsub()
    channel = f"bench-raw-{uuid.uuid4().hex}"
    await pubsub.subscribe(channel)
    await pubsub.get_message(timeout=1)  # the subscribe confirmation
    latencies = []
    for n in range(count):
        started = time.perf_counter()
        await client.publish(channel, str(n))
        while True:
            message = await pubsub.get_message(timeout=5, ignore_subscribe_messages=True)
            if message is not None:
                break
        latencies.append(time.perf_counter() - started)
    await pubsub.unsubscribe(channel)
    await pubsub.aclose()
    await client.aclose()
    return latencies


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench fanout", description=__doc__)
    parser.add_argument("--circles", type=int, default=6)
    parser.add_argument("--rate", type=float, default=0.25, help="posts per member per second")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of posting")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        print("fanout needs REDIS_URL: two processes share the Redis channel layer.")
        return 2

    env = prepared_environment()
    setup_django(env)
    circles = _prepare_circles(args.circles)
    raw = asyncio.run(_redis_round_trip(redis_url, 2000))
    with running_servers(env, count=args.processes) as urls:
        result = asyncio.run(_fanout(urls, circles, rate=args.rate, duration=args.duration))

    members = args.circles * MEMBERS_PER_CIRCLE
    fan = _percentiles(result["latencies"])
    base = _percentiles(raw)
    print(
        f"Fan-out: {args.circles} circles x {MEMBERS_PER_CIRCLE} members = {members} sockets "
        f"over {args.processes} processes, {args.rate} posts/member/s for {args.duration:.0f}s"
    )
    print(
        f"  posted {result['posted']} messages, delivered {result['delivered']} of "
        f"{result['expected']} expected ({len(result['errors'])} error frames"
        + (f": {sorted(set(result['errors']))}" if result["errors"] else "")
        + ")"
    )
    print(
        f"  throughput: {result['posted'] / result['seconds']:.0f} messages/s posted, "
        f"{result['delivered'] / result['seconds']:.0f} deliveries/s"
    )
    print(f"{'':<28}{'p50':>10}{'p95':>10}{'p99':>10}")
    print(
        f"{'raw Redis pub/sub (ms)':<28}"
        + "".join(f"{base[p] * 1000:>10.2f}" for p in ("p50", "p95", "p99"))
    )
    print(
        f"{'circle delivery (ms)':<28}"
        + "".join(f"{fan[p] * 1000:>10.2f}" for p in ("p50", "p95", "p99"))
    )
    print(
        f"{'ratio (delivery / raw)':<28}"
        + "".join(f"{fan[p] / base[p]:>9.1f}x" for p in ("p50", "p95", "p99"))
    )
    return 0 if result["delivered"] == result["expected"] else 1
