"""API clients: keys stored hashed, compared in constant time, each client holding scopes (DESIGN: "Security")."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request

from zjtx.common.web.errors import Forbidden, Unauthenticated

SCOPES = (
    "registry:read",
    "registry:write",
    "awards:read",
    "awards:write",
    "awards:review",
    "awards:approve",
    "awards:disburse",
    "finance:read",
    "finance:bank",
    "finance:review",
    "finance:approve",
    "payments:read",
    "payments:write",
    "hotline:intake",
    "hotline:handle",
    "hotline:read",
    "audit:read",
    "admin",
)


@dataclass(frozen=True)
class Client:
    """Who is calling. `attributes` carry object-level facts: the bank a bank's key belongs to, a department."""

    name: str
    scopes: frozenset[str]
    attributes: dict[str, Any] = field(default_factory=dict)

    def has(self, scope: str) -> bool:
        return scope in self.scopes


def hash_key(key: str) -> str:
    # Keys are 256-bit random tokens, so a plain SHA-256 is enough: there is nothing to brute-force.
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return "zjtx_" + secrets.token_urlsafe(32)


@dataclass
class ClientStore:
    """Clients by hashed key, loaded once at start-up from the deployment's clients file."""

    clients: list[tuple[str, Client]]

    @classmethod
    def load(cls, path: Path | None) -> ClientStore:
        if path is None or not Path(path).exists():
            return cls([])
        data = json.loads(Path(path).read_text())
        entries = data.get("clients", {})
        clients = []
        for name, entry in entries.items():
            unknown = set(entry["scopes"]) - set(SCOPES)
            if unknown:
                raise ValueError(f"client {name} has unknown scopes: {sorted(unknown)}")
            clients.append((entry["key_sha256"], Client(name, frozenset(entry["scopes"]), entry.get("attributes", {}))))
        return cls(clients)

    def authenticate(self, key: str) -> Client | None:
        digest = hash_key(key)
        found = None
        for stored, client in self.clients:  # compare against every entry so timing says nothing
            if hmac.compare_digest(stored, digest):
                found = client
        return found


def write_clients_file(path: Path, clients: dict[str, dict[str, Any]], *, generated_for: str | None = None) -> None:
    """Write the hashed clients file a deployment's services read. `clients` maps name -> {key, scopes}."""
    body: dict[str, Any] = {
        "clients": {
            name: {"key_sha256": hash_key(c["key"]), "scopes": list(c["scopes"]), "attributes": c.get("attributes", {})}
            for name, c in clients.items()
        }
    }
    if generated_for:
        body["generated_for"] = generated_for
    path.write_text(json.dumps(body, indent=2))


def authorize(request: Request, scope: str) -> Client:
    """The caller, who must hold `scope`: for a dependency that needs the caller among other things,
    without a dependency of its own (each level of dependencies costs FastAPI a resolution)."""
    client = _authenticate(request)
    if not client.has(scope):
        raise Forbidden(f"this needs the scope {scope}")
    return client


# The dependencies are `async def` though they never await: FastAPI runs a plain `def` dependency in
# its thread pool, a hand-off that costs more than the work.
async def current_client(request: Request) -> Client:
    return _authenticate(request)


_UNSET = object()


def _authenticate(request: Request) -> Client:
    # The client middleware has checked the key once for the whole request; without it (an app built
    # without the kit's middleware), check it here.
    client = request.scope.get("state", {}).get("client", _UNSET)
    if client is _UNSET:
        token = bearer_token(request.scope)
        client = request.app.state.clients.authenticate(token) if token else None
    if client is None:
        if bearer_token(request.scope) is None:
            raise Unauthenticated("send the API key as `Authorization: Bearer <key>`")
        raise Unauthenticated("the API key is not known")
    return client


def bearer_token(scope) -> str | None:
    """The key of an `Authorization: Bearer <key>` header, or None."""
    for name, value in scope.get("headers") or ():
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            token = token.strip()
            return token if scheme.lower() == "bearer" and token else None
    return None


def require(scope: str):
    """Dependency: the caller, who must hold `scope`."""

    async def dependency(request: Request) -> Client:
        return authorize(request, scope)

    dependency.zjtx_scope = scope  # what the OpenAPI document says the operation needs
    return dependency
