"""A function returning a payload written over many lines is read as a short one is."""

import hashlib

from shop.telemetry import track


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _plugin_payload(name: str, namespace: str, command: str | None) -> dict:
    return {
        "name_hash": _digest(name),
        "namespace_hash": _digest(namespace),
        "executable_hash": _digest(name + namespace),
        "variant_hash": _digest(namespace + name),
        "command": command,
        "kind": "extractor",
        "version": 1,
        "parent_hash": _digest(name) if name else None,
        "pip_url_hash": _digest(namespace) if namespace else None,
        "category": "plugins",
        "schema": "iglu:com.shop/plugins_context/jsonschema/1-0-0",
    }


def added(name: str, namespace: str) -> None:
    track("plugin.added", {"plugin": _plugin_payload(name, namespace, None)})
    track("plugin.ran", {"plugin": _plugin_payload(name, namespace, name)})  # expect: RL003


def listed(names: list[str]) -> None:
    track("plugins.listed", {"hashes": list(map(_digest, names))})
    track("plugins.named", {"names": list(map(str.strip, names))})  # expect: RL003
