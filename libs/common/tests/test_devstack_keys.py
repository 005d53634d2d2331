"""The development keys `make run` prints: every client a developer needs, webhook secrets made for the
bank and the 12345 system, and a keys file from an earlier version kept, with what was added since."""

from __future__ import annotations

import json
import stat

from zjtx.common.devstack.keys import DEV_CLIENTS, load_or_create_dev_keys, write_api_clients


def test_keys_are_made_once_with_secrets_and_kept_across_starts(tmp_path):
    path = tmp_path / "dev-keys.json"
    first = load_or_create_dev_keys(path)
    assert set(first) == set(DEV_CLIENTS)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first["bank-demo"]["attributes"]["bank_code"] == "DEMO"
    assert len(first["bank-demo"]["attributes"]["webhook_secret"]) >= 32
    assert first["hotline-12345"]["attributes"]["webhook_secret"] != first["bank-demo"]["attributes"]["webhook_secret"]
    assert load_or_create_dev_keys(path) == first


def test_an_older_keys_file_keeps_its_keys_and_gains_new_clients(tmp_path):
    path = tmp_path / "dev-keys.json"
    first = load_or_create_dev_keys(path)
    older = {name: entry for name, entry in first.items() if name != "handler-czj"}
    older["reviewer"] = {**older["reviewer"], "scopes": ["awards:read"]}
    path.write_text(json.dumps(older))
    merged = load_or_create_dev_keys(path)
    assert merged["reviewer"]["key"] == first["reviewer"]["key"]
    assert "finance:review" in merged["reviewer"]["scopes"]
    assert "handler-czj" in merged and merged["bank-demo"] == first["bank-demo"]


def test_the_services_file_holds_hashes_and_the_attributes_they_check(tmp_path):
    keys = load_or_create_dev_keys(tmp_path / "dev-keys.json")
    clients_file = tmp_path / "api-clients.json"
    write_api_clients(keys, clients_file)
    written = json.loads(clients_file.read_text())
    assert written["generated_for"] == "development"
    bank = written["clients"]["bank-demo"]
    assert keys["bank-demo"]["key"] not in clients_file.read_text()
    assert bank["attributes"] == keys["bank-demo"]["attributes"]  # the secret a signature is checked with


def test_the_roles_are_those_the_city_works_with():
    """Issue 12, item 8: the data platform files claims; only the finance bureau records payments;
    reviewers read the registry."""
    scopes = {name: set(spec["scopes"]) for name, spec in DEV_CLIENTS.items()}
    assert "awards:write" in scopes["data-platform"]
    assert "registry:read" in scopes["reviewer"]
    holding_disburse = {name for name, held in scopes.items() if "awards:disburse" in held}
    assert holding_disburse == {"admin", "finance-bureau"}
