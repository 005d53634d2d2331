"""The files under deploy/ agree with the service catalog and keep their safety properties.

Nothing here runs docker, kubectl or kustomize: the YAML is parsed, and the replacements of
deploy/k8s/base/service/apply-values are applied to the base by a small reader of their field paths,
so a field of the base left holding a placeholder, or a field path that points nowhere, fails here."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from jsonschema import Draft202012Validator

from zjtx.common.devstack.catalog import SERVICES, ServiceSpec
from zjtx.common.devstack.keys import DEV_CLIENTS
from zjtx.common.settings import Environment, ServiceSettings
from zjtx.common.web.auth import SCOPES, ClientStore

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
BASE = K8S / "base" / "service"
APPLY_VALUES = BASE / "apply-values"
# The base's stand-ins for a service's values (base/service/values.yaml, the image in the Deployments).
PLACEHOLDERS = {"service", "8000", 8000, "zjtx-service-db", "zjtx-service-kafka"}
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


def apply_patches(docs: list[dict[str, Any]], patches: list[dict[str, Any]]) -> None:
    """An overlay's `patches:` (before apply-values, so on the base's names). Only the JSON 6902 `add` op,
    the one the overlays use: anything else fails here rather than be skipped."""
    for entry in patches:
        target = entry["target"]
        ops = yaml.safe_load(entry["patch"])
        assert isinstance(ops, list), "only JSON 6902 patches are read here"
        matched = [
            doc
            for doc in docs
            if doc["kind"] == target["kind"] and target.get("name", doc["metadata"]["name"]) == doc["metadata"]["name"]
        ]
        assert matched, f"the patch target {target} names nothing in the base"
        for doc in matched:
            for op in ops:
                assert op["op"] == "add", op
                *parents, last = op["path"].lstrip("/").split("/")
                node: Any = doc
                for part in parents:
                    node = node[int(part)] if isinstance(node, list) else node[part]  # KeyError: a wrong path
                if isinstance(node, list) and last == "-":
                    node.append(copy.deepcopy(op["value"]))
                elif isinstance(node, list):
                    node.insert(int(last), copy.deepcopy(op["value"]))
                else:
                    node[last] = copy.deepcopy(op["value"])


def render(spec: ServiceSpec) -> list[dict[str, Any]]:
    """What kustomize builds from one overlay: the base with the overlay's patches, values and image."""
    kustomization = overlay(spec)
    values = overlay_values(kustomization)
    docs = [copy.deepcopy(doc) for doc in base_documents() if doc["metadata"]["name"] != "service-values"]
    apply_patches(docs, kustomization.get("patches", []))
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


# ---- Kubernetes: every manifest against the API's schemas, offline ----------------------------------------
#
# kubernetes-validate ships the JSON schemas of each Kubernetes release's API (no network): every resource
# that `kubectl apply -k deploy/k8s` applies (each overlay rendered as above), the base as written, and the
# Secret example, validated strictly (a field the API does not know fails) against the release kubectl 1.32
# is (deploy/README.md) and the newest the package has. Custom resources have no schema there:
# ServiceMonitor is checked against SERVICE_MONITOR_SCHEMA below, a subset of the Prometheus Operator's CRD
# (monitoring.coreos.com/v1) written for the fields used here, closed to others; the operators' examples
# in platform/ (Strimzi, CloudNativePG) only for apiVersion, kind, name and namespace.
# The schemas check fields and types, not every enumerated value (a NetworkPolicy's policyTypes, an
# Ingress's pathType pass as any string): the tests above pin those.

