"""Load generation and reporting shared by the benchmarks."""

import asyncio
import time
from dataclasses import dataclass

import httpx


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def _load(url: str, *, concurrency: int, duration: float, headers: dict) -> Result:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=30) as client:
        await client.get(url)  # warm-up: templates compiled, connections opened
        stop = time.perf_counter() + duration

        async def worker():
            nonlocal errors
            while time.perf_counter() < stop:
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return Result(url, len(latencies), errors, elapsed, latencies)


def load(url: str, *, concurrency: int = 8, duration: float = 5.0, headers=None) -> Result:
    """Hammer `url` with `concurrency` clients for `duration` seconds."""
    return asyncio.run(
        _load(url, concurrency=concurrency, duration=duration, headers=headers or {})
    )


def measure_pages(
    base_url: str, pages: list[tuple[str, str, dict]], *, concurrency: int, duration: float
) -> list[Result]:
    """Load each (name, path, headers) in turn; the first page is the baseline."""
    results = []
    for name, path, headers in pages:
        result = load(base_url + path, concurrency=concurrency, duration=duration, headers=headers)
        result.name = name
        results.append(result)
    print(
        f"\n{concurrency} concurrent clients, {duration:.0f}s per page, "
        "one uvicorn process, production settings"
    )
    print_table(results, baseline=results[0])
    return results


def print_table(results: list[Result], baseline: Result) -> None:
    """Requests per second and latency, each next to the bare view as a ratio."""
    header = (
        f"{'page':<28}{'req/s':>9}{'vs bare':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'p50 vs bare':>13}{'errors':>8}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        ratio = result.rate / baseline.rate if baseline.rate else float("nan")
        p50_ratio = result.percentile(50) / baseline.percentile(50)
        print(
            f"{result.name:<28}{result.rate:>9.1f}{ratio:>9.2f}"
            f"{result.percentile(50) * 1000:>9.1f}{result.percentile(95) * 1000:>9.1f}"
            f"{result.percentile(99) * 1000:>9.1f}{p50_ratio:>13.2f}{result.errors:>8}"
        )
