"""The indicator catalogue file: read once, checked entry by entry."""

from __future__ import annotations

import copy
from importlib import resources

import pytest
import yaml

from kzmach.metadata import catalogue
from kzmach.metadata.catalogue import CatalogueError, parse_catalogue


@pytest.fixture(scope="module")
def entries():
    text = (resources.files("kzmach.metadata") / "indicators.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def test_the_shipped_catalogue_loads(entries):
    assert len(parse_catalogue(entries)) == len(entries) == len(catalogue.ids())
    assert catalogue.get("mb_output").names["kk"] == "Машина жасау өнімінің көлемі"


def test_russian_and_kazakh_names_swapped_are_refused(entries):
    swapped = copy.deepcopy(entries)
    names = swapped[0]["names"]
    names["ru"], names["kk"] = names["kk"], names["ru"]
    with pytest.raises(CatalogueError, match=r"entry 1 \(mb_output\), names.ru: a Russian name"):
        parse_catalogue(swapped)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e["names"].pop("kk"), "names.kk: missing"),
        (lambda e: e["names"].update(en="Машиностроение"), "names.en: an English name in Cyrillic"),
        (lambda e: e.update(unit="bn tenge"), "unit: unknown unit 'bn tenge'"),
        (lambda e: e.update(basis="real"), "basis: unknown basis 'real'"),
        (lambda e: e.update(colour="red"), "unknown key 'colour'"),
        (lambda e: e.pop("description"), "missing 'description'"),
    ],
)
def test_a_mistake_is_named_by_entry_and_key(entries, change, message):
    broken = copy.deepcopy(entries)
    change(broken[0])
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(broken)


def test_duplicate_ids_and_bad_levels_are_refused(entries):
    doubled = [*copy.deepcopy(entries), copy.deepcopy(entries[0])]
    with pytest.raises(CatalogueError, match="the id is used twice"):
        parse_catalogue(doubled)
    growth = next(i for i, e in enumerate(entries) if e.get("level"))
    broken = copy.deepcopy(entries)
    broken[growth]["level"] = broken[growth]["id"]  # a growth indicator is no level
    with pytest.raises(CatalogueError, match="is no level"):
        parse_catalogue(broken)
