"""What the development stack prints once it is up: where each service answers, where its log is,
which database and broker it uses, and the development keys (DESIGN: "Running it")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zjtx.common.devstack.supervisor import RunningService


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def summary(
    *,
    root: Path,
    services: list[RunningService],
    notes: list[str],
    database: str,
    broker: str,
    keys_path: Path,
    keys: dict[str, dict[str, Any]],
) -> str:
    """The table printed when every service answers /healthz."""
    lines = ["", "Development stack is up.", ""]
    if services:
        lines.append(f"  {'service':<16} {'API':<24} {'docs':<30} log")
        for s in services:
            lines.append(
                f"  {s.spec.name:<16} {s.spec.url:<24} {s.spec.url + '/docs':<30} {_relative(s.log_path, root)}"
            )
    else:
        lines.append("  no service is ready to run yet: only the database and the broker are up")
    lines += [f"  note: {note}" for note in notes]
    lines += [
        "",
        f"  PostgreSQL  {database}",
        f"  Kafka       {broker}",
        f"  API keys    {keys_path}  (clients: {', '.join(keys)})",
    ]
    admin = keys.get("admin", {}).get("key")
    if admin:
        lines.append(f"  admin key   {admin}   (send as `Authorization: Bearer <key>`)")
    lines += ["", "Ctrl-C stops everything.", ""]
    return "\n".join(lines)
