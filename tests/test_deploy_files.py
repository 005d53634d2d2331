"""The files under deploy/ agree with the service catalog and keep their safety properties.

Nothing here runs docker, kubectl or kustomize: the YAML is parsed, and the replacements of
deploy/k8s/base/service/apply-values are applied to the base by a small reader of their field paths,
so a field of the base left holding a placeholder, or a field path that points nowhere, fails here."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from zjtx.common.devstack.catalog import SERVICES, ServiceSpec
from zjtx.common.settings import Environment, ServiceSettings

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
BASE = K8S / "base" / "service"
APPLY_VALUES = BASE / "apply-values"
# The base's stand-ins for a service's values (base/service/values.yaml, the image in the Deployments).
PLACEHOLDERS = {"service", "8000", 8000, "zjtx-service-db"}
BASE_IMAGE = "zjtx/service"
METRICS_PORT = 9464  # METRICS_PORT of k8s/configmap.yaml and compose.yaml: /metrics apart from the API

SPECS = pytest.mark.parametrize("spec", SERVICES, ids=[spec.name for spec in SERVICES])


def load_all(path: Path) -> list[Any]:
    with path.open(encoding="utf-8") as f:
        return [doc for doc in yaml.safe_load_all(f) if doc is not None]


def load_one(path: Path) -> dict[str, Any]:
    [doc] = load_all(path)
    return doc


def code_exists(spec: ServiceSpec) -> bool:
    return (spec.directory(ROOT) / "pyproject.toml").is_file()


# ---- every file ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(DEPLOY.rglob("*.y*ml")), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_yaml_file_parses_into_mappings(path: Path) -> None:
    docs = load_all(path)
    assert docs, f"{path} holds no document"
    assert all(isinstance(doc, dict) for doc in docs)


# ---- Kubernetes: the base ----------------------------------------------------------------------------------


def base_documents() -> list[dict[str, Any]]:
    kustomization = load_one(BASE / "kustomization.yaml")
    return [doc for name in kustomization["resources"] for doc in load_all(BASE / name)]


def by_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in docs if doc["kind"] == kind}


def env_of(deployment: dict[str, Any]) -> dict[str, Any]:
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


def test_base_holds_the_api_and_worker_deployments_their_service_and_budgets() -> None:
    docs = base_documents()
    deployments = by_kind(docs, "Deployment")
    assert set(deployments) == {"service-api", "service-worker"}
    # The API serves only; the worker consumes, relays and schedules (and keeps the API for probes).
    roles = ("RUN_API", "RUN_CONSUMER", "RUN_RELAY", "RUN_SCHEDULER")
    assert [env_of(deployments["service-api"])[r] for r in roles] == ["true", "false", "false", "false"]
    assert [env_of(deployments["service-worker"])[r] for r in roles] == ["true", "true", "true", "true"]
    [service] = by_kind(docs, "Service").values()
    assert service["spec"]["selector"]["app.kubernetes.io/component"] == "api"
    assert set(by_kind(docs, "PodDisruptionBudget")) == {"service-api", "service-worker"}


@pytest.mark.parametrize("name", ["service-api", "service-worker"])
def test_base_deployments_run_locked_down_and_probed(name: str) -> None:
    pod = by_kind(base_documents(), "Deployment")[name]["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    for container in pod["containers"]:
        security = container["securityContext"]
        assert security["readOnlyRootFilesystem"] is True
        assert security["allowPrivilegeEscalation"] is False
        assert security["capabilities"]["drop"] == ["ALL"]
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            assert container[probe]["httpGet"]["port"] == "http", probe
        assert container["resources"]["limits"]["memory"]
        assert {"name": "api-clients", "mountPath": "/etc/zjtx/clients", "readOnly": True} in container["volumeMounts"]
    assert pod["topologySpreadConstraints"]


# ---- Kubernetes: the overlays and apply-values -------------------------------------------------------------


def overlay(spec: ServiceSpec) -> dict[str, Any]:
    return load_one(K8S / "services" / spec.name / "kustomization.yaml")


def overlay_values(kustomization: dict[str, Any]) -> dict[str, str]:
    [generator] = [g for g in kustomization["configMapGenerator"] if g["name"] == "service-values"]
    assert generator["behavior"] == "replace"  # a value the overlay forgets then fails the build
    return dict(literal.split("=", 1) for literal in generator["literals"])


def split_field_path(path: str) -> list[str]:
    """kustomize's field path: dot-separated, `\\.` a dot inside a key, `[k=v]` a list item (kept whole)."""
    return [part.replace("\\.", ".") for part in re.split(r"(?<!\\)\.(?![^\[]*\])", path)]


def set_field(doc: dict[str, Any], path: str, value: str, options: dict[str, Any]) -> None:
    *parents, last = split_field_path(path)
    node: Any = doc
    for part in parents:
        if part.startswith("["):
            key, _, wanted = part[1:-1].partition("=")
            [node] = [item for item in node if item.get(key) == wanted]
        else:
            node = node[int(part)] if part.isdigit() else node[part]
    old = node[last]  # KeyError: a field path that names nothing in the base
    if "delimiter" in options:
        parts = old.split(options["delimiter"])
        parts[options["index"]] = value
        value = options["delimiter"].join(parts)
    node[last] = int(value) if isinstance(old, int) else value  # the target keeps its type, as in kustomize


