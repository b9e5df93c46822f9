"""environment.yml (conda) lists the same dependencies as pyproject.toml."""

from __future__ import annotations

import re
import tomllib


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ :\[]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_matches_pyproject(project_root):
    project = tomllib.loads((project_root / "pyproject.toml").read_text())["project"]
    wanted = {r.replace(" ", "") for r in project["dependencies"]}
    wanted |= {r.replace(" ", "") for r in project["optional-dependencies"]["dev"]}
    conda = set()
    text = (project_root / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        match = re.match(r"^  - ([A-Za-z0-9_.-]+.*)$", line)
        if match and _name(match.group(1)) not in ("python", "pip"):
            conda.add(match.group(1).split("#")[0].strip().replace(" ", ""))
    assert conda == wanted


def test_python_floor_matches(project_root):
    project = tomllib.loads((project_root / "pyproject.toml").read_text())["project"]
    floor = project["requires-python"].removeprefix(">=")
    assert f"python>={floor}" in (project_root / "environment.yml").read_text()
