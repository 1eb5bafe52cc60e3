"""Circle fan-out: sockets in circles of 12 members over two server processes on Redis.

Members post `--rate` messages a second between them, spread evenly over the sockets, for
`--duration` seconds; every member of the circle (the sender included) receives each
message. Reports delivery latency from send to each receipt (p50/p95/p99) against the
target, how many deliveries were lost (must be 0), throughput, and a raw Redis
publish/subscribe round trip measured in the same run. Then, on a fresh server process,
memory per idle socket: its resident memory before and after `--idle` sockets connect.

    REDIS_URL=redis://127.0.0.1:6379/4 CHANNEL_LAYER_PREFIX=bench4 CACHE_KEY_PREFIX=bench4 \
        python -m bench fanout --sockets 204 --rate 40 --duration 20
"""

import argparse
import asyncio
import json
import math
import os
import resource
import time
import uuid
from pathlib import Path

from bench.server import prepared_environment, running_servers, session_cookie_for, setup_django

MEMBERS_PER_CIRCLE = 12
P99_TARGET_MS = 150  # issue 11
IDLE_TARGET_KIB = 64


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


async def _fanout(urls, circles, *, sockets_wanted: int, rate: float, duration: float) -> dict:
    """`rate` posts a second in all, spread over `sockets_wanted` sockets."""
    from websockets.asyncio.client import connect

    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    receipts: dict[str, list[float]] = {}  # post -> its first and last receipt
    errors: list[str] = []
    sockets = []
    expected_per_post: dict[str, int] = {}
    for c, circle in enumerate(circles):
        members = circle["cookies"][: sockets_wanted - c * MEMBERS_PER_CIRCLE]
        circle["connected"] = len(members)
        for m, cookie in enumerate(members):
            url = urls[(c * MEMBERS_PER_CIRCLE + m) % len(urls)]
            ws = await connect(
                f"{url.replace('http', 'ws')}/ws/circles/{circle['slug']}/",
                origin=url,
                additional_headers={"Cookie": cookie},
                max_queue=None,
            )
            sockets.append((ws, circle["thread"], circle))

    async def reader(ws):
        async for raw in ws:
            frame = json.loads(raw)
            if frame["type"] == "message.created":
                started = sent_at.get(frame["message"]["body"])
                if started is not None:
                    now = time.perf_counter()
                    latencies.append(now - started)
                    span = receipts.setdefault(frame["message"]["body"], [now, now])
                    span[1] = now
            elif frame["type"] == "error":
                errors.append(frame["code"])

    async def writer(ws, thread, circle, turn, start, stop):
        """Post every `interval` seconds, on a schedule: the `turn`-th of the sockets' evenly
        spaced slots, so the posts keep to `rate` however late a wake-up is. (The first posts
        used to be spread by `hash(id(ws)) % 1000`: addresses share residues, so up to 18
        posts fell in one 100 ms, every interval.)"""
        interval = len(sockets) / rate
        due = start + interval * turn / len(sockets)
        while due < stop:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            token = f"bench {uuid.uuid4().hex}"
            expected_per_post[token] = circle["connected"]
            sent_at[token] = time.perf_counter()
            await ws.send(json.dumps({"type": "message.send", "thread": thread, "body": token}))
            due += interval

    readers = [asyncio.create_task(reader(ws)) for ws, _, _ in sockets]
    # Consecutive slots go to different circles: socket m of circle c posts in slot m * C + c.
    turns = [
        (n % MEMBERS_PER_CIRCLE) * len(circles) + n // MEMBERS_PER_CIRCLE
        for n in range(len(sockets))
    ]
    turns = sorted(range(len(sockets)), key=turns.__getitem__)  # slot order -> 0..n-1
    slot_of = {n: slot for slot, n in enumerate(turns)}
    began = time.perf_counter()
    await asyncio.gather(
        *(
            writer(ws, thread, circle, slot_of[n], began, began + duration)
            for n, (ws, thread, circle) in enumerate(sockets)
        )
    )
    # Let the last messages arrive.
    expected = sum(expected_per_post.values())
    drain_until = time.perf_counter() + 10
    while len(latencies) < expected and time.perf_counter() < drain_until:
        await asyncio.sleep(0.05)
    elapsed = time.perf_counter() - began
    for ws, _, _ in sockets:
        await ws.close()
    for task in readers:
        task.cancel()
    return {
        "posted": len(sent_at),
        "expected": expected,
        "delivered": len(latencies),
        "seconds": elapsed,
        "sockets": len(sockets),
        "latencies": latencies,
        "first": [span[0] - sent_at[token] for token, span in receipts.items()],
        "spread": [span[1] - span[0] for span in receipts.values()],
        "errors": errors,
    }


def _cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) a process has used: this one, or `pid`."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]
    hz = os.sysconf("SC_CLK_TCK")
    return (sum(ticks) - idle) / hz, sum(ticks) / hz


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


