from __future__ import annotations

import pytest

from .project import Project, build_project


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The test project, built once per session."""
    return build_project(tmp_path_factory.mktemp("project"))
