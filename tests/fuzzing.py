"""Fuzzing a service from its OpenAPI document: the service as a process on a database of its own, and
schemathesis's runner against it. Used by the suite (a few examples per operation) and by `make fuzz`
(`python -m tests.fuzz`: many)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from zjtx.common.kit import ServiceDefinition
from zjtx.common.testing.databases import service_database
from zjtx.common.testing.process import ServiceProcess
from zjtx.common.web.auth import SCOPES

KEY = "fuzz-admin-key"
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
)


@dataclass(frozen=True)
class FuzzOutcome:
    service: str
    passed: bool
    cases: int
    report: str


def fuzz_service(definition: ServiceDefinition, *, server_url: str, workdir: Path, examples: int) -> FuzzOutcome:
    """Run the service (API only) on a fresh database and fuzz every operation of its OpenAPI document."""
    with service_database(server_url, f"fuzz_{definition.package}", definition.schema) as url:
        process = ServiceProcess(
            definition,
            database_url=url,
            bootstrap="127.0.0.1:1",  # the API alone needs no broker: events wait in the outbox
            workdir=workdir,
            clients={"fuzz-admin": {"key": KEY, "scopes": list(SCOPES)}},
            settings={"RUN_CONSUMER": "false", "RUN_RELAY": "false", "RUN_SCHEDULER": "false"},
        )
        process.start()
        try:
            return _run(definition, process, workdir=workdir, examples=examples)
        finally:
            process.stop()


def _run(definition: ServiceDefinition, process: ServiceProcess, *, workdir: Path, examples: int) -> FuzzOutcome:
    report = workdir / f"{definition.name}-fuzz.json"
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{process.url}/openapi.json",
        "--header",
        f"Authorization: Bearer {KEY}",
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        str(examples),
        "--seed",
        "20261202",
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=workdir, timeout=1800)
    cases = _cases(report)
    text = f"{done.stdout[-12000:]}\n{done.stderr[-3000:]}\n--- service log ---\n{process.tail(4000)}"
    return FuzzOutcome(definition.name, done.returncode == 0, cases, text)


def _cases(report: Path) -> int:
    """How many requests the run made, from its JSON report (0 when it wrote none)."""
    if not report.exists():
        return 0
    return int(json.loads(report.read_text()).get("test_cases", {}).get("generated", 0))
