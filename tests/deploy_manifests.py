"""The files under deploy/ as the tests read them: each YAML file loaded, the Kubernetes base, and each
service's overlay rendered by applying deploy/k8s/base/service/apply-values to the base with a small
reader of its field paths (nothing here runs kubectl or kustomize)."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from zjtx.common.devstack.catalog import SERVICES, ServiceSpec

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


def base_documents() -> list[dict[str, Any]]:
    kustomization = load_one(BASE / "kustomization.yaml")
    return [doc for name in kustomization["resources"] for doc in load_all(BASE / name)]


def by_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in docs if doc["kind"] == kind}


def env_of(deployment: dict[str, Any]) -> dict[str, Any]:
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


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


def deployed_overlays() -> set[str]:
    resources = load_one(K8S / "kustomization.yaml")["resources"]
    return {r.removeprefix("services/") for r in resources if r.startswith("services/")}
