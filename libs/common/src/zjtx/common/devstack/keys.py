"""Development API keys (DESIGN: "Security": `make run` creates development keys and prints them).

var/dev-keys.json holds the plain keys for people and scripts, created once so keys stay the same
across restarts; var/api-clients.json, the hashed file services read, is rewritten from it every
start and marked `generated_for: development`, which the settings refuse in production."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from zjtx.common.web.auth import SCOPES, new_key, write_clients_file

# Clients a developer needs to walk every flow: the data platform, the two award roles that must be
# different clients, a bank that sees only its own loans, and the 12345 hotline system.
DEV_CLIENTS: dict[str, dict[str, Any]] = {
    "admin": {"scopes": list(SCOPES)},
    "data-platform": {
        "scopes": [
            "registry:read",
            "registry:write",
            "awards:read",
            "finance:read",
            "payments:read",
            "payments:write",
            "hotline:read",
        ],
    },
    "reviewer": {"scopes": ["awards:read", "awards:review"]},
    "approver": {"scopes": ["awards:read", "awards:approve"]},
    "bank-demo": {"scopes": ["finance:bank"], "attributes": {"bank_id": "demo-bank"}},
    "hotline-12345": {"scopes": ["hotline:intake", "hotline:read"]},
}


def new_dev_keys() -> dict[str, dict[str, Any]]:
    """A fresh key for every development client: name -> {key, scopes[, attributes]}."""
    return {name: {"key": new_key(), **json.loads(json.dumps(spec))} for name, spec in DEV_CLIENTS.items()}


def load_or_create_dev_keys(path: Path) -> dict[str, dict[str, Any]]:
    """The development keys at `path`, created (readable by the owner only) when the file is missing."""
    if path.exists():
        return json.loads(path.read_text())
    keys = new_dev_keys()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(keys, out, indent=2)
        out.write("\n")
    return keys


def write_api_clients(keys: dict[str, dict[str, Any]], path: Path) -> None:
    """The hashed clients file the services load (API_CLIENTS_FILE)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_clients_file(path, keys, generated_for="development")
