"""The files under deploy/ agree with the service catalog and keep their safety properties.

Nothing here runs docker, kubectl or kustomize: the YAML is parsed, and the replacements of
deploy/k8s/base/service/apply-values are applied to the base by a small reader of their field paths,
so a field of the base left holding a placeholder, or a field path that points nowhere, fails here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from zjtx.common.devstack.catalog import SERVICES, ServiceSpec
from zjtx.common.devstack.keys import DEV_CLIENTS
from zjtx.common.web.auth import SCOPES, ClientStore

from .deploy_manifests import (
    APPLY_VALUES,
    BASE_IMAGE,
    DEPLOY,
    K8S,
    METRICS_PORT,
    PLACEHOLDERS,
    SPECS,
    base_documents,
    by_kind,
    code_exists,
    deployed_overlays,
    env_of,
    load_all,
    load_one,
    overlay,
    overlay_values,
    render,
    scalars,
)

# ---- every file ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(DEPLOY.rglob("*.y*ml")), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_yaml_file_parses_into_mappings(path: Path) -> None:
    docs = load_all(path)
    assert docs, f"{path} holds no document"
    assert all(isinstance(doc, dict) for doc in docs)


# ---- Kubernetes: the base ----------------------------------------------------------------------------------


def test_base_holds_the_api_and_worker_deployments_their_service_and_budgets() -> None:
    docs = base_documents()
    deployments = by_kind(docs, "Deployment")
    assert set(deployments) == {"service-api", "service-worker"}
    # The API serves only; the worker consumes, relays and schedules (and keeps the API for probes).
    roles = ("RUN_API", "RUN_CONSUMER", "RUN_RELAY", "RUN_SCHEDULER")
    assert [env_of(deployments["service-api"])[r] for r in roles] == ["true", "false", "false", "false"]
    assert [env_of(deployments["service-worker"])[r] for r in roles] == ["true", "true", "true", "true"]
    services = by_kind(docs, "Service")
    assert set(services) == {"service", "service-worker"}
    assert services["service"]["spec"]["selector"]["app.kubernetes.io/component"] == "api"
    # The workers' Service is headless, there only for the ServiceMonitor to find their pods.
    assert services["service-worker"]["spec"]["selector"]["app.kubernetes.io/component"] == "worker"
    assert services["service-worker"]["spec"]["clusterIP"] == "None"
    assert set(by_kind(docs, "PodDisruptionBudget")) == {"service-api", "service-worker"}
    assert set(by_kind(docs, "NetworkPolicy")) == {"service-api", "service-worker"}
    assert set(by_kind(docs, "HorizontalPodAutoscaler")) == {"service-api"}  # workers are not autoscaled
    assert set(by_kind(docs, "ServiceMonitor")) == {"service"}


def test_base_api_is_autoscaled_on_cpu_and_its_deployment_leaves_replicas_to_the_autoscaler() -> None:
    docs = base_documents()
    [hpa] = by_kind(docs, "HorizontalPodAutoscaler").values()
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "service-api"}
    assert hpa["spec"]["minReplicas"] == 2 <= hpa["spec"]["maxReplicas"]
    [metric] = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    deployments = by_kind(docs, "Deployment")
    assert "replicas" not in deployments["service-api"]["spec"]  # else every `kubectl apply` resets it
    assert deployments["service-worker"]["spec"]["replicas"] >= 2


def test_base_network_policies_admit_the_ingress_controller_and_prometheus_only() -> None:
    policies = by_kind(base_documents(), "NetworkPolicy")
    deployments = by_kind(base_documents(), "Deployment")

    def sources(policy: dict[str, Any], ports: list[str]) -> set[str]:
        [rule] = policy["spec"]["ingress"]
        assert rule["ports"] == [{"protocol": "TCP", "port": port} for port in ports]  # container ports by name
        return {peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] for peer in rule["from"]}

    # The API's own port and the metrics port (METRICS_PORT) for the API pods; workers only the latter.
    assert sources(policies["service-api"], ["http", "metrics"]) == {"ingress-nginx", "monitoring"}
    assert sources(policies["service-worker"], ["metrics"]) == {"monitoring"}
    for deployment in deployments.values():
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        assert {port["name"] for port in container["ports"]} == {"http", "metrics"}
    for role in ("api", "worker"):
        policy, deployment = policies[f"service-{role}"], deployments[f"service-{role}"]
        assert policy["spec"]["policyTypes"] == ["Ingress", "Egress"]
        assert policy["spec"]["podSelector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]
        egress = {(p["protocol"], p["port"]) for rule in policy["spec"]["egress"] for p in rule["ports"]}
        assert egress == {("TCP", 5432), ("TCP", 9092), ("TCP", 9093), ("UDP", 53), ("TCP", 53)}


def test_base_service_monitor_scrapes_the_metrics_of_both_services() -> None:
    docs = base_documents()
    [monitor] = by_kind(docs, "ServiceMonitor").values()
    for service in by_kind(docs, "Service").values():
        labels = service["metadata"]["labels"]
        assert monitor["spec"]["selector"]["matchLabels"].items() <= labels.items(), service["metadata"]["name"]
        assert "metrics" in {port["name"] for port in service["spec"]["ports"]}
    assert monitor["spec"]["namespaceSelector"] == {"matchNames": ["zjtx"]}
    # /metrics is served on METRICS_PORT alone (the API's port answers 404 for it).
    assert [(e["port"], e["path"]) for e in monitor["spec"]["endpoints"]] == [("metrics", "/metrics")]
    [configmap] = load_all(K8S / "configmap.yaml")
    metrics_port = int(configmap["data"]["METRICS_PORT"])
    for deployment in by_kind(docs, "Deployment").values():
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        assert {"name": "metrics", "containerPort": metrics_port} in container["ports"]


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
    assert values == {
        "name": spec.name,
        "port": str(spec.port),
        "databaseSecret": f"zjtx-{spec.name}-db",
        "kafkaSecret": f"zjtx-{spec.name}-kafka",
    }
    secrets = by_kind(load_all(K8S / "secret.example.yaml"), "Secret")
    url = secrets[values["databaseSecret"]]["stringData"]["DATABASE_URL"]
    assert url.endswith(f"/{spec.database}")
    kafka_login = secrets[values["kafkaSecret"]]["stringData"]
    assert set(kafka_login) == {"KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"}


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
        for name in ("KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"):  # a Secret's, not the ConfigMap's
            assert env[name]["secretKeyRef"] == {"name": f"zjtx-{spec.name}-kafka", "key": name}
        kafka_ca = {"name": "kafka-ca", "mountPath": "/etc/zjtx/kafka", "readOnly": True}
        assert kafka_ca in container["volumeMounts"]
        [volume] = [v for v in template["spec"]["volumes"] if v["name"] == "kafka-ca"]
        assert volume["secret"]["secretName"] == "zjtx-kafka-ca"
        assert deployment["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] == spec.name
    services = by_kind(docs, "Service")
    assert set(services) == {spec.name, f"{spec.name}-worker"}
    for service in services.values():
        assert service["spec"]["ports"][0]["port"] == spec.port
        assert service["spec"]["selector"]["app.kubernetes.io/name"] == spec.name
    assert set(by_kind(docs, "PodDisruptionBudget")) == {f"{spec.name}-api", f"{spec.name}-worker"}
    policies = by_kind(docs, "NetworkPolicy")
    assert set(policies) == {f"{spec.name}-api", f"{spec.name}-worker"}
    for policy in policies.values():
        assert policy["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"] == spec.name
    [hpa] = by_kind(docs, "HorizontalPodAutoscaler").values()
    assert hpa["metadata"]["name"] == hpa["spec"]["scaleTargetRef"]["name"] == f"{spec.name}-api"
    [monitor] = by_kind(docs, "ServiceMonitor").values()
    assert monitor["metadata"]["name"] == spec.name
    assert monitor["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] == spec.name


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


def test_namespace_denies_by_default() -> None:
    assert "networkpolicy.yaml" in load_one(K8S / "kustomization.yaml")["resources"]
    policy = load_one(K8S / "networkpolicy.yaml")
    assert policy["kind"] == "NetworkPolicy"
    assert policy["metadata"]["namespace"] == "zjtx"
    assert policy["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


def test_ingress_routes_v1_of_every_deployed_service_over_tls() -> None:
    assert "ingress.yaml" in load_one(K8S / "kustomization.yaml")["resources"]
    ingress = load_one(K8S / "ingress.yaml")
    routed = {}
    for rule in ingress["spec"]["rules"]:
        [path] = rule["http"]["paths"]
        assert (path["path"], path["pathType"]) == ("/v1", "Prefix")  # /metrics, /readyz stay inside
        backend = path["backend"]["service"]
        assert backend["port"] == {"name": "http"}  # the Service's port of that name (8001-8005)
        routed[backend["name"]] = rule["host"]
    assert set(routed) == deployed_overlays()
    [tls] = ingress["spec"]["tls"]
    assert tls["secretName"] and sorted(tls["hosts"]) == sorted(routed.values())


def example_clients() -> dict[str, dict[str, Any]]:
    secret = by_kind(load_all(K8S / "secret.example.yaml"), "Secret")["zjtx-api-clients"]
    return json.loads(secret["stringData"]["api-clients.json"])["clients"]


def test_secret_example_lists_every_client_of_the_platform_with_its_scopes(tmp_path: Path) -> None:
    clients = example_clients()
    # The clients `make run` makes, under the same names, scopes and attribute names.
    assert set(clients) == set(DEV_CLIENTS)
    for name, dev in DEV_CLIENTS.items():
        assert clients[name]["scopes"] == dev["scopes"], name
        assert set(clients[name]["attributes"]) == set(dev.get("attributes", {})), name
    assert set(clients["admin"]["scopes"]) == set(SCOPES)
    assert {scope for client in clients.values() for scope in client["scopes"]} == set(SCOPES)
    # The services load it as it is (an unknown scope stops them).
    (tmp_path / "api-clients.json").write_text(json.dumps({"clients": clients}))
    store = ClientStore.load(tmp_path / "api-clients.json")
    assert {client.name for _, client in store.clients} == set(DEV_CLIENTS)


def test_secret_example_has_a_database_secret_for_every_service() -> None:
    secrets = by_kind(load_all(K8S / "secret.example.yaml"), "Secret")
    for spec in SERVICES:
        url = secrets[f"zjtx-{spec.name}-db"]["stringData"]["DATABASE_URL"]
        assert url.startswith(f"postgresql+asyncpg://{spec.package}:") and url.endswith(f"/{spec.database}")


@SPECS
def test_kubectl_kustomize_builds_what_this_file_renders(spec: ServiceSpec) -> None:
    """The renderer above against kustomize itself, where kubectl is installed (it is not required)."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("no kubectl: the offline renderer alone is checked")
    built = subprocess.run(
        [kubectl, "kustomize", str(K8S / "services" / spec.name)], capture_output=True, text=True, check=True
    ).stdout
    key = lambda doc: (doc["kind"], doc["metadata"]["name"])  # noqa: E731
    assert sorted(load_all_text(built), key=key) == sorted(render(spec), key=key)


def load_all_text(text: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(text) if doc is not None]


def test_hotline_may_call_the_12345_system_back() -> None:
    [hotline] = [spec for spec in SERVICES if spec.name == "hotline"]
    docs = render(hotline)
    for policy in by_kind(docs, "NetworkPolicy").values():
        assert {"ports": [{"protocol": "TCP", "port": 443}]} in policy["spec"]["egress"]
    for deployment in by_kind(docs, "Deployment").values():
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        assert {"secretRef": {"name": "zjtx-hotline-callback", "optional": True}} in container["envFrom"]
