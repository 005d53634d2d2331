"""Every Kubernetes manifest the platform applies, validated offline against the API's schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
from jsonschema import Draft202012Validator

from zjtx.common.devstack.catalog import SERVICES

from .deploy_manifests import K8S, base_documents, load_all, load_one, render

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
