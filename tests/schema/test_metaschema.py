"""The meta-schema: one file in two places, itself valid, accepting the examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from redactlint.schema.validate import META_SCHEMA_FILE, meta_schema
from tests.schema.helpers import EXAMPLES, event_document

PACKAGE_COPY = Path(__file__).parents[2] / "redactlint" / "schema" / META_SCHEMA_FILE
REPO_COPY = Path(__file__).parents[2] / "schemas" / META_SCHEMA_FILE


def test_package_and_repository_copies_are_identical() -> None:
    assert PACKAGE_COPY.read_bytes() == REPO_COPY.read_bytes()


def test_meta_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(meta_schema())
    assert meta_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda path: path.name)
def test_examples_satisfy_the_meta_schema_and_are_json_schemas(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator(meta_schema()).validate(document)
    Draft202012Validator.check_schema(document)


def test_an_event_schema_validates_its_payload() -> None:
    document = event_document()
    validator = Draft202012Validator(document)
    assert validator.is_valid({"query": "q", "resultCount": 3})
    assert not validator.is_valid({"query": "q", "extra": 1})
