"""``verify``: canaries in every slot, and declarations checked against the truth."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from redactlint.events import Allowlist, Event
from redactlint.events.metadata import EventMeta, FieldInfo
from redactlint.events.verify import Problem, verify_registry
from redactlint.schema.generate import event_meta

from . import broken
from .generated import import_file, write_registry
from .sample import LegacyOpened, SearchSubmitted
from .schemas import ALL


def messages(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


def test_a_generated_registry_passes(tmp_path: Path) -> None:
    module = import_file(write_registry(tmp_path, ALL))
    expected = {schema.name: event_meta(schema) for schema in ALL}
    assert verify_registry(module.REGISTRY, None, expected) == []


def test_hand_written_sample_passes() -> None:
    registry = {"search.submitted": SearchSubmitted, "legacy.opened": LegacyOpened}
    assert verify_registry(registry) == []


def test_field_typed_safe_but_declared_sensitive() -> None:
    problems = verify_registry({"user.signedUp": broken.SafeTypedSensitive})
    assert messages(problems) == [
        "user.signedUp field email: annotated SafeStr, "
        "but its declaration calls for RedactableStr"
    ]


def test_leaky_export_path_is_caught_in_the_modes_that_must_redact() -> None:
    problems = verify_registry({"search.leaky": broken.LeakyExport})
    assert messages(problems) == [
        "search.leaky field query mode drop: a canary survived export when passed as "
        "plain str, safe(), unsafe(), hashed(), format()",
        "search.leaky field query mode keep: a canary survived export when passed as plain str",
        "search.leaky field query mode redact: a canary survived export when passed as "
        "plain str, safe(), unsafe(), hashed(), format()",
    ]


def test_an_allowlisted_field_may_survive_but_never_as_plain_str() -> None:
    allowlist = Allowlist([("search.leaky", "query", "reviewed: test fixture")])
    problems = verify_registry({"search.leaky": broken.LeakyExport}, allowlist)
    assert {(p.field, p.mode) for p in problems} == {
        ("query", "redact"), ("query", "drop"), ("query", "keep"),
    }
    assert all(p.message.endswith("passed as plain str") for p in problems)


def test_metadata_calling_a_redactable_field_safe() -> None:
    problems = verify_registry({"file.opened": broken.SafeDeclaredRedactable})
    assert messages(problems) == [
        "file.opened field path: annotated RedactableStr, but its declaration calls for SafeStr"
    ]


def test_a_registry_consistent_with_itself_is_checked_against_the_schemas() -> None:
    registry: dict[str, type[Event]] = {"file.saved": broken.SafeEverywhere}
    assert verify_registry(registry) == []
    truth = {
        "file.saved": EventMeta(
            "file.saved", 1, (FieldInfo("path", "string", "sensitive", required=True),)
        )
    }
    assert messages(verify_registry(registry, None, truth)) == [
        "file.saved field path: META declares sensitivity 'safe', the schema says 'sensitive'",
        "file.saved field path: annotated SafeStr, but its declaration calls for RedactableStr",
        "file.saved field path mode drop: a canary survived export when passed as safe()",
        "file.saved field path mode redact: a canary survived export when passed as safe()",
    ]


def test_registry_and_schemas_must_name_the_same_events() -> None:
    truth = {"legacy.opened": LegacyOpened.META, "search.gone": LegacyOpened.META}
    problems = verify_registry(
        {"legacy.opened": LegacyOpened, "search.submitted": SearchSubmitted}, None, truth
    )
    assert messages(problems) == [
        "search.gone: defined by the schemas, missing here",
        "search.submitted: registered but not defined by the schemas",
    ]


def test_structural_problems() -> None:
    registry = {
        "file.closed": broken.OptionalMismatch,
        "file.moved": broken.Undeclared,
        "wrong.key": LegacyOpened,
        "not.event": dict,
    }
    assert messages(verify_registry(registry)) == [
        "file.closed field count: annotated int | None, but its declaration calls for int",
        "file.closed field count: has a default but is declared required",
        "file.moved field note: is a class field with no declaration",
        "file.moved field target: is declared but not a class field",
        "not.event: is registered with something that is not an Event",
        "wrong.key: META names the event 'legacy.opened'",
    ]


def test_problems_name_the_property_and_its_attribute() -> None:
    problems = verify_registry({"user.invited": broken.SnakeTypedSensitive})
    assert messages(problems) == [
        "user.invited field inviteeEmail (attribute invitee_email): annotated SafeStr, "
        "but its declaration calls for RedactableStr"
    ]
    assert (problems[0].field, problems[0].attribute) == ("inviteeEmail", "invitee_email")


def test_declarations_are_matched_to_class_fields_by_attribute() -> None:
    assert messages(verify_registry({"file.counted": broken.AttributeNotDeclared})) == [
        "file.counted field line_count: is a class field with no declaration",
        "file.counted field lineCount: is declared but not a class field",
    ]


def test_canaries_are_planted_by_attribute_and_reported_by_property() -> None:
    registry: dict[str, type[Event]] = {"file.shared": broken.SafeCamelEverywhere}
    assert verify_registry(registry) == []
    [declared] = broken.SafeCamelEverywhere.META.fields
    truth = {
        "file.shared": EventMeta(
            "file.shared", 1, (dataclasses.replace(declared, sensitivity="sensitive"),)
        )
    }
    assert messages(verify_registry(registry, None, truth)) == [
        "file.shared field filePath (attribute file_path): META declares sensitivity 'safe', "
        "the schema says 'sensitive'",
        "file.shared field filePath (attribute file_path): annotated SafeStr, but its "
        "declaration calls for RedactableStr",
        "file.shared field filePath (attribute file_path) mode drop: a canary survived export "
        "when passed as safe()",
        "file.shared field filePath (attribute file_path) mode redact: a canary survived "
        "export when passed as safe()",
    ]


def test_an_attribute_differing_from_the_schemas_is_reported() -> None:
    fields = tuple(
        dataclasses.replace(info, attribute="results") if info.name == "resultCount" else info
        for info in SearchSubmitted.META.fields
    )
    truth = {"search.submitted": dataclasses.replace(SearchSubmitted.META, fields=fields)}
    assert messages(verify_registry({"search.submitted": SearchSubmitted}, None, truth)) == [
        "search.submitted field resultCount: META holds it in attribute 'result_count', "
        "the schema gives 'results'",
        "search.submitted field result_count: is a class field with no declaration",
        "search.submitted field resultCount (attribute results): is declared but not a class "
        "field",
    ]


def test_a_numeric_personal_id_is_planted_and_caught() -> None:
    problems = verify_registry({"user.seen": broken.LeakyUserId})
    assert {(p.field, p.mode) for p in problems} == {("userId", "redact"), ("userId", "drop")}


def test_an_allowlisted_hashed_field_must_still_leave_as_its_digest() -> None:
    allowlist = Allowlist([("repo.cloned@3", "repo", "reviewed: test fixture")])
    assert verify_registry({"repo.cloned": broken.RawHashedWhenAllowed}) == []
    problems = verify_registry({"repo.cloned": broken.RawHashedWhenAllowed}, allowlist)
    hashed = {(p.field, p.mode) for p in problems if "hashed()" in p.message}
    assert hashed >= {("repo", "redact"), ("repo", "drop")}


def test_an_entry_for_another_version_excuses_nothing() -> None:
    allowlist = Allowlist([("search.leaky@2+", "query", "reviewed for version 2")])
    problems = verify_registry({"search.leaky": broken.LeakyExport}, allowlist)
    assert messages(problems) == messages(verify_registry({"search.leaky": broken.LeakyExport}))
