"""API clients: keys stored hashed, compared in constant time, each client holding scopes (DESIGN: "Security")."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request

from zjtx.common.web.errors import Forbidden, Unauthenticated

log = logging.getLogger(__name__)

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
    "finance:disburse",
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
    """Clients by hashed key, from the deployment's clients file. A changed file (a key rotated, a client
    added or withdrawn) is read again without a restart: `authenticate` looks at the file's identity at
    most once every `check_seconds`. A file that cannot be read keeps the clients in force, and says why
    in the log: a bad edit must not lock every client out."""

    clients: list[tuple[str, Client]]
    path: Path | None = None
    check_seconds: float = 1.0
    _seen: str | None = field(default=None, repr=False)
    _checked_at: float = field(default=float("-inf"), repr=False)

    @classmethod
    def load(cls, path: Path | None, *, check_seconds: float = 1.0) -> ClientStore:
        store = cls([], path=Path(path) if path is not None else None, check_seconds=check_seconds)
        if store.path is not None and store.path.exists():
            store._seen = _identity(store.path)
            store.clients = read_clients_file(store.path)  # at start-up a bad file stops the process
            store._checked_at = time.monotonic()
        return store

    def authenticate(self, key: str) -> Client | None:
        self._refresh()
        digest = hash_key(key)
        found = None
        for stored, client in self.clients:  # compare against every entry so timing says nothing
            if hmac.compare_digest(stored, digest):
                found = client
        return found

    def _refresh(self) -> None:
        if self.path is None:
            return
        now = time.monotonic()
        if now - self._checked_at < self.check_seconds:
            return
        self._checked_at = now
        identity = _identity(self.path)
        if identity is None or identity == self._seen:
            return
        self._seen = identity
        try:
            clients = read_clients_file(self.path)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.error("the clients file %s was not read again (%s): the clients in force stay", self.path, exc)
            return
        self.clients = clients
        log.info("the clients file %s was read again: %d clients", self.path, len(clients))


def _identity(path: Path) -> str | None:
    """The file's content digest: a few hundred bytes read once a second cost nothing, and unlike a
    modification time they tell two quick rewrites of the same size apart (a Kubernetes Secret swaps a
    symlink: reading follows it)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def read_clients_file(path: Path) -> list[tuple[str, Client]]:
    data = json.loads(Path(path).read_text())
    clients = []
    for name, entry in data.get("clients", {}).items():
        unknown = set(entry["scopes"]) - set(SCOPES)
        if unknown:
            raise ValueError(f"client {name} has unknown scopes: {sorted(unknown)}")
        clients.append((entry["key_sha256"], Client(name, frozenset(entry["scopes"]), entry.get("attributes", {}))))
    return clients


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
        raise Forbidden(f"this needs the scope {scope}", detail_zh=f"此操作需要权限范围 {scope}")
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
            raise Unauthenticated(
                "send the API key as `Authorization: Bearer <key>`",
                detail_zh="请以 `Authorization: Bearer <key>` 发送API密钥",
            )
        raise Unauthenticated("the API key is not known", detail_zh="该API密钥未登记")
    return client


def bearer_token(scope) -> str | None:
    """The key of an `Authorization: Bearer <key>` header, or None."""
    for name, value in scope.get("headers") or ():
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            token = token.strip()
            return token if scheme.lower() == "bearer" and token else None
    return None


# What an operation open to every client says it needs (zjtx.common.web.openapi): a key, of any scope.
ANY_KEY = "*"


async def any_client(request: Request) -> Client:
    """Dependency: the caller, whatever scopes its key holds (401 without a known key)."""
    return _authenticate(request)


any_client.zjtx_scope = ANY_KEY  # type: ignore[attr-defined]


def require(scope: str):
    """Dependency: the caller, who must hold `scope`."""

    async def dependency(request: Request) -> Client:
        return authorize(request, scope)

    dependency.zjtx_scope = scope  # what the OpenAPI document says the operation needs
    return dependency
