"""One prepared configuration per project, prepared again when its inputs change.

Preparing (reading the schemas, the allowlist, the sinks' signatures) is what a check
run does once; the server does it once per project and keeps it while the inputs
stay the same. Before each check it compares their sizes and modification times
(``pyproject.toml``, every schema file, the registry module, the safe-types
allowlist), so an edit to any of them is seen on the next keystroke whether or not
the editor reports watched files; a reported change also forgets which
``pyproject.toml`` each directory belongs to, so a new one is found.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..analysis import Config, Settings, UsageError, load_config, prepare
from ..analysis.runner import ProjectCheck

Stamp = tuple[tuple[str, int, int], ...]


@dataclass
class Project:
    """A configuration and what it prepared (or the error that stopped it)."""

    config: Config
    stamp: Stamp
    settings: Settings | None
    error: UsageError | None
    # The project's call-site answers, found when a check first asks (from the files
    # on disk) and found again once a file is saved or changes on disk.
    answers: ProjectCheck | None = None


class Projects:
    """The projects of the open documents, by the ``pyproject.toml`` that configures them."""

    def __init__(self) -> None:
        self._config_files: dict[Path, Path] = {}
        self._projects: dict[Path, Project] = {}

    def settings_for(self, path: Path) -> tuple[Config, Settings]:
        """The configuration and settings that check ``path``; a ``UsageError`` names a
        missing or broken configuration."""
        config_file = self._config_files.get(path.parent)
        if config_file is None:
            config = load_config([path])
            config_file = config.source or config.root / "pyproject.toml"
            self._config_files[path.parent] = config_file
        project = self._projects.get(config_file)
        if project is None or project.stamp != stamp(project.config):
            project = self._prepare(config_file)
            self._projects[config_file] = project
        if project.error is not None:
            raise project.error
        assert project.settings is not None
        return project.config, project.settings

    def answers_for(self, settings: Settings) -> ProjectCheck | None:
        """The call-site answers of the project ``settings`` were prepared for."""
        for project in self._projects.values():
            if project.settings is settings:
                if project.answers is None:
                    project.answers = ProjectCheck(settings)
                return project.answers
        return None

    def forget_answers(self) -> None:
        """A file was saved or changed on disk: what its calls pass may have changed."""
        for project in self._projects.values():
            if project.answers is not None:
                project.answers.forget()

    def forget(self) -> None:
        """Find each directory's ``pyproject.toml`` again (one was added or removed)."""
        self._config_files.clear()
        self._projects.clear()

    def _prepare(self, config_file: Path) -> Project:
        try:
            config = load_config([], config_file)
        except UsageError as error:  # broken now; seen again once the file changes
            config = Config(root=config_file.parent, source=config_file)
            return Project(config, stamp(config), None, error)
        before = stamp(config)
        try:
            settings = prepare(config, cache=True)
        except UsageError as error:
            return Project(config, before, None, error)
        return Project(config, before, settings, None)


def stamp(config: Config) -> Stamp:
    """Size and modification time of every file the configuration is read from."""
    paths = [config.source, config.registry_path, config.safe_types_allowlist]
    if config.schemas is not None:
        try:
            entries = sorted(os.scandir(config.schemas), key=lambda entry: entry.name)
        except OSError:
            entries = []
        paths += [Path(entry.path) for entry in entries if entry.name.endswith(".json")]
        paths.append(config.schemas)
    found = []
    for path in paths:
        if path is None:
            continue
        try:
            status = path.stat()
        except OSError:
            found.append((str(path), -1, -1))
            continue
        found.append((str(path), status.st_mtime_ns, status.st_size))
    return tuple(found)
