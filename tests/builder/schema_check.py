"""A small JSON Schema (draft-07) checker for the keywords our schema uses.

jsonschema is not a dependency of the project; this checks what the editor will check, as
the YAML language server reads YAML (dates are text there)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "integer": int,
    "number": (int, float),
}


def as_json(value: Any) -> Any:
    """A value loaded by PyYAML as the YAML language server sees it (dates are strings)."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def errors(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "") -> list[str]:
    """Every place where ``value`` does not match ``schema``."""
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return errors(value, target, root, path)
    found: list[str] = []
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        ok = any(
            isinstance(value, TYPES[k]) and not (isinstance(value, bool) and k != "boolean")
            for k in kinds
        )
        if not ok:
            return [f"{path or '/'}: expected {kind}, found {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        found.append(f"{path}: {value!r} is not {schema['const']!r}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        found.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{path}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            found.append(f"{path}: {value} > {schema['maximum']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            found.append(f"{path}: fewer than {schema['minItems']} items")
        for index, item in enumerate(value):
            if "items" in schema:
                found += errors(item, schema["items"], root, f"{path}/{index}")
    if isinstance(value, dict):
        found += _object_errors(value, schema, root, path)
    if "anyOf" in schema:
        options = [errors(value, option, root, path) for option in schema["anyOf"]]
        if all(options):
            found += min(options, key=len)
    for rule in schema.get("allOf", []):
        if "if" in rule:
            if not errors(value, rule["if"], root, path):
                found += errors(value, rule.get("then", {}), root, path)
        else:
            found += errors(value, rule, root, path)
    return found


def _object_errors(
    value: dict, schema: dict[str, Any], root: dict[str, Any], path: str
) -> list[str]:
    found = []
    properties = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            found.append(f"{path}: missing {name}")
    if not schema.get("minProperties", 0) <= len(value) <= schema.get("maxProperties", len(value)):
        found.append(f"{path}: wrong number of keys")
    for name, item in value.items():
        if "propertyNames" in schema:
            found += errors(name, schema["propertyNames"], root, f"{path}/{name}")
        if name in properties:
            found += errors(item, properties[name], root, f"{path}/{name}")
        elif isinstance(schema.get("additionalProperties"), dict):
            found += errors(item, schema["additionalProperties"], root, f"{path}/{name}")
        elif schema.get("additionalProperties") is False:
            found.append(f"{path}: unknown key {name}")
    return found