async def _idle_memory(url: str, pid: int, circles: list[dict], count: int) -> tuple[int, int]:
    """(KiB before, KiB after) `count` sockets connect to the server and sit idle."""
    from websockets.asyncio.client import connect

    cookies = [(circle["slug"], cookie) for circle in circles for cookie in circle["cookies"]]

    async def open_one(n: int):
        slug, cookie = cookies[n % len(cookies)]
        ws = await connect(
            f"{url.replace('http', 'ws')}/ws/circles/{slug}/",
            origin=url,
            additional_headers={"Cookie": cookie},
            max_queue=None,
            open_timeout=60,
        )
        while json.loads(await ws.recv())["type"] != "hello":
            pass
        return ws

    warm = [await open_one(n) for n in range(min(20, count))]  # code paths and pools warmed
    for ws in warm:
        await ws.close()
    await asyncio.sleep(0.5)
    before = _rss_kib(pid)
    sockets = []
    for start in range(0, count, 50):
        sockets += await asyncio.gather(
            *(open_one(n) for n in range(start, min(count, start + 50)))
        )
    await asyncio.sleep(1)
    after = _rss_kib(pid)
    for ws in sockets:
        await ws.close()
    return before, after


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
    parser.add_argument("--sockets", type=int, default=204, help="sockets, 12 to a circle")
    parser.add_argument("--rate", type=float, default=40.0, help="posts per second, in all")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of posting")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--idle", type=int, default=1000, help="idle sockets (0: skip)")
    args = parser.parse_args(argv)
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        print("fanout needs REDIS_URL: two processes share the Redis channel layer.")
        return 2

    env = prepared_environment()
    setup_django(env)
    circles = _prepare_circles(math.ceil(args.sockets / MEMBERS_PER_CIRCLE))
    raw = asyncio.run(_redis_round_trip(redis_url, 2000))
    with running_servers(env, count=args.processes) as urls:
        cpu_before = [_cpu_seconds(), *(_cpu_seconds(pid) for pid in urls.pids)]
        machine_before, wall_before = _machine_busy(), time.perf_counter()
        result = asyncio.run(
            _fanout(
                urls, circles, sockets_wanted=args.sockets, rate=args.rate, duration=args.duration
            )
        )
        wall = time.perf_counter() - wall_before
        cpu = [
            after - before
            for before, after in zip(
                cpu_before, [_cpu_seconds(), *(_cpu_seconds(pid) for pid in urls.pids)], strict=True
            )
        ]
        machine_after = _machine_busy()
    fan = _percentiles(result["latencies"])
    base = _percentiles(raw)
    lost = result["expected"] - result["delivered"]
    print(
        f"Fan-out: {result['sockets']} sockets in {len(circles)} circles over "
        f"{args.processes} processes on Redis ({env.get('CHANNEL_LAYER', 'default layer')}), "
        f"{args.rate:g} posts/s for {args.duration:g}s"
    )
    print(
        f"  posted {result['posted']} messages, delivered {result['delivered']} of "
        f"{result['expected']} expected: {lost} lost ({len(result['errors'])} error frames"
        + (f": {sorted(set(result['errors']))}" if result["errors"] else "")
        + ")"
    )
    print(
        f"  throughput: {result['posted'] / result['seconds']:.0f} messages/s posted, "
        f"{result['delivered'] / result['seconds']:.0f} deliveries/s"
    )
    cores = (machine_after[1] - machine_before[1]) / wall
    print(
        f"  CPU over {wall:.1f}s (share of one core): client {cpu[0] / wall:.0%}, servers "
        + ", ".join(f"{c / wall:.0%}" for c in cpu[1:])
        + f"; the whole machine {(machine_after[0] - machine_before[0]) / wall:.0%}"
        f" of {cores:.0f} cores"
    )
    print(f"{'':<28}{'p50':>10}{'p95':>10}{'p99':>10}{'target':>14}")
    print(
        f"{'raw Redis pub/sub (ms)':<28}"
        + "".join(f"{base[p] * 1000:>10.2f}" for p in ("p50", "p95", "p99"))
    )
    verdict = "ok" if fan["p99"] * 1000 < P99_TARGET_MS else "SHORT"
    print(
        f"{'circle delivery (ms)':<28}"
        + "".join(f"{fan[p] * 1000:>10.2f}" for p in ("p50", "p95", "p99"))
        + f"{'p99 < ' + str(P99_TARGET_MS):>14} {verdict}"
    )
    for label, key in (("  to first receipt (ms)", "first"), ("  first to last (ms)", "spread")):
        part = _percentiles(result[key])
        print(f"{label:<28}" + "".join(f"{part[p] * 1000:>10.2f}" for p in ("p50", "p95", "p99")))
    print(f"{'lost deliveries':<28}{lost:>30}{'0':>14} {'ok' if lost == 0 else 'SHORT'}")
    if args.idle:
        with running_servers(env, count=1) as urls:
            before, after = asyncio.run(_idle_memory(urls[0], urls.pids[0], circles, args.idle))
        per_socket = (after - before) / args.idle
        ok = "ok" if per_socket <= IDLE_TARGET_KIB else "SHORT"
        print(
            f"{'idle socket memory (KiB)':<28}{per_socket:>30.1f}"
            f"{'<= ' + str(IDLE_TARGET_KIB):>14} {ok}"
            f"   ({args.idle} idle sockets: {before} -> {after} KiB resident)"
        )
    return 0 if lost == 0 else 1
