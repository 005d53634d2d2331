"""The compose file: each service the template with the catalog's values, loopback-only ports, and the
settings it deploys passing the production checks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from zjtx.common.devstack.catalog import SERVICES, ServiceSpec
from zjtx.common.settings import Environment, ServiceSettings

from .deploy_manifests import (
    DEPLOY,
    K8S,
    METRICS_PORT,
    SPECS,
    by_kind,
    code_exists,
    deployed_overlays,
    load_all,
    load_one,
)

# ---- compose ---------------------------------------------------------------------------------------------


def compose() -> dict[str, Any]:
    return load_one(DEPLOY / "compose.yaml")


def merged_nodes(node: yaml.MappingNode) -> list[yaml.Node]:
    return [value for key, value in node.value if key.tag == "tag:yaml.org,2002:merge"]


def child(node: yaml.MappingNode, key: str) -> yaml.Node:
    [value] = [v for k, v in node.value if k.value == key]
    return value


@SPECS
def test_compose_service_is_the_template_with_the_catalog_values(spec: ServiceSpec) -> None:
    document = compose()
    template, service = document["x-service"], document["services"][spec.name]
    for key, value in template.items():
        if key not in ("build", "environment"):
            assert service[key] == value, key
    assert service["build"] == {
        **template["build"],
        "args": {"SERVICE_DIR": spec.name, "SERVICE_PKG": spec.package, "SERVICE_PORT": str(spec.port)},
    }
    assert service["image"].startswith(f"zjtx/{spec.name}:")
    environment = service["environment"]
    assert environment == {**template["environment"], "DATABASE_URL": environment["DATABASE_URL"]}
    assert environment["DATABASE_URL"].endswith(f"@postgres:5432/{spec.database}")
    assert service["ports"] == [f"127.0.0.1:{spec.port}:{spec.port}"]
    if not code_exists(spec):
        assert service.get("profiles") == ["pending"], "compose would build a service that does not exist"


def test_compose_services_merge_the_template_anchors() -> None:
    root = yaml.compose((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    template = child(root, "x-service")
    services = child(root, "services")
    for spec in SERVICES:
        node = child(services, spec.name)
        assert any(m is template for m in merged_nodes(node)), spec.name
        for key in ("build", "environment"):
            assert any(m is child(template, key) for m in merged_nodes(child(node, key))), (spec.name, key)


def test_the_deployed_settings_pass_the_production_checks(tmp_path: Path) -> None:
    """Production refuses unsafe settings (zjtx.common.settings); what deploy/ sets is not refused, and
    serves /metrics on its own port. In Kubernetes, with a service's Kafka login from its Secret and the
    CA where the Deployments mount it (here a copy of the example's, since the path is the pod's)."""
    configmap = load_one(K8S / "configmap.yaml")["data"]
    secrets = by_kind(load_all(K8S / "secret.example.yaml"), "Secret")
    assert configmap["KAFKA_SSL_CA_FILE"] == "/etc/zjtx/kafka/ca.crt"
    ca_file = tmp_path / "ca.crt"
    ca_file.write_text(secrets["zjtx-kafka-ca"]["stringData"]["ca.crt"])
    kubernetes = configmap | secrets["zjtx-registry-kafka"]["stringData"] | {"KAFKA_SSL_CA_FILE": str(ca_file)}
    environment = compose()["x-service"]["environment"]
    for given in (kubernetes, environment):
        settings = ServiceSettings(**{name.lower(): value for name, value in given.items()})
        assert (settings.environment, settings.metrics_port) == (Environment.PRODUCTION, METRICS_PORT)
    assert ServiceSettings(**{k.lower(): v for k, v in kubernetes.items()}).kafka_security_protocol == "SASL_SSL"
    with pytest.raises(ValueError, match="needs KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD"):
        ServiceSettings(**{name.lower(): value for name, value in configmap.items()} | {"kafka_ssl_ca_file": ca_file})


def test_compose_publishes_ports_on_loopback_only() -> None:
    for name, service in compose()["services"].items():
        for port in service.get("ports", []):
            host_ip = port.get("host_ip") if isinstance(port, dict) else port.split(":")[0]
            assert host_ip == "127.0.0.1", (name, port)


def test_compose_and_kubernetes_deploy_the_same_services() -> None:
    enabled = {name for name, service in compose()["services"].items() if "profiles" not in service}
    assert enabled - {"kafka", "postgres"} == deployed_overlays()


def test_postgres_init_creates_every_database() -> None:
    created = re.findall(r"^CREATE DATABASE (\w+);", (DEPLOY / "postgres" / "init.sql").read_text(), re.M)
    assert created == [spec.database for spec in SERVICES]