def render(spec: ServiceSpec) -> list[dict[str, Any]]:
    """What kustomize builds from one overlay: the base with the overlay's values and image."""
    kustomization = overlay(spec)
    values = overlay_values(kustomization)
    docs = [copy.deepcopy(doc) for doc in base_documents() if doc["metadata"]["name"] != "service-values"]
    [transformer] = load_all(APPLY_VALUES / "replacements.yaml")
    for replacement in transformer["replacements"]:
        source = replacement["source"]
        assert (source["kind"], source["name"]) == ("ConfigMap", "service-values")
        value = values[source["fieldPath"].removeprefix("data.")]
        for target in replacement["targets"]:
            for doc in docs:
                if doc["kind"] == target["select"]["kind"]:
                    for path in target["fieldPaths"]:
                        set_field(doc, path, value, target.get("options", {}))
    [image] = kustomization["images"]
    for deployment in by_kind(docs, "Deployment").values():
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            name, _, tag = container["image"].partition(":")
            container["image"] = f"{image['newName']}:{tag}" if name == image["name"] else container["image"]
    return docs


def scalars(node: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [found for key, value in node.items() for found in scalars(value, f"{path}.{key}")]
    if isinstance(node, list):
        return [found for i, value in enumerate(node) for found in scalars(value, f"{path}[{i}]")]
    return [(path, node)]


def test_overlays_are_the_services_of_the_catalog() -> None:
    assert {p.name for p in (K8S / "services").iterdir()} == {spec.name for spec in SERVICES}


def test_apply_values_writes_the_values_then_drops_them() -> None:
    assert load_one(APPLY_VALUES / "kustomization.yaml")["resources"] == ["replacements.yaml", "drop-values.yaml"]
    drop = load_one(APPLY_VALUES / "drop-values.yaml")
    assert yaml.safe_load(drop["patch"]) == {
        "$patch": "delete",
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "service-values"},
    }
    [values] = [doc for doc in base_documents() if doc["metadata"]["name"] == "service-values"]
    assert values["metadata"]["annotations"]["config.kubernetes.io/local-config"] == "true"
    [transformer] = load_all(APPLY_VALUES / "replacements.yaml")
    sources = {r["source"]["fieldPath"].removeprefix("data.") for r in transformer["replacements"]}
    assert sources == set(values["data"])


@SPECS
def test_overlay_gives_the_catalog_name_port_and_database(spec: ServiceSpec) -> None:
    kustomization = overlay(spec)
    assert kustomization["resources"] == ["../../base/service"]
    assert kustomization["transformers"] == ["../../base/service/apply-values"]
    assert kustomization["images"] == [{"name": BASE_IMAGE, "newName": f"zjtx/{spec.name}"}]
    values = overlay_values(kustomization)
    assert values == {"name": spec.name, "port": str(spec.port), "databaseSecret": f"zjtx-{spec.name}-db"}
    secrets = by_kind(load_all(K8S / "secret.example.yaml"), "Secret")
    url = secrets[values["databaseSecret"]]["stringData"]["DATABASE_URL"]
    assert url.endswith(f"/{spec.database}")


@SPECS
def test_overlay_leaves_no_placeholder_in_the_base(spec: ServiceSpec) -> None:
    docs = render(spec)
    left = [
        (doc["kind"], path, value)
        for doc in docs
        for path, value in scalars(doc)
        if value in PLACEHOLDERS or str(value).startswith(("service-", BASE_IMAGE))
    ]
    assert left == []
    deployments = by_kind(docs, "Deployment")
    assert set(deployments) == {f"{spec.name}-api", f"{spec.name}-worker"}
    for deployment in deployments.values():
        template = deployment["spec"]["template"]
        [container] = template["spec"]["containers"]
        assert container["name"] == spec.name
        assert container["image"].startswith(f"zjtx/{spec.name}:")
        assert container["ports"] == [
            {"name": "http", "containerPort": spec.port},
            {"name": "metrics", "containerPort": METRICS_PORT},
        ]
        assert template["metadata"]["annotations"]["prometheus.io/port"] == str(METRICS_PORT)
        env = env_of(deployment)
        assert (env["SERVICE_NAME"], env["HTTP_PORT"]) == (spec.name, str(spec.port))
        assert env["DATABASE_URL"]["secretKeyRef"]["name"] == f"zjtx-{spec.name}-db"
        assert deployment["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] == spec.name
    [service] = by_kind(docs, "Service").values()
    assert service["metadata"]["name"] == spec.name
    assert service["spec"]["ports"][0]["port"] == spec.port
    assert set(by_kind(docs, "PodDisruptionBudget")) == {f"{spec.name}-api", f"{spec.name}-worker"}


def deployed_overlays() -> set[str]:
    resources = load_one(K8S / "kustomization.yaml")["resources"]
    return {r.removeprefix("services/") for r in resources if r.startswith("services/")}


def test_top_level_kustomization_deploys_only_services_that_exist() -> None:
    kustomization = load_one(K8S / "kustomization.yaml")
    assert kustomization["resources"][:2] == ["namespace.yaml", "configmap.yaml"]
    deployed = deployed_overlays()
    assert {"registry", "awards"} <= deployed
    specs = {spec.name: spec for spec in SERVICES}
    for name in deployed:
        assert code_exists(specs[name]), f"{name} is deployed but services/{name} does not exist"
    tagged = {image["name"] for image in kustomization["images"]}
    assert tagged == {f"zjtx/{name}" for name in deployed}


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


def test_the_deployed_settings_pass_the_production_checks() -> None:
    """Production refuses unsafe settings (zjtx.common.settings); what deploy/ sets is not refused, and
    serves /metrics on its own port."""
    configmap = load_one(K8S / "configmap.yaml")["data"]
    environment = compose()["x-service"]["environment"]
    for given in (configmap, environment):
        settings = ServiceSettings(**{name.lower(): value for name, value in given.items()})
        assert (settings.environment, settings.metrics_port) == (Environment.PRODUCTION, METRICS_PORT)


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