K8S_VERSIONS = ["1.32", kubernetes_validate.latest_version()]
DURATION = r"^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$"
STRINGS = {"type": "object", "additionalProperties": {"type": "string"}}
NAMES = {"type": "array", "items": {"type": "string"}}
SERVICE_MONITOR_SCHEMA = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"const": "monitoring.coreos.com/v1"},
        "kind": {"const": "ServiceMonitor"},
        "metadata": {
            "type": "object",
            "required": ["name", "namespace"],
            "additionalProperties": False,
            "properties": {"name": {"type": "string"}, "namespace": {"type": "string"}, "labels": STRINGS},
        },
        "spec": {
            "type": "object",
            "required": ["selector", "endpoints"],
            "additionalProperties": False,
            "properties": {
                "selector": {
                    "type": "object",
                    "required": ["matchLabels"],
                    "additionalProperties": False,
                    "properties": {"matchLabels": STRINGS},
                },
                "namespaceSelector": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"any": {"type": "boolean"}, "matchNames": NAMES},
                },
                "podTargetLabels": NAMES,
                "endpoints": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["port", "path"],
                        "additionalProperties": False,
                        "properties": {
                            "port": {"type": "string"},
                            "path": {"type": "string", "pattern": "^/"},
                            "interval": {"type": "string", "pattern": DURATION},
                            "scrapeTimeout": {"type": "string", "pattern": DURATION},
                        },
                    },
                },
            },
        },
    },
}


def applied_resources() -> list[tuple[str, dict[str, Any]]]:
    """(where, resource) for everything the suite can render: the top level's files, each overlay, the
    base as written, the Secret example."""
    found = []
    for name in load_one(K8S / "kustomization.yaml")["resources"]:
        if not name.startswith("services/"):
            found += [(name, doc) for doc in load_all(K8S / name)]
    for spec in SERVICES:
        found += [(f"services/{spec.name}", doc) for doc in render(spec)]
    found += [("base/service", doc) for doc in base_documents()]
    found += [("secret.example.yaml", doc) for doc in load_all(K8S / "secret.example.yaml")]
    return found


RESOURCES = applied_resources()


def resource_id(item: tuple[str, dict[str, Any]]) -> str:
    where, doc = item
    return f"{where}:{doc['kind']}/{doc['metadata']['name']}"


@pytest.mark.parametrize("version", K8S_VERSIONS)
@pytest.mark.parametrize("item", RESOURCES, ids=[resource_id(item) for item in RESOURCES])
def test_manifest_is_valid_against_the_kubernetes_schemas(item: tuple[str, dict[str, Any]], version: str) -> None:
    _, doc = item
    if doc["kind"] == "ServiceMonitor":
        errors = [f"{list(e.path)}: {e.message}" for e in Draft202012Validator(SERVICE_MONITOR_SCHEMA).iter_errors(doc)]
        assert errors == []
        return
    try:
        kubernetes_validate.validate(doc, version, strict=True)
    except kubernetes_validate.ValidationError as error:
        pytest.fail(
            f"{resource_id(item)} is not a valid {doc['kind']} for Kubernetes {version}: "
            f"{list(error.path)}: {error.message}"
        )


def test_every_kind_applied_is_validated_by_a_schema() -> None:
    """A kind that neither kubernetes-validate nor SERVICE_MONITOR_SCHEMA knows would fail above; this
    names the kinds, so that a new one is a decision."""
    kinds = {doc["kind"] for _, doc in RESOURCES}
    assert kinds == {
        "Namespace",
        "ConfigMap",
        "NetworkPolicy",
        "Ingress",
        "Deployment",
        "Service",
        "PodDisruptionBudget",
        "HorizontalPodAutoscaler",
        "ServiceMonitor",
        "Secret",
    }


@pytest.mark.parametrize("path", sorted((K8S / "platform").glob("*.yaml")), ids=lambda p: p.name)
def test_platform_examples_are_resources_of_their_operators(path: Path) -> None:
    for doc in load_all(path):
        group, _, version = doc["apiVersion"].partition("/")
        assert group.endswith((".strimzi.io", ".cnpg.io")) and version, doc["apiVersion"]
        assert doc["kind"] and doc["metadata"]["name"] and doc["metadata"]["namespace"], doc["metadata"]
        assert isinstance(doc["spec"], dict)


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
