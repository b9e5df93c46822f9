"""Every processed table declared once: the build validates against it, polars reads it the
same way, the README and the data dictionary are generated from it, and ``as_of`` is one rule
for every table."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import kzmach
from kzmach.data import AS_OF_FORMS, as_of_date
from kzmach.metadata.schemas import polars_schema, validate_table
from kzmach.metadata.tables import TABLES, data_dictionary_markdown, table
from kzmach.pipeline.build import TABLES as BUILT

ROOT = Path(__file__).resolve().parents[1]


def test_the_build_writes_exactly_the_declared_tables(built):
    assert tuple(t.name for t in TABLES) == BUILT
    for declared in TABLES:
        frame = pd.read_parquet(built / "data/processed" / f"{declared.name}.parquet")
        assert tuple(frame.columns) == declared.column_names, declared.name
        assert set(declared.key) <= set(declared.column_names)
        assert not declared.vintage or declared.vintage in declared.column_names


@pytest.mark.parametrize("declared", TABLES, ids=lambda t: t.name)
def test_every_built_table_satisfies_its_declaration_in_pandas_and_polars(built, declared):
    path = built / "data/processed" / f"{declared.name}.parquet"
    assert validate_table(declared.name, pd.read_parquet(path)) == []
    polars_schema(declared.name).validate(pl.read_parquet(path))


def test_a_table_that_breaks_its_declaration_is_named_by_row_and_column(built):
    claims = pd.read_parquet(built / "data/processed/claims.parquet")
    broken = claims.copy()
    broken.loc[3, "verdict"] = "plausible"  # not a verdict of the vocabulary
    problems = validate_table("claims", broken)
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("data/processed/claims", 5, "verdict")
    ]
    assert "plausible" in problems[0].message
    # a repeated key: the same claim tested twice against the same levels
    repeated = pd.concat([claims, claims.iloc[[0]]], ignore_index=True)
    repeats = validate_table("claims", repeated)
    assert repeats and all(p.column == "" or p.column in table("claims").key for p in repeats)
    # polars refuses the same value
    import pandera.errors

    with pytest.raises(pandera.errors.SchemaError, match="verdict"):
        polars_schema("claims").validate(pl.from_pandas(broken))


def test_the_build_refuses_a_table_that_breaks_its_declaration(built, monkeypatch):
    from kzmach.analysis import claims as claims_module
    from kzmach.errors import ValidationFailed
    from kzmach.pipeline.build import build

    original = claims_module.check_claims

    def with_a_stray_verdict(observations):
        claims = original(observations)
        claims.loc[0, "verdict"] = "plausible"
        return claims

    monkeypatch.setattr(claims_module, "check_claims", with_a_stray_verdict)
    with pytest.raises(ValidationFailed, match=r"data/processed/claims, row 2, column verdict"):
        build(built, force=True)


def test_the_data_dictionary_is_generated_from_the_declarations():
    dictionary = (ROOT / "docs/data-dictionary.md").read_text(encoding="utf-8")
    assert dictionary == data_dictionary_markdown(), (
        "regenerate: python -m kzmach.metadata.tables > docs/data-dictionary.md"
    )


def test_vocabularies_are_referred_to_not_restated():
    from kzmach.metadata import vocabulary
    from kzmach.report.charts.common import STATUSES
    from kzmach.report.charts.style import STATUS_COLOURS

    assert STATUSES == vocabulary.HEADLINE_STATUSES == tuple(STATUS_COLOURS)
    assert set(vocabulary.TARGET_STATUSES) < set(vocabulary.HEADLINE_STATUSES)
    gap = {c.name: c for c in table("target_gap").columns}
    assert gap["status"].allowed == vocabulary.TARGET_STATUSES
    assert gap["headline_status"].allowed == vocabulary.HEADLINE_STATUSES
    claims = {c.name: c for c in table("claims").columns}
    assert claims["verdict"].allowed == vocabulary.CLAIM_VERDICTS
    assert claims["tested_against"].allowed == vocabulary.CLAIM_TESTED_AGAINST
    observations = {c.name: c for c in table("observations").columns}
    assert "derived" in observations["figure_type"].allowed
    assert set(vocabulary.VALUE_FORMS) == {
        form for forms in vocabulary.VALUE_FORMS_BY_BASIS.values() for form in forms
    }
    for name in ("figure_type", "value_form", "scope", "vintage_precision"):
        column = observations[name]
        assert column.allowed, name
        assert all(value in column.description for value in column.allowed), name


# --- one as_of ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "day"),
    [
        (None, None),
        (2023, date(2023, 12, 31)),
        ("2023", date(2023, 12, 31)),
        ("2024-02", date(2024, 2, 29)),
        ("2023-06-15", date(2023, 6, 15)),
        (date(2023, 6, 15), date(2023, 6, 15)),
        (datetime(2023, 6, 15, 18, 30), date(2023, 6, 15)),
        (pd.Timestamp("2023-06-15 09:00"), date(2023, 6, 15)),
        ("2023-06-15T09:00", date(2023, 6, 15)),
    ],
)
def test_as_of_takes_a_year_a_month_a_date_or_a_datetime(given, day):
    assert as_of_date(given) == day


@pytest.mark.parametrize("given", ["2023-13", "last year", "15.06.2023", 20231, 2023.5])
def test_an_unreadable_as_of_is_refused_naming_the_forms(given):
    with pytest.raises(ValueError) as refused:
        as_of_date(given)
    assert AS_OF_FORMS in str(refused.value)


#: Every facade function that returns a table and takes as_of.
AS_OF_TABLES = {
    "observations": lambda **kw: kzmach.observations(**kw),
    "observations (polars)": lambda **kw: kzmach.observations(backend="polars", **kw),
    "series": lambda **kw: kzmach.series("mb_output", **kw),
    "sources": lambda **kw: kzmach.sources(**kw),
    "sources (polars)": lambda **kw: kzmach.sources(backend="polars", **kw),
    "conflicts": lambda **kw: kzmach.conflicts(**kw),
    "targets": lambda **kw: kzmach.targets(**kw),
    "claims": lambda **kw: kzmach.claims(**kw),
    "target_gap": lambda **kw: kzmach.target_gap(**kw),
    "manufacturing_share": lambda **kw: kzmach.manufacturing_share(**kw),
    "releases": lambda **kw: kzmach.releases(**kw),
    "release_values": lambda **kw: kzmach.release_values(**kw),
    "roadmap_measures": lambda **kw: kzmach.roadmap_measures(**kw),
}


@pytest.mark.parametrize("name", AS_OF_TABLES)
def test_every_facade_table_takes_as_of_the_same_way(built, name):
    function = AS_OF_TABLES[name]
    # a year and a Timestamp of its last day are the same day, so the same rows
    as_text, as_timestamp = (
        function(as_of=f, root=built) for f in ("2023", pd.Timestamp(2023, 12, 31))
    )
    assert len(as_text) == len(as_timestamp) <= len(function(root=built)), name
    if isinstance(as_text, pd.DataFrame):
        pd.testing.assert_frame_equal(as_text, as_timestamp)


def test_every_form_of_one_day_gives_the_same_observations(built):
    forms = ["2023", 2023, "2023-12", "2023-12-31", date(2023, 12, 31), datetime(2023, 12, 31, 9)]
    results = [kzmach.observations(as_of=form, root=built) for form in forms]
    for result in results[1:]:
        pd.testing.assert_frame_equal(result, results[0])
    assert len(results[0]) < len(kzmach.observations(root=built))


def test_sources_as_of_keeps_what_was_published_by_then(built):
    everything = kzmach.sources(root=built)
    then = kzmach.sources(as_of="2023", root=built)
    published = then["published"].str.slice(0, 10)
    assert ((published == "") | (published <= "2023-12-31")).all()
    later = everything[everything["published"].str.slice(0, 10) > "2023-12-31"]
    assert len(later) and not set(later["source_id"]) & set(then["source_id"])
    polars = kzmach.sources(as_of="2023", backend="polars", root=built)
    assert sorted(polars["source_id"].to_list()) == sorted(then["source_id"])


def test_the_mappings_value_forms_are_of_the_vocabulary():
    from kzmach.metadata.vocabulary import VALUE_FORMS
    from kzmach.raw.releases.mapping import MEASURE_VALUE_FORMS

    assert set(MEASURE_VALUE_FORMS) <= set(VALUE_FORMS)
