"""What a service's OpenAPI document offers a client to copy: the example of each operation's request
body, so that a test can send each one as a client would and see it accepted ("examples that work")."""

from __future__ import annotations

from typing import Any


def request_examples(document: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """(METHOD, path) -> the first example of the operation's JSON request body, for those that have one
    (on the body's schema or its media type)."""
    found: dict[tuple[str, str], Any] = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            media = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            examples = _examples(document, media)
            if examples:
                found[(method.upper(), path)] = examples[0]
    return found


def _examples(document: dict[str, Any], media: dict[str, Any]) -> list[Any]:
    if "example" in media:
        return [media["example"]]
    if media.get("examples"):
        return [example["value"] for example in media["examples"].values()]
    schema = media.get("schema", {})
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return list(schema.get("examples", []))
