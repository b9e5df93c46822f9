"""The examples in kzmach's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import pytest

import kzmach


def _with_examples() -> list[str]:
    """The modules whose source holds a doctest example (``>>>``)."""
    names = []
    for info in pkgutil.walk_packages(kzmach.__path__, "kzmach."):
        spec = importlib.util.find_spec(info.name)
        origin = spec.origin if spec else None
        if origin and origin.endswith(".py") and ">>> " in Path(origin).read_text("utf-8"):
            names.append(info.name)
    return sorted(names)


MODULES = _with_examples()


def test_methods_cite_their_references():
    from kzmach.analysis import divisions, share, target_checks, trend

    for function in (
        trend.log_linear_trend,
        trend.forecast,
        target_checks.feasibility,
        target_checks.price_flag,
        divisions.division_contributions,
        share.manufacturing_contributions,
    ):
        text = function.__doc__ or ""
        assert "Notes\n    -----" in text and "References\n    ----------" in text, function


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    results = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert results.attempted and results.failed == 0
