"""4. Resident memory of the registry process after benchmark 2 (API, consumer, relay and scheduler
roles all on), beside the bare one-INSERT app after the same load. Target: < 200 MB."""

from __future__ import annotations

import psutil

from bench import report

TARGET_MB = 200.0


def resident_mb(pid: int) -> float:
    """VmRSS of the process, in MB (10^6 bytes)."""
    return psutil.Process(pid).memory_info().rss / 1e6


def run(*, registry_mb: float, worker_mb: float, bare_mb: float) -> bool:
    """The verdict on the larger of the registry's two processes."""
    report.heading("4. Resident memory after benchmark 2 (VmRSS)")
    report.row("bare FastAPI app", f"{bare_mb:,.1f} MB")
    report.row("registry API process", f"{registry_mb:,.1f} MB", f"({registry_mb / bare_mb:.2f}x the bare app)")
    report.row("registry worker process", f"{worker_mb:,.1f} MB", f"({worker_mb / bare_mb:.2f}x the bare app)")
    largest = max(registry_mb, worker_mb)
    return report.verdict("registry", f"{largest:,.1f} MB", f"< {TARGET_MB:.0f} MB", largest < TARGET_MB)
