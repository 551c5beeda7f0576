"""A small shop project for the catalog tests: schemas, the generated registry, call sites.

The schemas' first version is committed in git; the working tree holds the
second (a new event, a new field, a field moved from sensitive to hashed), so
``--against HEAD`` has a change to report.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from redactlint.analysis.config import parse_config_file
from redactlint.catalog import Catalog, collect_catalog
from redactlint.schema.generate import generate_registry
from redactlint.schema.loader import load_schema_dir

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ALLOWLIST = "export-allowlist.txt"
TITLE = "Shop <catalog> & co"
HOSTILE = '<script>alert("x")</script> | `tick` </script><!--'

PYPROJECT = """\
[tool.redactlint]
schemas = "schemas"
registry = "shop/telemetry.py"

[[tool.redactlint.sinks]]
call = "shop.analytics.track"
event = 0
properties = 1
redacts = true
"""

ANALYTICS = '''\
"""The legacy analytics client."""


def track(event, properties):
    return event, properties
'''

CHECKOUT = """\
from redactlint.redact import hashed, unsafe

from .analytics import track
from .telemetry import CartCheckedOut, SearchRun


def checkout(coupon, customer, count, kind):
    CartCheckedOut(
        coupon=unsafe(coupon),
        item_count=count,
        currency="EUR",
        customer=hashed(customer),
        channel="web",
    ).record()


def search(query, name):
    SearchRun(query=unsafe(query)).record()
    track("search.run", {"query": query})
    track("cart.removed", {"items": 1})
    track(name, {})
"""


def event(
    feature: str, action: str, properties: dict[str, Any], owner: str, description: str
) -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "type": "object",
        "x-event": {
            "feature": feature,
            "action": action,
            "version": 1,
            "owner": owner,
            "description": description,
        },
        "properties": properties,
        "required": [name for name in properties if name in ("coupon", "itemCount", "query")],
        "additionalProperties": False,
    }


def checked_out(new: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "coupon": {
            "type": "string",
            "description": "The coupon code typed at checkout.",
            "x-sensitivity": "sensitive",
            "x-safe-if": "^[A-Z]{4}$",
        },
        "itemCount": {"type": "integer", "description": "Items in the cart."},
        "currency": {
            "type": "string",
            "enum": ["EUR", "USD"],
            "x-sensitivity": "safe",
            "description": "The cart's currency.",
        },
        "customer": {
            "type": "string",
            "description": "The customer account.",
            "x-sensitivity": "hashed" if new else "sensitive",
        },
    }
    if new:
        properties["channel"] = {
            "type": "string",
            "pattern": "^[a-z]+$",
            "x-sensitivity": "safe",
            "description": "Where the checkout started.",
        }
    return event("cart", "checkedOut", properties, "payments", "A cart was paid for.")


def viewed() -> dict[str, Any]:
    properties = {
        "tags": {
            "type": "array",
            "items": {"type": "string"},
            "x-sensitivity": "sensitive",
            "description": "Labels the shopper gave the cart.",
        },
        "fast": {"type": "boolean", "description": "Rendered from cache."},
    }
    return event("cart", "viewed", properties, "web", "A cart page was shown.")


def search_run() -> dict[str, Any]:
    properties = {
        "query": {"type": "string", "x-sensitivity": "sensitive", "description": HOSTILE},
    }
    return event("search", "run", properties, "search", f"A search. {HOSTILE}")


def write_schemas(directory: Path, documents: list[dict[str, Any]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.json"):
        old.unlink()
    for document in documents:
        meta = document["x-event"]
        path = directory / f"{meta['feature']}.{meta['action']}.json"
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def build_shop(root: Path) -> Path:
    """The project; HEAD has the old schemas, the working tree the new ones."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    package = root / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "analytics.py").write_text(ANALYTICS, encoding="utf-8")
    (package / "checkout.py").write_text(textwrap.dedent(CHECKOUT), encoding="utf-8")
    write_schemas(root / "schemas", [checked_out(new=False), viewed()])
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Catalog Tester")
    git(root, "config", "user.email", "catalog-tester@example.invalid")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first schemas")
    write_schemas(root / "schemas", [checked_out(new=True), viewed(), search_run()])
    registry = generate_registry(list(load_schema_dir(root / "schemas")))
    (package / "telemetry.py").write_text(registry, encoding="utf-8")
    (root / ALLOWLIST).write_text(
        "# event field reason\ncart.checkedOut coupon coupons are public marketing codes\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="session")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_shop(tmp_path_factory.mktemp("catalog") / "shop")


@pytest.fixture(scope="session")
def shop_catalog(shop: Path) -> Catalog:
    """The shop's catalog with the allowlist and the change against HEAD."""
    config = parse_config_file(shop / "pyproject.toml")
    return collect_catalog(config, allowlist_file=shop / ALLOWLIST, against="HEAD", title=TITLE)
