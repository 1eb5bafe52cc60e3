"""Load generation and reporting shared by the benchmarks.

The load comes from `wrk` when it is installed (Debian's package), so the generator is never
the bottleneck: one wrk thread drives far more requests than one uvicorn process serves. The
Python client (httpx) is the fallback. Before each page is loaded, one request asks the
server how many queries it ran (`bench.middleware.QueryCount`), which is printed beside the
throughput, and checks the page answers 200.
"""

import asyncio
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

import httpx

QUERIES_HEADER = "X-Bench-Queries"
NO_PAGE_CACHE_HEADER = "X-Bench-No-Page-Cache"

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"errors":%d,"p50":%d,"p95":%d,"p99":%d}\\n',
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class Page:
    """One row of a table: what to load, as whom, and the ratio to the bare view it must reach."""

    name: str
    path: str
    headers: dict = field(default_factory=dict)
    target: float | None = None


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    p50: float = float("nan")
    p95: float = float("nan")
    p99: float = float("nan")
    queries: int | None = None
    target: float | None = None
    cache: str = ""

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _percentile(ordered: list[float], p: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def _python_load(url: str, *, concurrency: int, duration: float, headers: dict) -> Result:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=30) as client:
        stop = time.perf_counter() + duration

        async def worker():
            nonlocal errors
            while time.perf_counter() < stop:
                started = time.perf_counter()
                try:
                    ok = (await client.get(url)).status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return Result(
        url,
        len(latencies),
        errors,
        elapsed,
        _percentile(latencies, 50),
        _percentile(latencies, 95),
        _percentile(latencies, 99),
    )


def _wrk_load(wrk: str, url: str, *, concurrency: int, duration: float, headers: dict) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        command = [wrk, "-t1", f"-c{concurrency}", f"-d{max(1, round(duration))}s"]
        command += ["--timeout", "30s", "-s", script.name]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    line = next(x for x in output.stdout.splitlines() if x.startswith("BENCH-JSON "))
    data = json.loads(line.removeprefix("BENCH-JSON "))
    return Result(
        url,
        data["requests"] - data["errors"],
        data["errors"],
        data["duration_us"] / 1e6,
        data["p50"] / 1e6,
        data["p95"] / 1e6,
        data["p99"] / 1e6,
    )


def generator() -> str:
    return "wrk" if shutil.which("wrk") else "python (httpx)"


def load(url: str, *, concurrency: int = 8, duration: float = 5.0, headers=None) -> Result:
    """Hammer `url` with `concurrency` clients for `duration` seconds."""
    headers = headers or {}
    wrk = shutil.which("wrk")
    if wrk:
        return _wrk_load(wrk, url, concurrency=concurrency, duration=duration, headers=headers)
    return asyncio.run(
        _python_load(url, concurrency=concurrency, duration=duration, headers=headers)
    )


def probe(url: str, headers: dict) -> tuple[int, str]:
    """Warm the page up, then ask for it once more counting queries: (queries, cache state)."""
    with httpx.Client(headers=headers, timeout=30) as client:
        client.get(url)
        response = client.get(url, headers={QUERIES_HEADER: "1"})
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}, not 200")
    return int(response.headers.get(QUERIES_HEADER, -1)), response.headers.get("X-Page-Cache", "")


def measure_pages(
    base_url: str, pages: list[Page], *, concurrency: int, duration: float
) -> list[Result]:
    """Load each page in turn; the first page is the baseline."""
    results = []
    for page in pages:
        queries, cache = probe(base_url + page.path, page.headers)
        result = load(
            base_url + page.path, concurrency=concurrency, duration=duration, headers=page.headers
        )
        result.name, result.queries, result.target, result.cache = (
            page.name,
            queries,
            page.target,
            cache,
        )
        results.append(result)
    print(
        f"\n{concurrency} concurrent clients ({generator()}), {duration:.0f}s per page, "
        "one uvicorn process, production settings"
    )
    print_table(results, baseline=results[0])
    return results


def print_table(results: list[Result], baseline: Result) -> None:
    """Requests per second next to the bare view as a ratio, the target, and whether it holds."""
    header = (
        f"{'page':<34}{'req/s':>8}{'vs bare':>9}{'target':>9}{'':>7}{'queries':>9}"
        f"{'p50 ms':>8}{'p99 ms':>8}{'errors':>8}"
    )
    print(header)
    print("-" * len(header))
    short = 0
    for result in results:
        ratio = result.rate / baseline.rate if baseline.rate else float("nan")
        target = f"≥ {result.target:.2f}" if result.target else ""
        verdict = ""
        if result.target:
            verdict = "ok" if ratio >= result.target else "SHORT"
            short += verdict == "SHORT"
        queries = "?" if result.queries is None or result.queries < 0 else str(result.queries)
        print(
            f"{result.name:<34}{result.rate:>8.0f}{ratio:>9.2f}{target:>9}{verdict:>7}"
            f"{queries:>9}{result.p50 * 1000:>8.1f}{result.p99 * 1000:>8.1f}{result.errors:>8}"
        )
    targets = sum(1 for r in results if r.target)
    if targets:
        print(f"{targets - short} of {targets} targets met" + (f"; {short} SHORT" if short else ""))
