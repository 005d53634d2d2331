"""Which services the development stack knows, where they live and which port and database each gets.

A service joins `make run` when its directory has a pyproject.toml and it is installed with its
definition (entry point `zjtx.services`, zjtx.common.kit), so a service still being written does not
stop the others. A test checks each definition against this table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServiceSpec:
    name: str  # the directory under services/, also the SERVICE_NAME it runs with
    package: str  # python package under the zjtx namespace
    port: int

    @property
    def module(self) -> str:
        return f"zjtx.{self.package}"

    @property
    def database(self) -> str:
        return f"zjtx_{self.package}"

    def directory(self, root: Path) -> Path:
        return root / "services" / self.name

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("registry", "registry", 8001),
    ServiceSpec("awards", "awards", 8002),
    ServiceSpec("finance-subsidy", "finance_subsidy", 8003),
    ServiceSpec("payments-watch", "payments_watch", 8004),
    ServiceSpec("hotline", "hotline", 8005),
)


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest directory at or above `start` (the working directory)
    holding libs/common; var/ and services/ are found from there."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "libs" / "common" / "pyproject.toml").is_file():
            return candidate
    return here


def is_runnable(spec: ServiceSpec) -> bool:
    """Whether the service is installed with its definition (entry point zjtx.services), checked
    without importing it."""
    from importlib.metadata import entry_points

    return any(entry.name == spec.name for entry in entry_points(group="zjtx.services"))


def existing(root: Path) -> list[ServiceSpec]:
    """The services whose directory exists in this checkout."""
    return [spec for spec in SERVICES if (spec.directory(root) / "pyproject.toml").is_file()]


def discover(root: Path) -> tuple[list[ServiceSpec], list[str]]:
    """The services to run, and a note for each directory that exists but cannot run yet."""
    ready: list[ServiceSpec] = []
    notes: list[str] = []
    for spec in existing(root):
        if is_runnable(spec):
            ready.append(spec)
        else:
            notes.append(
                f"{spec.name}: services/{spec.name} exists but is not installed with its definition "
                "(entry point zjtx.services; run `make venv`?); not started"
            )
    return ready, notes
