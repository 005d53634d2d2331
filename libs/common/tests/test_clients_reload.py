"""API clients are read again when their file changes (a key rotated, a client withdrawn), without a
restart; a file that cannot be read keeps the clients in force."""

from __future__ import annotations

import logging

import pytest

from zjtx.common.kit import create_app
from zjtx.common.testing.clients import asgi_client
from zjtx.common.web.auth import ClientStore, new_key, write_clients_file


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


async def test_a_rotated_key_works_at_once_and_the_old_one_no_more(service_definition, settings, sessions, tmp_path):
    path = tmp_path / "api-clients.json"
    old, new = new_key(), new_key()
    write_clients_file(path, {"ops": {"key": old, "scopes": ["admin"]}})
    app = create_app(service_definition, settings, sessions=sessions, clients=ClientStore.load(path, check_seconds=0))

    async def status(key: str) -> int:
        return (await http.get("/v1/counters/a", headers={"Authorization": f"Bearer {key}"})).status_code

    async with asgi_client(app) as http:
        assert (await status(old), await status(new)) == (200, 401)
        # Rotation, step 1: both keys in the file; step 2: the old one withdrawn. No restart between.
        write_clients_file(
            path, {"ops": {"key": old, "scopes": ["admin"]}, "ops-next": {"key": new, "scopes": ["admin"]}}
        )
        assert (await status(old), await status(new)) == (200, 200)
        write_clients_file(path, {"ops-next": {"key": new, "scopes": ["admin"]}})
        assert (await status(old), await status(new)) == (401, 200)


def test_a_file_that_cannot_be_read_keeps_the_clients_in_force(tmp_path, caplog):
    path = tmp_path / "api-clients.json"
    key = new_key()
    write_clients_file(path, {"ops": {"key": key, "scopes": ["admin"]}})
    store = ClientStore.load(path, check_seconds=0)
    for broken in (
        '{"clients": {"ops": {"key_sha256": "x"',
        '{"clients": {"ops": {"key_sha256": "x", "scopes": ["root"]}}}',
    ):
        path.write_text(broken)
        with caplog.at_level(logging.ERROR, logger="zjtx.common.web.auth"):
            assert store.authenticate(key).name == "ops"
        assert "was not read again" in caplog.text
        caplog.clear()


def test_the_file_is_looked_at_at_most_once_every_check_seconds(tmp_path):
    path = tmp_path / "api-clients.json"
    first, second = new_key(), new_key()
    write_clients_file(path, {"a": {"key": first, "scopes": ["admin"]}})
    store = ClientStore.load(path, check_seconds=3600)
    write_clients_file(path, {"b": {"key": second, "scopes": ["admin"]}})
    assert store.authenticate(second) is None  # not looked at again within the hour
    store.check_seconds = 0
    assert store.authenticate(second).name == "b"
