"""`python -m bench [NAME ...]`: run the benchmarks (all, or those named) on fresh infrastructure and
exit non-zero when any misses its target. Names: relay, api, latency (memory is measured with api), awards,
payments, hotline-intake, hotline-kpis (`hotline`: both), finance-intake, finance-latency (`finance`: both)."""

from __future__ import annotations

import logging
import sys
import time
import warnings

from bench import (
    api_throughput,
    awards_simulate,
    awards_throughput,
    commit_latency,
    finance_intake,
    finance_latency,
    hotline_intake,
    hotline_kpis,
    memory,
    payments_scan,
    relay_throughput,
)
from bench.infra import Infra, infrastructure
from zjtx.common.runtime import run

NAMES = (
    "relay",
    "api",
    "latency",
    "awards",
    "payments",
    "hotline-intake",
    "hotline-kpis",
    "finance-intake",
    "finance-latency",
)
ALIASES = {"hotline": ("hotline-intake", "hotline-kpis"), "finance": ("finance-intake", "finance-latency")}


async def run_all(infra: Infra, names: list[str]) -> dict[str, bool]:
    results: dict[str, bool] = {}
    if "relay" in names:
        results["1. relay throughput"] = await relay_throughput.run(infra)
    api = await api_throughput.run(infra) if "api" in names else None
    if api is not None:
        results["2. POST /v1/enterprises throughput"] = api.passed
    if "latency" in names:
        results["3. commit-to-consumer latency"] = await commit_latency.run(infra)
    if api is not None:  # measured right after benchmark 2, printed in its place in the order
        results["4. registry resident memory"] = memory.run(
            registry_mb=api.registry_rss_mb, worker_mb=api.worker_rss_mb, bare_mb=api.bare_rss_mb
        )
    if "awards" in names:
        results["5. awards computed from recognition events"] = await awards_throughput.run(infra)
        results["6. POST /v1/simulate latency"] = await awards_simulate.run(infra)
    if "payments" in names:
        results["7. payments-watch daily scan over 1,000,000 payables"] = await payments_scan.run(infra)
    if "hotline-intake" in names:
        results["8. POST /v1/tickets signed intake throughput"] = await hotline_intake.run(infra)
    if "hotline-kpis" in names:
        results["9. GET /v1/kpis over 1,000,000 tickets"] = await hotline_kpis.run(infra)
    if "finance-intake" in names:
        results["10. POST /v1/bank-events signed webhook intake throughput"] = await finance_intake.run(infra)
    if "finance-latency" in names:
        results["11. interest_paid to subsidy readable"] = await finance_latency.run(infra)
    return results


def main(argv: list[str]) -> int:
    names = [name for given in argv for name in ALIASES.get(given, (given,))] or list(NAMES)
    unknown = sorted(set(names) - set(NAMES))
    if unknown:
        print(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(NAMES)}", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")  # platformdirs' XDG_RUNTIME_DIR notice would interleave with figures
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    started = time.monotonic()
    with infrastructure() as infra:
        # Run as a service's process runs (uvloop, the collector tuned): benchmarks 1 and 5 time the
        # relay and the event consumers in this process, as a service's worker runs them.
        results = run(run_all(infra, names))
    print(f"\n== Summary ({time.monotonic() - started:.0f} s)")
    for name, passed in results.items():
        print(f"  {'PASS' if passed else 'FAIL'}  {name}")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
