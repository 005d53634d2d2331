"""`make fuzz`: the long run of the suite's fuzzer (tests/test_fuzz_openapi.py) — every installed service,
or those named, fuzzed from its own OpenAPI document with many examples per operation. Prints each
service's count of generated requests and whether every check held, then the total; exits 1 if any
service failed (its schemathesis report is printed).

    python -m tests.fuzz [--examples 60] [--service registry ...]

The PostgreSQL server is ZJTX_TEST_DATABASE_URL's, or an embedded one under var/ (as the suite's)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from zjtx.common.kit import installed_services

from .fuzzing import fuzz_service

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def postgres_server() -> Iterator[str]:
    url = os.environ.get("ZJTX_TEST_DATABASE_URL")
    if url:
        yield url
        return
    from zjtx.common.devstack.postgres import EmbeddedPostgres

    server = EmbeddedPostgres(ROOT / "var" / "test-pg")
    try:
        yield server.start()
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=60, help="examples per operation and phase (default 60)")
    parser.add_argument("--service", action="append", help="fuzz only this service (repeatable)")
    args = parser.parse_args(argv)
    definitions = [d for d in installed_services() if not args.service or d.name in args.service]
    if not definitions:
        parser.error(f"no such service: {', '.join(args.service)}")
    total, failed = 0, []
    with postgres_server() as server_url:
        for definition in definitions:
            started = time.monotonic()
            with tempfile.TemporaryDirectory(prefix=f"fuzz-{definition.name}-") as workdir:
                outcome = fuzz_service(
                    definition, server_url=server_url, workdir=Path(workdir), examples=args.examples
                )
            total += outcome.cases
            verdict = "every check held" if outcome.passed else "FAILED"
            print(
                f"{definition.name:16} {outcome.cases:7,} requests  {time.monotonic() - started:6.1f} s  {verdict}",
                flush=True,
            )
            if not outcome.passed:
                failed.append(outcome)
    print(f"{'all':16} {total:7,} requests  {len(failed)} service(s) failed")
    for outcome in failed:
        print(f"\n===== {outcome.service} =====\n{outcome.report}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
