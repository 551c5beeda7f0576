"""Messages that say how to fix what they report."""

from __future__ import annotations

from .project import PRELUDE, Project, check_module


def messages(project: Project, snippet: str) -> list[str]:
    return [f"{f.code} {f.message}" for f in check_module(project, PRELUDE + snippet)]


def test_a_misspelt_event_names_the_closest_one(project: Project) -> None:
    found = messages(project, 'analytics.track("search.submited", {"resultCount": 1})\n')
    assert found == [
        "RL101 event 'search.submited' is not in the registry (did you mean "
        "'search.submitted'?): add its schema or fix the name"
    ]


def test_a_name_close_to_none_suggests_nothing(project: Project) -> None:
    (found,) = messages(project, 'analytics.track("billing.paid", {"amount": 1})\n')
    assert "did you mean" not in found


def test_a_misspelt_field_names_the_closest_one(project: Project) -> None:
    found = messages(project, 'analytics.track("search.submitted", {"resultCont": 1})\n')
    assert any(
        m.startswith("RL103 'resultCont' is not a field of search.submitted (did you mean "
                     "'resultCount'?) (fields: ")
        for m in found
    ), found


def test_a_path_part_is_text_of_unknown_safety_not_a_value_of_unknown_kind(
    project: Project,
) -> None:
    found = messages(project, (
        "import os\n\n\n"
        "def opened(path: str) -> None:\n"
        "    vendor.send({'extension': os.path.splitext(path)[1]})\n"
    ))
    assert found and all("text of unknown safety" in m for m in found), found


def test_an_object_built_from_the_callers_arguments_is_not_wrapped_in_redacted(
    project: Project,
) -> None:
    """``redacted`` walks text, mappings and sequences and hands an object back as it is:
    wrapping one would silence the finding and redact nothing."""
    from redactlint.analysis.findings import FixKind

    from .project import PRELUDE_LINES

    found = check_module(project, PRELUDE + (
        "from unknownlib import Wrapper\n\n\n"
        "def soft_delete(urn: str) -> None:\n"
        "    vendor.send(Wrapper(entity=urn))\n"
        "    vendor.send({'urn': urn})\n"
    ))
    fixes = {(f.line - PRELUDE_LINES, f.fix) for f in found if f.code == "RL004"}
    assert fixes == {(5, None), (6, FixKind.WRAP_REDACTED)}, found


def test_properties_of_unknown_kind_are_not_called_a_mapping(project: Project) -> None:
    """A message object (a protobuf, say) handed as the properties is no mapping."""
    found = messages(project, (
        "from unknownlib import PageProfile\n\n\n"
        "def profiled(profile: PageProfile, extra: dict) -> None:\n"
        "    analytics.track('search.submitted', profile)\n"
        "    analytics.track('search.submitted', extra)\n"
    ))
    rl003 = [m for m in found if m.startswith("RL003")]
    assert any("the value 'profile'" in m for m in rl003), found
    assert any("the mapping 'extra'" in m for m in rl003), found


def test_rl004_on_a_container_says_what_it_holds(project: Project) -> None:
    """RL003 calls it a sequence; RL004 at the same place says so too."""
    found = messages(project, (
        "def listed(names: list[str]) -> None:\n"
        "    vendor.send(names)\n"
    ))
    assert any(m.startswith("RL004 a sequence holding text of unknown safety passed to")
               for m in found), found
