"""API clients for tests: known keys with chosen scopes, and an ASGI client that carries one."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from zjtx.common.web.auth import SCOPES, Client, ClientStore, hash_key


class TestKeys:
    """A client per name; `headers(name)` is what that client sends."""

    __test__ = False  # not a test class

    def __init__(self, clients: dict[str, tuple[str, ...] | tuple[tuple[str, ...], dict[str, Any]]]) -> None:
        self.keys: dict[str, str] = {}
        entries = []
        for name, spec in clients.items():
            scopes, attributes = spec if spec and isinstance(spec[0], tuple) else (spec, {})
            key = f"test-key-{name}"
            self.keys[name] = key
            entries.append((hash_key(key), Client(name, frozenset(scopes), dict(attributes))))
        self.store = ClientStore(entries)

    def headers(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[name]}"}


def default_keys(read: str, write: str) -> TestKeys:
    return TestKeys({"admin": SCOPES, "writer": (read, write), "reader": (read,), "outsider": ()})


def asgi_client(app: FastAPI, *, language: str | None = "en") -> httpx.AsyncClient:
    """A client of the app. It reads English unless told otherwise (`language=None`: no Accept-Language,
    the Chinese every person here gets), so that a test's assertions on titles read as the code does."""
    headers = {"Accept-Language": language} if language else {}
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test", headers=headers)
