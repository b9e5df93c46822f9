"""environment.yml (conda) lists the same dependencies as pyproject.toml."""

from __future__ import annotations

import re
import tomllib

import pytest


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


def test_the_lock_pins_every_dependency(project_root):
    """requirements.lock (make lock) pins an exact version of every declared requirement."""
    lock = (project_root / "requirements.lock").read_text()
    pinned = {
        _name(line): line.split("==", 1)[1]
        for line in lock.splitlines()
        if line and not line.startswith("#")
    }
    assert all("==" in line for line in lock.splitlines() if line and not line.startswith("#"))
    project = tomllib.loads((project_root / "pyproject.toml").read_text())["project"]
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        name = _name(requirement).replace("_", "-")
        assert name in {n.replace("_", "-") for n in pinned}, f"{name} is not in requirements.lock"


def test_lab_opens_python_notebooks_as_notebooks(project_root):
    import json

    overrides = json.loads((project_root / "notebooks/jupyterlab-overrides.json").read_text())
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["python"] == "Jupytext Notebook"
    assert "notebooks/jupyterlab-overrides.json" in (project_root / "Makefile").read_text()


def _installer(project_root, tmp_path, python=None, **env):
    """Which installer scripts/environment.sh picks, run in an empty folder with ``env``."""
    import shutil
    import subprocess
    import sys

    shutil.copy(project_root / "requirements.lock", tmp_path / "requirements.lock")
    return subprocess.run(
        [
            "bash",
            str(project_root / "scripts/environment.sh"),
            "installer",
            # the Python the venv was made from: a machine's own Python, with its pip
            python or getattr(sys, "_base_executable", sys.executable),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        # no uv on the PATH (the venv's bin is left out) and no index to fetch it from
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "PIP_CONFIG_FILE": "/dev/null",
            "PIP_INDEX_URL": "http://127.0.0.1:9/simple",
            "PIP_FIND_LINKS": "",
            "PIP_RETRIES": "0",
            "PIP_TIMEOUT": "1",
            **env,
        },
    )


@pytest.mark.slow
def test_without_uv_the_install_falls_back_to_pip_with_a_notice(project_root, tmp_path):
    done = _installer(project_root, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "pip"
    version = next(
        line.split("==")[1]
        for line in (project_root / "requirements.lock").read_text().splitlines()
        if line.startswith("uv==")
    )
    assert f"installing uv {version} with pip into .tools/uv" in done.stderr
    assert "uv could not be had; installing with plain pip instead" in done.stderr
    assert not (tmp_path / ".tools").exists()  # a failed bootstrap leaves nothing behind


def test_the_fallback_can_be_forced_and_uv_can_be_required(project_root, tmp_path):
    forced = _installer(project_root, tmp_path, KZMACH_INSTALLER="pip")
    assert (forced.returncode, forced.stdout.strip()) == (0, "pip")
    assert "KZMACH_INSTALLER=pip" in forced.stderr
    # a Python that cannot make the bootstrap venv: uv cannot be had, at once
    required = _installer(project_root, tmp_path, python="/bin/false", KZMACH_INSTALLER="uv")
    assert required.returncode != 0
    assert "KZMACH_INSTALLER=uv, but uv could not be installed" in required.stderr
