"""Development API keys (DESIGN: "Security": `make run` creates development keys and prints them).

var/dev-keys.json holds the plain keys for people and scripts, created once so keys stay the same
across restarts; var/api-clients.json, the hashed file services read, is rewritten from it every
start and marked `generated_for: development`, which the settings refuse in production."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from zjtx.common.web.auth import SCOPES, new_key, write_clients_file

# Clients a developer needs to walk every flow, as the city works: the data platform (it files claims on
# enterprises' behalf), the two reviewing roles that must be different clients (reviewers read the
# registry to check an enterprise), the finance bureau that records payments (neither reviewer nor
# approver may), a bank that sees only its own loans, the 12345 hotline system, and the handlers of two
# departments. A `webhook_secret` of None is generated: the key to sign webhooks with (banks, 12345).
DEV_CLIENTS: dict[str, dict[str, Any]] = {
    "admin": {"scopes": list(SCOPES)},
    "data-platform": {
        "scopes": [
            "registry:read",
            "registry:write",
            "awards:read",
            "awards:write",
            "finance:read",
            "payments:read",
            "payments:write",
            "hotline:read",
        ],
    },
    "reviewer": {"scopes": ["registry:read", "awards:read", "awards:review", "finance:read", "finance:review"]},
    "approver": {"scopes": ["awards:read", "awards:approve", "finance:read", "finance:approve"]},
    "finance-bureau": {"scopes": ["awards:read", "awards:disburse", "finance:read", "finance:disburse"]},
    "bank-demo": {"scopes": ["finance:bank"], "attributes": {"bank_code": "DEMO", "webhook_secret": None}},
    "hotline-12345": {"scopes": ["hotline:intake", "hotline:read"], "attributes": {"webhook_secret": None}},
    "handler-gxj": {"scopes": ["hotline:handle", "hotline:read"], "attributes": {"department": "GXJ"}},
    "handler-czj": {"scopes": ["hotline:handle", "hotline:read"], "attributes": {"department": "CZJ"}},
}


def new_dev_keys() -> dict[str, dict[str, Any]]:
    """A fresh key (and webhook secret) for every development client: name -> {key, scopes[, attributes]}."""
    keys = {}
    for name, spec in DEV_CLIENTS.items():
        entry = {"key": new_key(), **json.loads(json.dumps(spec))}
        attributes = entry.get("attributes", {})
        if "webhook_secret" in attributes and attributes["webhook_secret"] is None:
            attributes["webhook_secret"] = secrets.token_urlsafe(32)
        keys[name] = entry
    return keys


def load_or_create_dev_keys(path: Path) -> dict[str, dict[str, Any]]:
    """The development keys at `path`, created (readable by the owner only) when the file is missing. A
    file from an earlier version keeps its keys and secrets, and gains the clients and scopes added since."""
    fresh = new_dev_keys()
    if path.exists():
        kept = json.loads(path.read_text())
        keys = {name: _keep_secrets(entry, kept.get(name)) for name, entry in fresh.items()}
        if keys == kept:
            return kept
        path.write_text(json.dumps(keys, indent=2) + "\n")
        return keys
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(fresh, out, indent=2)
        out.write("\n")
    return fresh


def _keep_secrets(entry: dict[str, Any], kept: dict[str, Any] | None) -> dict[str, Any]:
    """The client as defined now, with the key and webhook secret it was given before."""
    if not kept:
        return entry
    entry = {**entry, "key": kept["key"]}
    secret = kept.get("attributes", {}).get("webhook_secret")
    if secret and "webhook_secret" in entry.get("attributes", {}):
        entry["attributes"] = {**entry["attributes"], "webhook_secret": secret}
    return entry


def write_api_clients(keys: dict[str, dict[str, Any]], path: Path) -> None:
    """The hashed clients file the services load (API_CLIENTS_FILE)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_clients_file(path, keys, generated_for="development")
